using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Cases.Signalling;

/// <summary>A weeffout: a structural flaw found through a case, escalated to whoever can change the rule or policy.</summary>
internal static class RaiseSignal
{
    /// <param name="Category">The data category of the signal's texts; the case's (its bottleneck's) when left out.</param>
    public sealed record Request(
        [property: Text(2000, MultiLine = true)] string? Flaw, [property: Text(500, MultiLine = true)] string? RuleOrPolicy, [property: Text(200)] string? EscalatedTo, Guid? TableId,
        DataCategory? Category = null);

    public static object[] Decide(
        Case state, Guid signalId, Guid? tableId, string flaw, string ruleOrPolicy, string escalatedTo, DataCategory? category, Participant by, DateTimeOffset now)
    {
        state.EnsureOpen();
        var table = tableId ?? (state.Tables.Count == 1 ? state.Tables.First() : (Guid?)null)
            ?? throw Rejected.Invalid("tableId", "Name the table that found this flaw (the case has been at none or at several).");
        if (!state.Tables.Contains(table))
        {
            throw Rejected.Invalid("tableId", $"The case has not been on the agenda of table {table}.");
        }

        return [new SystemSignalRaised(state.Id, signalId, table, flaw, ruleOrPolicy, escalatedTo, by, now, category ?? state.Category)];
    }

    public static Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var flaw = errors.RequireText("flaw", request.Flaw, 2000);
        var rule = errors.RequireText("ruleOrPolicy", request.RuleOrPolicy, 500);
        var escalatedTo = errors.RequireText("escalatedTo", request.EscalatedTo, 200);
        errors.ThrowIfAny();

        var signalId = Guid.CreateVersion7();
        return CaseWork.Create(http, id, signalId, state => Decide(state, signalId, request.TableId, flaw, rule, escalatedTo, request.Category, user.AsParticipant(), clock.GetUtcNow()));
    }
}
