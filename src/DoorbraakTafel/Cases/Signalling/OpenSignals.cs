using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Marten;
using Marten.Events.Projections;

namespace DoorbraakTafel.Cases.Signalling;

/// <summary>
/// A system signal as the table's list shows it; built asynchronously from the case streams. Its texts
/// are of <paramref name="Category"/>; a signal raised before signals carried one has none here (the gate redacts it).
/// </summary>
[TextsTakeCategoryOf(nameof(Category))]
public sealed record SignalItem(
    Guid Id, Guid CaseId, Guid TableId, [property: PersonalText] string Flaw, [property: PersonalText] string RuleOrPolicy, [property: PersonalText] string EscalatedTo,
    SignalStatus Status, DateTimeOffset RaisedAt, DataCategory? Category = null);

internal sealed class SignalItemProjection : MultiStreamProjection<SignalItem, Guid>
{
    public SignalItemProjection()
    {
        Identity<SystemSignalRaised>(e => e.SignalId);
        Identity<SystemSignalStatusChanged>(e => e.SignalId);
    }

    public static SignalItem Create(SystemSignalRaised e) => new(e.SignalId, e.CaseId, e.TableId, e.Flaw, e.RuleOrPolicy, e.EscalatedTo, SignalStatus.Open, e.At, e.Category);

    public static SignalItem Apply(SystemSignalStatusChanged e, SignalItem item) => item with { Status = e.Status };
}

internal static class OpenSignals
{
    public static Task<IReadOnlyList<SignalView>> Handle(Guid tableId, CurrentUser user, IQuerySession query, PrivacyGate gate, CancellationToken cancellationToken) =>
        OfTableAsync(tableId, user, query, gate, Channel.Api, cancellationToken);

    /// <summary>A table's open signals for whoever is admitted to the table, through the privacy gate; the API and the table page share it.</summary>
    public static async Task<IReadOnlyList<SignalView>> OfTableAsync(Guid tableId, CurrentUser user, IQuerySession query, PrivacyGate gate, Channel channel, CancellationToken cancellationToken)
    {
        await query.AdmittedTableAsync(tableId, user, cancellationToken);
        var signals = await query.Query<SignalItem>()
            .Where(s => s.TableId == tableId && s.Status != SignalStatus.Resolved)
            .OrderBy(s => s.RaisedAt)
            .ToListAsync(cancellationToken);
        return await gate.ViewSignalsAsync(signals, user, channel, cancellationToken);
    }
}
