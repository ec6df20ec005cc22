using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Tables;

namespace DoorbraakTafel.UnitTests.Meetings;

public sealed class MeetingDecideTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static TableDetails Table(DateOnly? proposed = null) => new(Guid.NewGuid(), "T", "W", "Harderwijk", ["chair"], [], proposed);

    private static MeetingBoard Board(Guid table, DateOnly date, MeetingStatus status) => new(Guid.NewGuid(), table, date, status, [], null, []);

    [Test]
    public void The_next_meeting_is_proposed_two_weeks_after_the_last()
    {
        var table = Table();

        var proposed = (NextMeetingProposed)ProposeNextMeetings.Decide(table, [Board(table.Id, Today.AddDays(-3), MeetingStatus.Closed)], Today, Now).Single();

        Assert.That(proposed.Date, Is.EqualTo(Today.AddDays(11)));
    }

    [Test]
    public void No_proposal_while_a_meeting_is_ahead_or_the_same_date_is_already_proposed()
    {
        var table = Table();

        Assert.That(ProposeNextMeetings.Decide(table, [Board(table.Id, Today.AddDays(5), MeetingStatus.Planned)], Today, Now), Is.Empty);
        Assert.That(ProposeNextMeetings.Decide(Table(Today.AddDays(11)) with { Id = table.Id }, [Board(table.Id, Today.AddDays(-3), MeetingStatus.Closed)], Today, Now), Is.Empty);
    }

    [Test]
    public void Only_an_open_meeting_moves_through_its_agenda()
    {
        var caseId = Guid.NewGuid();
        var planned = Meeting.Create(new MeetingPlanned(Guid.NewGuid(), Guid.NewGuid(), Today, "chair", Now)).Apply(new CaseAddedToAgenda(Guid.NewGuid(), caseId, "chair", Now));

        Assert.That(() => RunMeeting.MoveTo(planned, caseId, isChair: true, "chair", Now), Throws.TypeOf<DoorbraakTafel.Infrastructure.Rejected>().With.Property("Status").EqualTo(409));
        Assert.That(RunMeeting.MoveTo(planned.Apply(new MeetingOpened(planned.Id, "chair", Now)), caseId, isChair: true, "chair", Now), Has.Length.EqualTo(1));
        Assert.That(() => RunMeeting.Open(planned, isChair: false, "someone", Now), Throws.TypeOf<DoorbraakTafel.Infrastructure.Rejected>().With.Property("Status").EqualTo(403));
    }

    [Test]
    public void A_case_put_on_an_agenda_is_scheduled_at_that_meeting_once_and_only_while_open()
    {
        var opened = CaseDetailsProjection.Create(new CaseOpened(Guid.NewGuid(), "t", new CategorisedText("b", DataCategory.Wonen), new Referrer("u", "o"), null, null, Now));
        var meeting = Guid.NewGuid();
        var table = Guid.NewGuid();

        var scheduled = (CaseScheduled)PrepareMeeting.Schedule(Case.Of(opened), meeting, table, Today).Single();
        var after = CaseDetailsProjection.Apply(scheduled, opened);

        Assert.That(scheduled, Is.EqualTo(new CaseScheduled(opened.Id, meeting, table, Today)));
        Assert.That(PrepareMeeting.Schedule(Case.Of(after), meeting, table, Today), Is.Empty, "already on that agenda");
        Assert.That(PrepareMeeting.Schedule(Case.Of(after), Guid.NewGuid(), table, Today.AddDays(14)), Has.Length.EqualTo(1), "a next meeting schedules it again");
        var closed = CaseDetailsProjection.Apply(new CaseClosed(opened.Id, [], new CategorisedText("Opgelost", DataCategory.Wonen), null, new Participant("u", "o"), Now), after);
        Assert.That(() => PrepareMeeting.Schedule(Case.Of(closed), Guid.NewGuid(), table, Today), Throws.TypeOf<Rejected>().With.Property("Status").EqualTo(409));
    }

    [Test]
    public void A_case_comes_up_at_the_table_once_from_its_agenda()
    {
        var opened = CaseDetailsProjection.Create(new CaseOpened(Guid.NewGuid(), "t", new CategorisedText("b", DataCategory.Wonen), new Referrer("u", "o"), null, null, Now));
        var meeting = Guid.NewGuid();
        var scheduled = CaseDetailsProjection.Apply(new CaseScheduled(opened.Id, meeting, Guid.NewGuid(), Today), opened);

        var takenUp = (CaseTakenUp)RunMeeting.TakeUp(Case.Of(scheduled), meeting, Now).Single();

        Assert.That(takenUp, Is.EqualTo(new CaseTakenUp(opened.Id, meeting, Now)));
        Assert.That(RunMeeting.TakeUp(Case.Of(CaseDetailsProjection.Apply(takenUp, scheduled)), meeting, Now), Is.Empty, "in treatment already");
        Assert.That(RunMeeting.TakeUp(Case.Of(opened), meeting, Now), Is.Empty, "not on an agenda");
    }
}
