using Marten;
using Marten.Events.Projections;

namespace DoorbraakTafel.Cases.Signalling;

/// <summary>A system signal as the table's list shows it; built asynchronously from the case streams.</summary>
public sealed record SignalItem(Guid Id, Guid CaseId, Guid TableId, string Flaw, string RuleOrPolicy, string EscalatedTo, SignalStatus Status, DateTimeOffset RaisedAt);

internal sealed class SignalItemProjection : MultiStreamProjection<SignalItem, Guid>
{
    public SignalItemProjection()
    {
        Identity<SystemSignalRaised>(e => e.SignalId);
        Identity<SystemSignalStatusChanged>(e => e.SignalId);
    }

    public static SignalItem Create(SystemSignalRaised e) => new(e.SignalId, e.CaseId, e.TableId, e.Flaw, e.RuleOrPolicy, e.EscalatedTo, SignalStatus.Open, e.At);

    public static SignalItem Apply(SystemSignalStatusChanged e, SignalItem item) => item with { Status = e.Status };
}

internal static class OpenSignals
{
    public static async Task<IReadOnlyList<SignalItem>> OfTable(Guid tableId, IQuerySession query, CancellationToken cancellationToken) =>
        await query.Query<SignalItem>()
            .Where(s => s.TableId == tableId && s.Status != SignalStatus.Resolved)
            .OrderBy(s => s.RaisedAt)
            .ToListAsync(cancellationToken);
}
