using System.Collections.Immutable;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Infrastructure;

namespace DoorbraakTafel.Cases;

public sealed record ActionState(Participant Owner, DateOnly Due, ActionStatus Status, bool Reminded);

/// <summary>
/// Write state of a case: only what its decide functions need, read off the case document that the
/// inline projection keeps with every append. A write so loads one document, and Marten applies the
/// new events to that same instance instead of loading it again (docs/benchmarks.md, issue 5).
/// </summary>
/// <param name="Decisions">The decisions as they stand, by id: a correction changes one and says what it changed.</param>
/// <param name="Category">The case's own category (its bottleneck's), for texts about the case as a whole.</param>
public sealed record Case(
    Guid Id,
    CaseStatus Status,
    string ReferrerOrganisationId,
    Guid? ResidentId,
    ImmutableHashSet<Guid> Tables,
    ImmutableHashSet<Guid> Meetings,
    ImmutableHashSet<Guid> Proposals,
    ImmutableDictionary<Guid, Decision> Decisions,
    ImmutableDictionary<Guid, ActionState> Actions,
    ImmutableDictionary<Guid, SignalStatus> Signals,
    IReadOnlySet<string> Knowing,
    Privacy.DataCategory Category)
{
    public bool IsClosed => Status == CaseStatus.Afgesloten;

    /// <param name="knowing">
    /// The organisations with need to know of the case now, as the privacy gate decides from its tables
    /// (<see cref="Privacy.Gate.GateRules.OrganisationsWithNeedToKnow"/>); without it, the referrer's
    /// and those a chair involved: what the case's own stream tells.
    /// </param>
    public static Case Of(CaseDetails details, IReadOnlySet<string>? knowing = null) => new(
        details.Id,
        details.Status,
        details.Referrer.OrganisationId,
        details.ResidentId,
        [.. details.Schedule.Select(s => s.TableId)],
        [.. details.Schedule.Select(s => s.MeetingId)],
        [.. details.Proposals.Select(p => p.Id)],
        details.Decisions.ToImmutableDictionary(d => d.Id),
        details.Actions.ToImmutableDictionary(a => a.Id, a => new ActionState(a.Owner, a.Due, a.Status, a.Reminded)),
        details.Signals.ToImmutableDictionary(s => s.Id, s => s.Status),
        knowing ?? new HashSet<string>([details.Referrer.OrganisationId, .. details.InvolvedOrganisations.Select(i => i.OrganisationId)]),
        details.Bottleneck.Category);

    /// <summary>Every change to a case needs it to be open.</summary>
    public void EnsureOpen()
    {
        if (IsClosed)
        {
            throw Rejected.Conflict($"Case {Id} is closed; a closed case takes no further changes.", "Deze casus is afgesloten. Er kan niets meer bij.");
        }
    }
}
