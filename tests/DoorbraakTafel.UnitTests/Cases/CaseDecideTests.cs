using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Acting;
using DoorbraakTafel.Cases.Closing;
using DoorbraakTafel.Cases.Deciding;
using DoorbraakTafel.Cases.Proposing;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.UnitTests.Cases;

/// <summary>The business rules as plain functions: state + command -> events or a refusal. No database.</summary>
public sealed class CaseDecideTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly Participant Chair = new("demo-sanne", "gem-harderwijk");
    private static readonly Guid ChairsTable = Guid.NewGuid();

    /// <summary>The case document as the inline projection makes it; writes decide on the state read off it.</summary>
    private static CaseDetails OpenedCase() => CaseDetailsProjection.Create(new CaseOpened(Guid.NewGuid(), "t", new CategorisedText("b", DataCategory.Wonen), new Referrer("u", "o"), null, null, Now));

    private static Case Opened() => Case.Of(OpenedCase());

    /// <summary>The case on the agenda of a meeting of <see cref="ChairsTable"/>.</summary>
    private static CaseDetails ScheduledCase()
    {
        var opened = OpenedCase();
        return CaseDetailsProjection.Apply(new CaseScheduled(opened.Id, Guid.NewGuid(), ChairsTable, Today), opened);
    }

    private static Case AtTheTable() => Case.Of(ScheduledCase());

    private static RecordDecision.Command Decision(
        RecordDecision.RuleDeviationRequest? deviation = null, RecordDecision.CostComparisonRequest? costs = null, IReadOnlySet<Guid>? chairOf = null) =>
        new(Guid.NewGuid(), new CategorisedText("w", DataCategory.Wonen), new CategorisedText("w", DataCategory.Wonen), null, null, false, false, deviation, costs, Chair,
            chairOf ?? new HashSet<Guid> { ChairsTable }, Now);

    [Test]
    public void A_decision_is_recorded_by_a_chair_of_a_table_the_case_is_at()
    {
        var byOthers = Assert.Throws<Rejected>(() => RecordDecision.Decide(AtTheTable(), Decision(chairOf: new HashSet<Guid> { Guid.NewGuid() })));
        var notAtATable = Assert.Throws<Rejected>(() => RecordDecision.Decide(Opened(), Decision()));

        Assert.That(byOthers!.Status, Is.EqualTo(403));
        Assert.That(notAtATable!.Status, Is.EqualTo(403));
        Assert.That(RecordDecision.Decide(AtTheTable(), Decision()), Has.Length.EqualTo(1));
    }

    [Test]
    public void An_action_is_completed_by_its_owners_organisation_or_a_chair_of_a_table_the_case_is_at()
    {
        var action = Guid.NewGuid();
        var scheduled = ScheduledCase();
        var state = Case.Of(CaseDetailsProjection.Apply(
            new ActionAssigned(scheduled.Id, action, new CategorisedText("Woning zoeken", DataCategory.Wonen), new Participant("demo-bram", "woonstichting-de-linde"),
                Today.AddDays(7), Vuistregel.Wonen, Chair, Now),
            scheduled));
        var none = new HashSet<Guid>();

        var byOthers = Assert.Throws<Rejected>(() => CompleteAction.Decide(state, action, null, new Participant("demo-esther", "schuldhulp-veluwe"), none, Now));

        Assert.That(byOthers!.Status, Is.EqualTo(403));
        Assert.That(() => CompleteAction.Decide(state, action, null, Chair, new HashSet<Guid> { Guid.NewGuid() }, Now), Throws.TypeOf<Rejected>(), "a chair of another table");
        Assert.That(CompleteAction.Decide(state, action, null, Chair, new HashSet<Guid> { ChairsTable }, Now), Has.Length.EqualTo(1));
        Assert.That(CompleteAction.Decide(state, action, "Gedaan", new Participant("demo-other", "woonstichting-de-linde"), none, Now), Has.Length.EqualTo(1));
    }

    [Test]
    public void A_rule_deviation_without_mandate_is_rejected()
    {
        var refused = Assert.Throws<Rejected>(() => RecordDecision.Decide(AtTheTable(), Decision(new("Regel", "Reden", null, null, null))));

        Assert.That(refused!.Status, Is.EqualTo(422));
        Assert.That(refused.Field, Is.EqualTo("ruleDeviation.mandate"));
    }

    [Test]
    public void A_decision_between_meetings_is_marked_as_such_with_its_yearly_cost_difference()
    {
        var costs = new RecordDecision.CostComparisonRequest(
            [new("Detentie", "50.000", CostPeriod.PerYear)],
            [new("NS-jaarkaart", "€ 3.000", CostPeriod.PerYear), new("Begeleiding", "100,00", CostPeriod.PerMonth)]);

        var recorded = (DecisionRecorded)RecordDecision.Decide(AtTheTable(), Decision(costs: costs)).Single();

        Assert.That(recorded.BetweenMeetings, Is.True);
        Assert.That(recorded.CostComparison!.YearlyDifferenceInCents, Is.EqualTo(45_800_00));
    }

    [Test]
    public void An_objection_needs_a_reason()
    {
        var proposal = Guid.NewGuid();
        var state = Case.Of(CaseDetailsProjection.Apply(new ProposalMade(Guid.NewGuid(), proposal, new CategorisedText("p", DataCategory.Wonen), Chair, Now), OpenedCase()));

        Assert.That(() => TakePosition.Decide(state, proposal, Position.Object, null, Chair, Now), Throws.TypeOf<Rejected>().With.Property("Field").EqualTo("reason"));
        Assert.That(TakePosition.Decide(state, proposal, Position.Object, "Precedent", Chair, Now), Has.Length.EqualTo(1));
    }

    [Test]
    public void A_closed_case_refuses_work_with_409()
    {
        var closed = Case.Of(CaseDetailsProjection.Apply(new CaseClosed(Guid.NewGuid(), [], new CategorisedText("s", DataCategory.Wonen), null, Chair, Now), OpenedCase()));

        var refused = Assert.Throws<Rejected>(() => AssignAction.Decide(closed, new(Guid.NewGuid(), "d", Chair, Today, Vuistregel.Wonen, Chair, Today, Now)));

        Assert.That(refused!.Status, Is.EqualTo(409));
    }

    [Test]
    public void An_action_due_in_the_past_is_rejected()
    {
        var owner = new Participant("u", "o");
        Assert.That(() => AssignAction.Decide(Opened(), new(Guid.NewGuid(), "d", owner, Today.AddDays(-1), Vuistregel.Wonen, owner, Today, Now)),
            Throws.TypeOf<Rejected>().With.Property("Field").EqualTo("due"));
    }

    [Test]
    public void An_action_for_an_organisation_without_need_to_know_is_rejected_and_one_with_it_is_given()
    {
        var state = Case.Of(ScheduledCase(), new HashSet<string> { "o", Chair.OrganisationId });
        var outsider = new Participant("demo-kees", "welzijn-kustwijk");

        Assert.That(() => AssignAction.Decide(state, new(Guid.NewGuid(), "d", outsider, Today, Vuistregel.Wonen, Chair, Today, Now)),
            Throws.TypeOf<Rejected>().With.Property("Field").EqualTo("ownerOrganisationId"));
        Assert.That(AssignAction.Decide(state, new(Guid.NewGuid(), "d", Chair, Today, Vuistregel.Wonen, Chair, Today, Now)), Has.Length.EqualTo(1));
    }

    [Test]
    public void Closing_needs_an_outcome_on_all_five_vuistregels()
    {
        VuistregelOutcome[] four = [.. Enum.GetValues<Vuistregel>().Skip(1).Select(v => new VuistregelOutcome(v, VuistregelStatus.OpOrde, null))];

        Assert.That(() => CloseCase.Decide(Opened(), four, new("s", DataCategory.Wonen), null, Chair, Today, Now),
            Throws.TypeOf<Rejected>().With.Message.Contains("Wonen"));
    }

    [Test]
    public void Reminders_mark_overdue_once_and_remind_once()
    {
        var action = Guid.NewGuid();
        var assigned = CaseDetailsProjection.Apply(new ActionAssigned(Guid.NewGuid(), action, new("d", DataCategory.Wonen), Chair, Today.AddDays(1), Vuistregel.Wonen, Chair, Now), OpenedCase());

        var reminder = ActionReminders.Decide(Case.Of(assigned), Today, Now);
        var reminded = CaseDetailsProjection.Apply((ActionReminderRecorded)reminder.Single(), assigned);
        var overdue = ActionReminders.Decide(Case.Of(reminded), Today.AddDays(2), Now);
        var afterOverdue = CaseDetailsProjection.Apply((ActionMarkedOverdue)overdue.Single(), reminded);

        Assert.That(ActionReminders.Decide(Case.Of(reminded), Today, Now), Is.Empty);
        Assert.That(ActionReminders.Decide(Case.Of(afterOverdue), Today.AddDays(3), Now), Is.Empty);
    }
}
