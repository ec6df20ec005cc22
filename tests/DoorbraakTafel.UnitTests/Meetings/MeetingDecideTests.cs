using DoorbraakTafel.Meetings;
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
}
