using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Cases;

public enum CaseStatus
{
    Aangemeld,
    Geagendeerd,
    InBehandeling,
    Doorbraak,
    Afgesloten,
}

/// <summary>The five rules of thumb (vijf vuistregels): every case is assessed and closed on them.</summary>
public enum Vuistregel
{
    Wonen,
    Financien,
    Daginvulling,
    Ondersteuning,
    Leefomgeving,
}

public enum VuistregelStatus
{
    Onbekend,
    Zorgelijk,
    Wankel,
    OpOrde,
}

public enum Position
{
    Agree,
    Abstain,
    Object,
}

public enum CostPeriod
{
    PerYear,
    PerMonth,
    PerWeek,
    Once,
}

public enum ActionStatus
{
    Open,
    Overdue,
    Done,
}

public enum RoadmapStep
{
    Inventarisatie,
    Consultatie,
    Definitief,
}

public enum SignalStatus
{
    Open,
    Escalated,
    Resolved,
}

/// <summary>Someone at the table: a professional and the organisation they act for.</summary>
public sealed record Participant(string UserId, string OrganisationId);

/// <summary>Who brought the case in: a professional and their organisation.</summary>
public sealed record Referrer(string UserId, string OrganisationId);

/// <summary>Whether the resident was told of the referral, and if not, the recorded reason why not.</summary>
public sealed record ResidentInformed(bool Informed, string? ReasonIfNot);

public sealed record Mandate(string Person, string Role, string Organisation, string Reference);

public sealed record RuleDeviation(string Rule, string Reason, Mandate Mandate, string? LegalHook, DateOnly? Until);

public sealed record CostItem(string Label, decimal Amount, CostPeriod Period)
{
    /// <summary>Once-only costs count fully in the first year.</summary>
    public decimal PerYear => Period switch
    {
        CostPeriod.PerYear => Amount,
        CostPeriod.PerMonth => Amount * 12,
        CostPeriod.PerWeek => Amount * 52,
        _ => Amount,
    };
}

/// <summary>Cost of the current path against the proposed one; an estimate, as practice labels it.</summary>
public sealed record CostComparison(IReadOnlyList<CostItem> Current, IReadOnlyList<CostItem> Proposed)
{
    /// <summary>What the proposed path saves per year (negative when it costs more).</summary>
    public decimal YearlyDifference => Current.Sum(i => i.PerYear) - Proposed.Sum(i => i.PerYear);
}

public sealed record VuistregelOutcome(Vuistregel Vuistregel, VuistregelStatus Status, string? Note);

/// <param name="TableId">The table the case is brought in at; none in cases opened before tables were named (then any table of the referrer's organisation).</param>
public sealed record CaseOpened(
    Guid CaseId, string Title, CategorisedText Bottleneck, Referrer Referrer, Guid? ResidentId, ResidentInformed? ResidentInformed, DateTimeOffset OpenedAt,
    Guid? TableId = null);

public sealed record ResidentVoiceRecorded(Guid CaseId, CategorisedText Words, CategorisedText? Wishes, Participant RecordedBy, DateTimeOffset RecordedAt);

public sealed record CaseScheduled(Guid CaseId, Guid MeetingId, Guid TableId, DateOnly MeetingDate);

public sealed record CaseTakenUp(Guid CaseId, Guid MeetingId, DateTimeOffset At);

public sealed record VuistregelAssessed(Guid CaseId, Vuistregel Vuistregel, VuistregelStatus Status, CategorisedText? Note, Participant By, DateTimeOffset At);

/// <summary>
/// The sharing organisation's weighing before personal data goes to the table ("informeer, motiveer,
/// documenteer"): purpose, its own legal basis, necessity, proportionality, subsidiarity, and whether the
/// resident was told (or why not).
/// </summary>
public sealed record SharingWeighing(
    string Purpose, string Basis, string Necessity, string Proportionality, string Subsidiarity, bool ResidentInformed, string? NotInformedReason);

public sealed record ContributionAdded(Guid CaseId, Guid ContributionId, CategorisedText Text, SharingWeighing Weighing, Participant By, Guid? MeetingId, DateTimeOffset At);

public sealed record ProposalMade(Guid CaseId, Guid ProposalId, CategorisedText Text, Participant By, DateTimeOffset At);

public sealed record PositionTaken(Guid CaseId, Guid ProposalId, Position Position, string? Reason, Participant By, DateTimeOffset At);

public sealed record DecisionRecorded(
    Guid CaseId,
    Guid DecisionId,
    CategorisedText What,
    CategorisedText Why,
    Guid? ProposalId,
    Guid? MeetingId,
    bool BetweenMeetings,
    bool Breakthrough,
    RuleDeviation? RuleDeviation,
    CostComparison? CostComparison,
    Participant By,
    DateTimeOffset At);

public sealed record ActionAssigned(Guid CaseId, Guid ActionId, CategorisedText Description, Participant Owner, DateOnly Due, Vuistregel Vuistregel, Participant By, DateTimeOffset At);

public sealed record ActionCompleted(Guid CaseId, Guid ActionId, string? Note, Participant By, DateTimeOffset At);

public sealed record ActionReminderRecorded(Guid CaseId, Guid ActionId, DateOnly Due, DateTimeOffset At);

public sealed record ActionMarkedOverdue(Guid CaseId, Guid ActionId, DateOnly Due, DateTimeOffset At);

public sealed record HousingProfileRecorded(
    Guid CaseId, CategorisedText? Wishes, CategorisedText? SupportConditions, CategorisedText? Income, CategorisedText? Risks, Participant By, DateTimeOffset At);

public sealed record RoadmapStepReached(Guid CaseId, RoadmapStep Step, DateOnly On, string? Note, Participant By, DateTimeOffset At);

public sealed record SystemSignalRaised(Guid CaseId, Guid SignalId, Guid TableId, string Flaw, string RuleOrPolicy, string EscalatedTo, Participant By, DateTimeOffset At);

public sealed record SystemSignalStatusChanged(Guid CaseId, Guid SignalId, SignalStatus Status, string? Note, Participant By, DateTimeOffset At);

/// <summary>
/// A chair of a table where the case is or was on the agenda involves an organisation that is not at
/// that table, with the reason: from then on, until the case is closed and its follow-up period over,
/// that organisation has need to know (privacy/dpia.md, M1). The decision's id names the basis of
/// each disclosure to it in the log.
/// </summary>
public sealed record OrganisationInvolved(
    Guid CaseId, Guid DecisionId, string OrganisationId, string OrganisationName, OrganisationType OrganisationType, CategorisedText Reason, Participant By, DateTimeOffset At);

public sealed record CaseClosed(Guid CaseId, IReadOnlyList<VuistregelOutcome> Outcomes, CategorisedText Summary, DateOnly? FollowUpOn, Participant By, DateTimeOffset At);
