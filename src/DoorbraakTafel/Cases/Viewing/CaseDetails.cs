using DoorbraakTafel.Privacy;
using Marten.Events.Aggregation;

namespace DoorbraakTafel.Cases.Viewing;

public sealed record Assessment(Vuistregel Vuistregel, VuistregelStatus Status, CategorisedText? Note, Participant By, DateTimeOffset At);

public sealed record Contribution(Guid Id, CategorisedText Text, SharingWeighing Weighing, Participant By, Guid? MeetingId, DateTimeOffset At);

public sealed record ProposalPosition(Participant By, Position Position, string? Reason, DateTimeOffset At);

public sealed record Proposal(Guid Id, CategorisedText Text, Participant By, DateTimeOffset At, IReadOnlyList<ProposalPosition> Positions);

public sealed record Decision(
    Guid Id, CategorisedText What, CategorisedText Why, Guid? ProposalId, Guid? MeetingId, bool BetweenMeetings, bool Breakthrough,
    RuleDeviation? RuleDeviation, CostComparison? CostComparison, Participant By, DateTimeOffset At);

public sealed record CaseAction(
    Guid Id, CategorisedText Description, Participant Owner, DateOnly Due, Vuistregel Vuistregel, ActionStatus Status, string? CompletionNote, DateTimeOffset? CompletedAt, bool Reminded);

public sealed record HousingProfile(CategorisedText? Wishes, CategorisedText? SupportConditions, CategorisedText? Income, CategorisedText? Risks, DateTimeOffset At);

public sealed record RoadmapEntry(RoadmapStep Step, DateOnly On, string? Note);

public sealed record Signal(Guid Id, Guid TableId, string Flaw, string RuleOrPolicy, string EscalatedTo, SignalStatus Status, DateTimeOffset At);

public sealed record ResidentVoice(CategorisedText Words, CategorisedText? Wishes, DateTimeOffset At);

public sealed record Scheduling(Guid MeetingId, Guid TableId, DateOnly Date);

/// <summary>An organisation a chair involved in the case, why, by whom and when.</summary>
public sealed record Involvement(Guid DecisionId, string OrganisationId, string OrganisationName, Identity.OrganisationType OrganisationType, CategorisedText Reason, Participant By, DateTimeOffset At);

public sealed record Closure(IReadOnlyList<VuistregelOutcome> Outcomes, CategorisedText Summary, DateOnly? FollowUpOn, DateTimeOffset At);

/// <summary>
/// The whole case as it stands, unfiltered; kept inline, in the transaction of each append.
/// Readers never get it directly: the privacy gate decides what of it each viewer sees.
/// </summary>
public sealed record CaseDetails(
    Guid Id,
    string Title,
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
    IReadOnlyList<Involvement>? Involved = null)
{
    public int Version { get; set; }

    /// <summary>The organisations a chair involved; none on a case stored before involvement existed.</summary>
    public IReadOnlyList<Involvement> InvolvedOrganisations => Involved ?? [];

    /// <summary>
    /// Every categorised text of the case, so the privacy gate knows what it holds: the texts
    /// <see cref="MapTexts"/> passes through, so the two cannot disagree on what a case holds.
    /// </summary>
    public IEnumerable<CategorisedText> Texts()
    {
        var texts = new List<CategorisedText>();
        MapTexts(text =>
        {
            texts.Add(text);
            return text;
        });
        return texts;
    }

    /// <summary>
    /// A copy with every categorised text passed through <paramref name="map"/>: how the gate filters a
    /// case. The free notes that annotate an item (a contribution's weighing, a position's reason, an
    /// action's completion note, a rule deviation's reason, a roadmap step's note, a closure outcome's
    /// note) pass with the category of what they annotate; a roadmap note is about housing.
    /// </summary>
    public CaseDetails MapTexts(Func<CategorisedText, CategorisedText> map)
    {
        CategorisedText? Optional(CategorisedText? text) => text is null ? null : map(text);
        string? Note(string? note, DataCategory category) => note is null ? null : map(new CategorisedText(note, category)).Text;
        return this with
        {
            Bottleneck = map(Bottleneck),
            ResidentVoice = [.. ResidentVoice.Select(v => v with { Words = map(v.Words), Wishes = Optional(v.Wishes) })],
            Assessments = [.. Assessments.Select(a => a with { Note = Optional(a.Note) })],
            Contributions = [.. Contributions.Select(c => c with
            {
                Text = map(c.Text),
                // Why it was shared describes what was shared ("the support needed, no diagnosis").
                Weighing = c.Weighing with
                {
                    Purpose = Note(c.Weighing.Purpose, c.Text.Category)!,
                    Basis = Note(c.Weighing.Basis, c.Text.Category)!,
                    Necessity = Note(c.Weighing.Necessity, c.Text.Category)!,
                    Proportionality = Note(c.Weighing.Proportionality, c.Text.Category)!,
                    Subsidiarity = Note(c.Weighing.Subsidiarity, c.Text.Category)!,
                    NotInformedReason = Note(c.Weighing.NotInformedReason, c.Text.Category),
                },
            })],
            Proposals = [.. Proposals.Select(p => p with
            {
                Text = map(p.Text),
                Positions = [.. p.Positions.Select(position => position with { Reason = Note(position.Reason, p.Text.Category) })],
            })],
            Decisions = [.. Decisions.Select(d => d with
            {
                What = map(d.What),
                Why = map(d.Why),
                RuleDeviation = d.RuleDeviation is { } deviation ? deviation with { Reason = Note(deviation.Reason, d.Why.Category)! } : null,
            })],
            Actions = [.. Actions.Select(a => a with { Description = map(a.Description), CompletionNote = Note(a.CompletionNote, a.Description.Category) })],
            Roadmap = [.. Roadmap.Select(r => r with { Note = Note(r.Note, DataCategory.Wonen) })],
            HousingProfile = HousingProfile is null ? null : HousingProfile with
            {
                Wishes = Optional(HousingProfile.Wishes),
                SupportConditions = Optional(HousingProfile.SupportConditions),
                Income = Optional(HousingProfile.Income),
                Risks = Optional(HousingProfile.Risks),
            },
            Involved = Involved is null ? null : [.. Involved.Select(i => i with { Reason = map(i.Reason) })],
            Closure = Closure is null ? null : Closure with
            {
                Summary = map(Closure.Summary),
                Outcomes = [.. Closure.Outcomes.Select(o => o with { Note = Note(o.Note, Closure.Summary.Category) })],
            },
        };
    }

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
        c with { Signals = [.. c.Signals, new Signal(e.SignalId, e.TableId, e.Flaw, e.RuleOrPolicy, e.EscalatedTo, SignalStatus.Open, e.At)] };

    public static CaseDetails Apply(SystemSignalStatusChanged e, CaseDetails c) =>
        c with { Signals = [.. c.Signals.Select(s => s.Id == e.SignalId ? s with { Status = e.Status } : s)] };

    /// <summary>The case's words were erased; the history of who did what when stays, marked as such.</summary>
    public static CaseDetails Apply(Privacy.Rights.CaseTextsErased e, CaseDetails c) => c with { ErasedAt = e.At };

    public static CaseDetails Apply(OrganisationInvolved e, CaseDetails c) => c with
    {
        Involved = [.. c.InvolvedOrganisations, new Involvement(e.DecisionId, e.OrganisationId, e.OrganisationName, e.OrganisationType, e.Reason, e.By, e.At)],
    };

    public static CaseDetails Apply(CaseClosed e, CaseDetails c) =>
        c with { Status = CaseStatus.Afgesloten, Closure = new Closure(e.Outcomes, e.Summary, e.FollowUpOn, e.At) };

    private static CaseDetails WithAction(CaseDetails c, Guid actionId, Func<CaseAction, CaseAction> change) =>
        c with { Actions = [.. c.Actions.Select(a => a.Id == actionId ? change(a) : a)] };
}
