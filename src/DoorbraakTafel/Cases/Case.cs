using System.Collections.Immutable;
using DoorbraakTafel.Infrastructure;

namespace DoorbraakTafel.Cases;

public sealed record ActionState(Participant Owner, DateOnly Due, ActionStatus Status, bool Reminded);

/// <summary>
/// Write state of a case: only what its decide functions need. Rebuilt from the stream on each
/// write (Marten live aggregation); never mutated, each event gives a new state.
/// </summary>
public sealed record Case(
    Guid Id,
    CaseStatus Status,
    string ReferrerOrganisationId,
    Guid? ResidentId,
    ImmutableHashSet<Guid> Tables,
    ImmutableHashSet<Guid> Meetings,
    ImmutableHashSet<Guid> Proposals,
    ImmutableDictionary<Guid, ActionState> Actions,
    ImmutableDictionary<Guid, SignalStatus> Signals)
{
    public bool IsClosed => Status == CaseStatus.Afgesloten;

    public static Case Create(CaseOpened opened) =>
        new(opened.CaseId, CaseStatus.Aangemeld, opened.Referrer.OrganisationId, opened.ResidentId, [], [], [], ImmutableDictionary<Guid, ActionState>.Empty, ImmutableDictionary<Guid, SignalStatus>.Empty);

    public Case Apply(CaseScheduled scheduled) => this with
    {
        Tables = Tables.Add(scheduled.TableId),
        Meetings = Meetings.Add(scheduled.MeetingId),
        Status = Status == CaseStatus.Aangemeld ? CaseStatus.Geagendeerd : Status,
    };

    public Case Apply(CaseTakenUp _) => this with { Status = Status is CaseStatus.Aangemeld or CaseStatus.Geagendeerd ? CaseStatus.InBehandeling : Status };

    public Case Apply(ProposalMade made) => this with { Proposals = Proposals.Add(made.ProposalId) };

    public Case Apply(DecisionRecorded decision) => decision.Breakthrough ? this with { Status = CaseStatus.Doorbraak } : this;

    public Case Apply(ActionAssigned assigned) =>
        this with { Actions = Actions.SetItem(assigned.ActionId, new ActionState(assigned.Owner, assigned.Due, ActionStatus.Open, false)) };

    public Case Apply(ActionCompleted completed) => WithAction(completed.ActionId, a => a with { Status = ActionStatus.Done });

    public Case Apply(ActionReminderRecorded reminded) => WithAction(reminded.ActionId, a => a with { Reminded = true });

    public Case Apply(ActionMarkedOverdue overdue) => WithAction(overdue.ActionId, a => a with { Status = ActionStatus.Overdue });

    public Case Apply(SystemSignalRaised raised) => this with { Signals = Signals.SetItem(raised.SignalId, SignalStatus.Open) };

    public Case Apply(SystemSignalStatusChanged changed) => this with { Signals = Signals.SetItem(changed.SignalId, changed.Status) };

    public Case Apply(CaseClosed _) => this with { Status = CaseStatus.Afgesloten };

    /// <summary>Every change to a case needs it to be open.</summary>
    public void EnsureOpen()
    {
        if (IsClosed)
        {
            throw Rejected.Conflict($"Case {Id} is closed; a closed case takes no further changes.");
        }
    }

    private Case WithAction(Guid actionId, Func<ActionState, ActionState> change) =>
        Actions.TryGetValue(actionId, out var action) ? this with { Actions = Actions.SetItem(actionId, change(action)) } : this;
}
