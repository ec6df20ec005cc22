using System.Text.Json.Serialization;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace DoorbraakTafel.Cases.Viewing;

public sealed record Assessment(Vuistregel Vuistregel, VuistregelStatus Status, CategorisedText? Note, Participant By, DateTimeOffset At);

[TextsTakeCategoryOf(nameof(Text))]
public sealed record Contribution(Guid Id, CategorisedText Text, SharingWeighing Weighing, Participant By, Guid? MeetingId, DateTimeOffset At);

public sealed record ProposalPosition(Participant By, Position Position, [property: PersonalText] string? Reason, DateTimeOffset At);

[TextsTakeCategoryOf(nameof(Text))]
public sealed record Proposal(Guid Id, CategorisedText Text, Participant By, DateTimeOffset At, IReadOnlyList<ProposalPosition> Positions);

/// <summary>
/// A decision as it stands: its what, why and cost comparison as last corrected, and each correction with
/// what it replaced, so the decision as recorded stays readable (<see cref="History"/>).
/// </summary>
[TextsTakeCategoryOf(nameof(Why))]
public sealed record Decision(
    Guid Id, CategorisedText What, CategorisedText Why, Guid? ProposalId, Guid? MeetingId, bool BetweenMeetings, bool Breakthrough,
    RuleDeviation? RuleDeviation, CostComparison? CostComparison, Participant By, DateTimeOffset At, IReadOnlyList<DecisionCorrection>? Corrections = null)
{
    /// <summary>The corrections in the order they were made; none on a decision stored before corrections existed.</summary>
    [JsonIgnore]
    public IReadOnlyList<DecisionCorrection> History => Corrections ?? [];

    /// <summary>The decision as it was recorded, before its first correction of each part.</summary>
    public Decision AsRecorded() => History.Count == 0 ? this : this with
    {
        What = History.FirstOrDefault(c => c.WhatBefore is not null)?.WhatBefore ?? What,
        Why = History.FirstOrDefault(c => c.WhyBefore is not null)?.WhyBefore ?? Why,
        CostComparison = History.FirstOrDefault(c => c.CostComparison is not null) is { } first ? first.CostComparisonBefore : CostComparison,
        Corrections = null,
    };
}

/// <summary>
/// One correction of a decision: each part it changed (null where it left the part as it was) next to what
/// that part was before (null before a cost comparison where the decision had none), why, by whom and when.
/// Its texts take the category of the decision.
/// </summary>
public sealed record DecisionCorrection(
    Guid Id,
    CategorisedText? What,
    CategorisedText? WhatBefore,
    CategorisedText? Why,
    CategorisedText? WhyBefore,
    CostComparison? CostComparison,
    CostComparison? CostComparisonBefore,
    [property: PersonalText] string Reason,
    Participant By,
    DateTimeOffset At);

[TextsTakeCategoryOf(nameof(Description))]
public sealed record CaseAction(
    Guid Id, CategorisedText Description, Participant Owner, DateOnly Due, Vuistregel Vuistregel, ActionStatus Status, [property: PersonalText] string? CompletionNote, DateTimeOffset? CompletedAt, bool Reminded);

public sealed record HousingProfile(CategorisedText? Wishes, CategorisedText? SupportConditions, CategorisedText? Income, CategorisedText? Risks, DateTimeOffset At);

public sealed record RoadmapEntry(RoadmapStep Step, DateOnly On, [property: PersonalText(DataCategory.Wonen)] string? Note);

/// <summary>A weeffout found through the case; its texts are of <paramref name="Category"/>, the raiser's, or else of the case's (its bottleneck's).</summary>
[TextsTakeCategoryOf(nameof(Category))]
public sealed record Signal(
    Guid Id, Guid TableId, [property: PersonalText] string Flaw, [property: PersonalText] string RuleOrPolicy, [property: PersonalText] string EscalatedTo,
    SignalStatus Status, DateTimeOffset At, DataCategory? Category = null);

public sealed record ResidentVoice(CategorisedText Words, CategorisedText? Wishes, DateTimeOffset At);

/// <summary>A step of the case's stream the app could not read (<see cref="UnreadableStep"/>): where it stands and when it was stored.</summary>
public sealed record StepNotRead(long Version, DateTimeOffset At);

public sealed record Scheduling(Guid MeetingId, Guid TableId, DateOnly Date);

/// <summary>An organisation a chair involved in the case, why, by whom and when.</summary>
public sealed record Involvement(
    Guid DecisionId, [property: NonPersonal("an organisation id")] string OrganisationId, [property: NonPersonal("an organisation's name")] string OrganisationName,
    Identity.OrganisationType OrganisationType, CategorisedText Reason, Participant By, DateTimeOffset At);

[TextsTakeCategoryOf(nameof(Summary))]
public sealed record Closure(IReadOnlyList<VuistregelOutcome> Outcomes, CategorisedText Summary, DateOnly? FollowUpOn, DateTimeOffset At);

/// <summary>
/// The whole case as it stands, unfiltered; kept inline, in the transaction of each append.
/// Readers never get it directly: the privacy gate decides what of it each viewer sees. Texts that
/// belong to the case as a whole (why the resident was not informed, signals of old) take the
/// category of its bottleneck.
/// </summary>
[TextsTakeCategoryOf(nameof(Bottleneck))]
public sealed record CaseDetails(
    Guid Id,
    [property: NeedToKnowText("names the case in agendas and worklists")] string Title,
    CategorisedText Bottleneck,
    Referrer Referrer,
    Guid? ResidentId,
    ResidentInformed? ResidentInformed,
    CaseStatus Status,
    DateTimeOffset OpenedAt,
    IReadOnlyList<Scheduling> Schedule,
    IReadOnlyList<ResidentVoice> ResidentVoice,
    IReadOnlyList<Assessment> Assessments,
    IReadOnlyList<Contribution> Contributions,
    IReadOnlyList<Proposal> Proposals,
    IReadOnlyList<Decision> Decisions,
    IReadOnlyList<CaseAction> Actions,
    HousingProfile? HousingProfile,
    IReadOnlyList<RoadmapEntry> Roadmap,
    IReadOnlyList<Signal> Signals,
    Closure? Closure,
    DateTimeOffset? BreakthroughAt,
    DateTimeOffset? ErasedAt = null,
    Guid? BroughtTo = null,
    IReadOnlyList<Involvement>? Involved = null,
    IReadOnlyList<StepNotRead>? NotRead = null)
{
    public int Version { get; set; }

    /// <summary>The organisations a chair involved; none on a case stored before involvement existed.</summary>
    public IReadOnlyList<Involvement> InvolvedOrganisations => Involved ?? [];

    /// <summary>
    /// The case with, of its contributions, decisions and actions, only the part with this id: what a
    /// screen that shows that one part needs, so filtering it costs no more as the case grows. The
    /// proposals stay, for they are few and numbered by their place.
    /// </summary>
    public CaseDetails WithOnly(Guid id) => this with
    {
        Contributions = [.. Contributions.Where(c => c.Id == id)],
        Decisions = [.. Decisions.Where(d => d.Id == id)],
        Actions = [.. Actions.Where(a => a.Id == id)],
    };

    /// <summary>The contribution, proposal, decision or action with this id; null when the case holds none.</summary>
    public object? Part(Guid id) =>
        (object?)Contributions.FirstOrDefault(c => c.Id == id) ?? (object?)Proposals.FirstOrDefault(p => p.Id == id)
            ?? (object?)Decisions.FirstOrDefault(d => d.Id == id) ?? Actions.FirstOrDefault(a => a.Id == id);

    /// <summary>The steps of the stream the app could not read when it built this document; the rest of the case is whole.</summary>
    public IReadOnlyList<StepNotRead> StepsNotRead => NotRead ?? [];

    /// <summary>Every categorised text of the case, so the privacy gate knows what it holds: the texts <see cref="MapTexts"/> passes through.</summary>
    public IReadOnlyList<CategorisedText> Texts() => PersonalTexts.Of(this);

    /// <summary>
    /// A copy with every personal text passed through <paramref name="map"/>, as its type declares it
    /// (<see cref="PersonalTexts"/>): how the gate filters a case. Free notes take the category of the
    /// item they annotate (docs/decisions.md).
    /// </summary>
    public CaseDetails MapTexts(Func<CategorisedText, CategorisedText> map) =>
        PersonalTexts.Map(this, map, _ => Privacy.Gate.PrivacyGate.Redacted);

    /// <summary>The rules of thumb that no action serves yet: where the table still has work.</summary>
    public IEnumerable<Vuistregel> VuistregelsWithoutAction => Enum.GetValues<Vuistregel>().Except(Actions.Select(a => a.Vuistregel));
}

internal sealed class CaseDetailsProjection : SingleStreamProjection<CaseDetails, Guid>
{
    public static CaseDetails Create(CaseOpened e) => new(
        e.CaseId, e.Title, e.Bottleneck, e.Referrer, e.ResidentId, e.ResidentInformed, CaseStatus.Aangemeld, e.OpenedAt,
        [], [], [], [], [], [], [], null, [], [], null, null, BroughtTo: e.TableId);

    public static CaseDetails Apply(CaseScheduled e, CaseDetails c) => c with
    {
        Schedule = [.. c.Schedule, new Scheduling(e.MeetingId, e.TableId, e.MeetingDate)],
        Status = c.Status == CaseStatus.Aangemeld ? CaseStatus.Geagendeerd : c.Status,
    };

    public static CaseDetails Apply(CaseTakenUp e, CaseDetails c) =>
        c with { Status = c.Status is CaseStatus.Aangemeld or CaseStatus.Geagendeerd ? CaseStatus.InBehandeling : c.Status };

    public static CaseDetails Apply(ResidentVoiceRecorded e, CaseDetails c) => c with { ResidentVoice = [.. c.ResidentVoice, new ResidentVoice(e.Words, e.Wishes, e.RecordedAt)] };

    public static CaseDetails Apply(VuistregelAssessed e, CaseDetails c) => c with { Assessments = [.. c.Assessments, new Assessment(e.Vuistregel, e.Status, e.Note, e.By, e.At)] };

    public static CaseDetails Apply(ContributionAdded e, CaseDetails c) => c with { Contributions = [.. c.Contributions, new Contribution(e.ContributionId, e.Text, e.Weighing, e.By, e.MeetingId, e.At)] };

    public static CaseDetails Apply(ProposalMade e, CaseDetails c) => c with { Proposals = [.. c.Proposals, new Proposal(e.ProposalId, e.Text, e.By, e.At, [])] };

    public static CaseDetails Apply(PositionTaken e, CaseDetails c) => c with
    {
        Proposals = [.. c.Proposals.Select(p => p.Id != e.ProposalId ? p : p with
        {
            Positions = [.. p.Positions.Where(x => x.By.UserId != e.By.UserId), new ProposalPosition(e.By, e.Position, e.Reason, e.At)],
        })],
    };

    public static CaseDetails Apply(DecisionRecorded e, CaseDetails c) => c with
    {
        Decisions = [.. c.Decisions, new Decision(e.DecisionId, e.What, e.Why, e.ProposalId, e.MeetingId, e.BetweenMeetings, e.Breakthrough, e.RuleDeviation, e.CostComparison, e.By, e.At)],
        Status = e.Breakthrough ? CaseStatus.Doorbraak : c.Status,
        BreakthroughAt = e.Breakthrough ? c.BreakthroughAt ?? e.At : c.BreakthroughAt,
    };

    public static CaseDetails Apply(DecisionCorrected e, CaseDetails c) => c with
    {
        Decisions = [.. c.Decisions.Select(d => d.Id != e.DecisionId ? d : d with
        {
            What = e.What ?? d.What,
            Why = e.Why ?? d.Why,
            CostComparison = e.CostComparison ?? d.CostComparison,
            Corrections =
            [
                .. d.History,
                new DecisionCorrection(e.CorrectionId, e.What, e.What is null ? null : d.What, e.Why, e.Why is null ? null : d.Why,
                    e.CostComparison, e.CostComparison is null ? null : d.CostComparison, e.Reason, e.By, e.At),
            ],
        })],
    };

    public static CaseDetails Apply(ActionAssigned e, CaseDetails c) =>
        c with { Actions = [.. c.Actions, new CaseAction(e.ActionId, e.Description, e.Owner, e.Due, e.Vuistregel, ActionStatus.Open, null, null, false)] };

    public static CaseDetails Apply(ActionCompleted e, CaseDetails c) => WithAction(c, e.ActionId, a => a with { Status = ActionStatus.Done, CompletionNote = e.Note, CompletedAt = e.At });

    public static CaseDetails Apply(ActionReminderRecorded e, CaseDetails c) => WithAction(c, e.ActionId, a => a with { Reminded = true });

    public static CaseDetails Apply(ActionMarkedOverdue e, CaseDetails c) => WithAction(c, e.ActionId, a => a with { Status = ActionStatus.Overdue });

    public static CaseDetails Apply(HousingProfileRecorded e, CaseDetails c) => c with
    {
        HousingProfile = new HousingProfile(
            e.Wishes ?? c.HousingProfile?.Wishes, e.SupportConditions ?? c.HousingProfile?.SupportConditions,
            e.Income ?? c.HousingProfile?.Income, e.Risks ?? c.HousingProfile?.Risks, e.At),
    };

    public static CaseDetails Apply(RoadmapStepReached e, CaseDetails c) => c with { Roadmap = [.. c.Roadmap, new RoadmapEntry(e.Step, e.On, e.Note)] };

    public static CaseDetails Apply(SystemSignalRaised e, CaseDetails c) =>
        c with { Signals = [.. c.Signals, new Signal(e.SignalId, e.TableId, e.Flaw, e.RuleOrPolicy, e.EscalatedTo, SignalStatus.Open, e.At, e.Category)] };

    public static CaseDetails Apply(SystemSignalStatusChanged e, CaseDetails c) =>
        c with { Signals = [.. c.Signals.Select(s => s.Id == e.SignalId ? s with { Status = e.Status } : s)] };

    /// <summary>The case's words were erased; the history of who did what when stays, marked as such.</summary>
    public static CaseDetails Apply(Privacy.Rights.CaseTextsErased e, CaseDetails c) => c with { ErasedAt = e.At };

    public static CaseDetails Apply(OrganisationInvolved e, CaseDetails c) => c with
    {
        Involved = [.. c.InvolvedOrganisations, new Involvement(e.DecisionId, e.OrganisationId, e.OrganisationName, e.OrganisationType, e.Reason, e.By, e.At)],
    };

    /// <summary>A step the app cannot read is marked where it stands; everything else of the case still applies.</summary>
    public static CaseDetails Apply(IEvent<UnreadableStep> e, CaseDetails c) => c with { NotRead = [.. c.StepsNotRead, new StepNotRead(e.Version, e.Timestamp)] };

    public static CaseDetails Apply(CaseClosed e, CaseDetails c) =>
        c with { Status = CaseStatus.Afgesloten, Closure = new Closure(e.Outcomes, e.Summary, e.FollowUpOn, e.At) };

    private static CaseDetails WithAction(CaseDetails c, Guid actionId, Func<CaseAction, CaseAction> change) =>
        c with { Actions = [.. c.Actions.Select(a => a.Id == actionId ? change(a) : a)] };
}
