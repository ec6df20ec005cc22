using System.Text.Json.Serialization;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
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
public sealed record Participant([property: NonPersonal("a professional's user id")] string UserId, [property: NonPersonal("an organisation id")] string OrganisationId);

/// <summary>Who brought the case in: a professional and their organisation.</summary>
public sealed record Referrer([property: NonPersonal("a professional's user id")] string UserId, [property: NonPersonal("an organisation id")] string OrganisationId);

/// <summary>Whether the resident was told of the referral, and if not, the recorded reason why not.</summary>
/// <remarks>The reason takes the category of the case it belongs to (its bottleneck's).</remarks>
public sealed record ResidentInformed(bool Informed, [property: PersonalText] string? ReasonIfNot);

/// <summary>Who authorised a rule deviation; its texts take the category of the decision.</summary>
public sealed record Mandate([property: PersonalText] string Person, [property: PersonalText] string Role, [property: PersonalText] string Organisation, [property: PersonalText] string Reference);

/// <summary>A rule set aside for this case; its texts take the category of the decision.</summary>
public sealed record RuleDeviation([property: PersonalText] string Rule, [property: PersonalText] string Reason, Mandate Mandate, [property: PersonalText] string? LegalHook, DateOnly? Until);

/// <summary>
/// One cost line, its amount in whole cents (docs/decisions.md: amounts in cents); its label is personal text of
/// <paramref name="Category"/> (a detention line is <see cref="DataCategory.Justitie"/>), or of the decision's
/// category where the line names none.
/// </summary>
[TextsTakeCategoryOf(nameof(Category))]
public sealed record CostItem([property: PersonalText] string Label, long AmountInCents, CostPeriod Period, DataCategory? Category = null)
{
    /// <summary>Once-only costs count fully in the first year.</summary>
    public long PerYearInCents => Period switch
    {
        CostPeriod.PerYear => AmountInCents,
        CostPeriod.PerMonth => AmountInCents * 12,
        CostPeriod.PerWeek => AmountInCents * 52,
        _ => AmountInCents,
    };

    /// <summary>
    /// Cost lines stored before amounts were cents hold "Amount" in euros: read into cents, never
    /// written. One tolerant read serves the events and the case documents made from them alike
    /// (docs/decisions.md: amounts in cents).
    /// </summary>
    [JsonInclude]
    [JsonPropertyName("Amount")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private decimal? StoredInEuros
    {
        get => null;
        init => AmountInCents = value is { } euros ? (long)decimal.Round(euros * 100, MidpointRounding.AwayFromZero) : AmountInCents;
    }
}

/// <summary>Cost of the current path against the proposed one; an estimate, as practice labels it.</summary>
public sealed record CostComparison(IReadOnlyList<CostItem> Current, IReadOnlyList<CostItem> Proposed)
{
    /// <summary>What the proposed path saves per year, in cents (negative when it costs more).</summary>
    public long YearlyDifferenceInCents => Current.Sum(i => i.PerYearInCents) - Proposed.Sum(i => i.PerYearInCents);
}

/// <remarks>The note takes the category of the closure's summary.</remarks>
public sealed record VuistregelOutcome(Vuistregel Vuistregel, VuistregelStatus Status, [property: PersonalText] string? Note);

/// <param name="TableId">The table the case is brought in at; none in cases opened before tables were named (then any table of the referrer's organisation).</param>
[TextsTakeCategoryOf(nameof(Bottleneck))]
[StepLabel("Casus aangemeld")]
public sealed record CaseOpened(
    Guid CaseId, [property: NeedToKnowText("names the case in agendas and worklists")] string Title, CategorisedText Bottleneck, Referrer Referrer, Guid? ResidentId, ResidentInformed? ResidentInformed, DateTimeOffset OpenedAt,
    Guid? TableId = null);

[StepLabel("Stem van de bewoner vastgelegd")]
public sealed record ResidentVoiceRecorded(Guid CaseId, CategorisedText Words, CategorisedText? Wishes, Participant RecordedBy, DateTimeOffset RecordedAt);

[StepLabel("Casus ingepland")]
public sealed record CaseScheduled(Guid CaseId, Guid MeetingId, Guid TableId, DateOnly MeetingDate);

[StepLabel("Casus in behandeling")]
public sealed record CaseTakenUp(Guid CaseId, Guid MeetingId, DateTimeOffset At);

[StepLabel("Vuistregel beoordeeld")]
public sealed record VuistregelAssessed(Guid CaseId, Vuistregel Vuistregel, VuistregelStatus Status, CategorisedText? Note, Participant By, DateTimeOffset At);

/// <summary>
/// The sharing organisation's weighing before personal data goes to the table ("informeer, motiveer,
/// documenteer"): purpose, its own legal basis, necessity, proportionality, subsidiarity, and whether the
/// resident was told (or why not).
/// </summary>
/// <remarks>Its texts take the category of the contribution: why it was shared describes what was shared.</remarks>
public sealed record SharingWeighing(
    [property: PersonalText] string Purpose,
    [property: PersonalText] string Basis,
    [property: PersonalText] string Necessity,
    [property: PersonalText] string Proportionality,
    [property: PersonalText] string Subsidiarity,
    bool ResidentInformed,
    [property: PersonalText] string? NotInformedReason);

[TextsTakeCategoryOf(nameof(Text))]
[StepLabel("Nieuwe inbreng")]
public sealed record ContributionAdded(Guid CaseId, Guid ContributionId, CategorisedText Text, SharingWeighing Weighing, Participant By, Guid? MeetingId, DateTimeOffset At);

[StepLabel("Nieuw voorstel")]
public sealed record ProposalMade(Guid CaseId, Guid ProposalId, CategorisedText Text, Participant By, DateTimeOffset At);

/// <remarks>The reason takes the category of the proposal, which the case holds (<see cref="Viewing.Proposal"/>).</remarks>
[StepLabel("Standpunt ingenomen")]
public sealed record PositionTaken(Guid CaseId, Guid ProposalId, Position Position, [property: PersonalText] string? Reason, Participant By, DateTimeOffset At);

[TextsTakeCategoryOf(nameof(Why))]
[StepLabel("Besluit vastgelegd")]
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

/// <summary>
/// A chair corrects a recorded decision: the parts given replace the decision's (null: left as it was), the
/// decision itself stays in the history. The reason takes the decision's category, <paramref name="Category"/>.
/// </summary>
[TextsTakeCategoryOf(nameof(Category))]
[StepLabel("Besluit gecorrigeerd")]
public sealed record DecisionCorrected(
    Guid CaseId,
    Guid DecisionId,
    Guid CorrectionId,
    CategorisedText? What,
    CategorisedText? Why,
    CostComparison? CostComparison,
    DataCategory Category,
    [property: PersonalText] string Reason,
    Participant By,
    DateTimeOffset At);

[StepLabel("Actie toegewezen")]
public sealed record ActionAssigned(Guid CaseId, Guid ActionId, CategorisedText Description, Participant Owner, DateOnly Due, Vuistregel Vuistregel, Participant By, DateTimeOffset At);

/// <remarks>The note takes the category of the action's description, which the case holds (<see cref="Viewing.CaseAction"/>).</remarks>
[StepLabel("Actie afgerond")]
public sealed record ActionCompleted(Guid CaseId, Guid ActionId, [property: PersonalText] string? Note, Participant By, DateTimeOffset At);

[StepLabel("Herinnering voor actie")]
public sealed record ActionReminderRecorded(Guid CaseId, Guid ActionId, DateOnly Due, DateTimeOffset At);

[StepLabel("Actie over tijd")]
public sealed record ActionMarkedOverdue(Guid CaseId, Guid ActionId, DateOnly Due, DateTimeOffset At);

[StepLabel("Woonprofiel bijgewerkt")]
public sealed record HousingProfileRecorded(
    Guid CaseId, CategorisedText? Wishes, CategorisedText? SupportConditions, CategorisedText? Income, CategorisedText? Risks, Participant By, DateTimeOffset At);

[StepLabel("Stap in woonroute")]
public sealed record RoadmapStepReached(Guid CaseId, RoadmapStep Step, DateOnly On, [property: PersonalText(DataCategory.Wonen)] string? Note, Participant By, DateTimeOffset At);

/// <summary>
/// A weeffout found through a case. Its texts are personal text of <paramref name="Category"/>: the raiser's, or the
/// case's (its bottleneck's); signals raised before signals carried one take the case's where the case is at hand.
/// </summary>
[TextsTakeCategoryOf(nameof(Category))]
[StepLabel("Systeemsignaal gemeld")]
public sealed record SystemSignalRaised(
    Guid CaseId, Guid SignalId, Guid TableId, [property: PersonalText] string Flaw, [property: PersonalText] string RuleOrPolicy, [property: PersonalText] string EscalatedTo,
    Participant By, DateTimeOffset At, DataCategory? Category = null);

/// <remarks>The note takes the category of the signal, which the case holds (<see cref="Viewing.Signal"/>).</remarks>
[StepLabel("Systeemsignaal bijgewerkt")]
public sealed record SystemSignalStatusChanged(Guid CaseId, Guid SignalId, SignalStatus Status, [property: PersonalText] string? Note, Participant By, DateTimeOffset At);

/// <summary>
/// A chair of a table where the case is or was on the agenda involves an organisation that is not at
/// that table, with the reason: from then on, until the case is closed and its follow-up period over,
/// that organisation has need to know (privacy/dpia.md, M1). The decision's id names the basis of
/// each disclosure to it in the log.
/// </summary>
[StepLabel("Organisatie betrokken")]
public sealed record OrganisationInvolved(
    Guid CaseId, Guid DecisionId, [property: NonPersonal("an organisation id")] string OrganisationId, [property: NonPersonal("an organisation's name")] string OrganisationName,
    OrganisationType OrganisationType, CategorisedText Reason, Participant By, DateTimeOffset At);

[TextsTakeCategoryOf(nameof(Summary))]
[StepLabel("Casus afgesloten")]
public sealed record CaseClosed(Guid CaseId, IReadOnlyList<VuistregelOutcome> Outcomes, CategorisedText Summary, DateOnly? FollowUpOn, Participant By, DateTimeOffset At);
