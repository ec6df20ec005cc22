using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Export.Reports;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Tables;

namespace DoorbraakTafel.UnitTests.Export;

/// <summary>The report's computation on its own, over read models built in memory.</summary>
public sealed class TableReportComputeTests
{
    private static readonly TableDetails Table = new(Guid.CreateVersion7(), "Tafel", "Wijk", "Harderwijk", ["demo-sanne"], [], null);
    private static readonly DateOnly From = new(2025, 1, 1);
    private static readonly DateOnly Until = new(2025, 3, 31);

    [Test]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TableReports.Median([10, 40, 20, 30]), Is.EqualTo(25.0));
            Assert.That(TableReports.Median([7]), Is.EqualTo(7.0));
            Assert.That(TableReports.Median([1.04, 2.0]), Is.EqualTo(1.5));
            Assert.That(TableReports.Median([]), Is.Null);
        });
    }

    [Test]
    public void The_period_runs_by_Dutch_calendar_days()
    {
        // 31 March 23:30 in Amsterdam (summer time, UTC+2) is still in the quarter; 1 April 00:30 is not.
        var lateOnLastDay = CaseAtTable(closedAt: new DateTimeOffset(2025, 3, 31, 21, 30, 0, TimeSpan.Zero));
        var justAfter = CaseAtTable(closedAt: new DateTimeOffset(2025, 3, 31, 22, 30, 0, TimeSpan.Zero));
        var meeting = new MeetingBoard(Guid.CreateVersion7(), Table.Id, new DateOnly(2025, 1, 14), MeetingStatus.Closed, [lateOnLastDay.Id, justAfter.Id], null, []);

        var report = TableReports.Compute(Table, From, Until, new DateOnly(2025, 6, 1), [meeting], [lateOnLastDay, justAfter], []);

        Assert.That(report.Cases.Out, Is.EqualTo(1));
        Assert.That(report.Cases.In, Is.EqualTo(2));
    }

    [Test]
    public void Actions_count_as_overdue_on_today_while_the_period_is_still_running()
    {
        var open = new CaseAction(Guid.CreateVersion7(), new CategorisedText("x", DataCategory.Wonen), new Participant("u", "org"), new DateOnly(2025, 2, 10), Vuistregel.Wonen, ActionStatus.Open, null, null, false);
        var notYet = open with { Id = Guid.CreateVersion7(), Due = new DateOnly(2025, 2, 20) };
        var details = CaseAtTable(closedAt: null) with { Actions = [open, notYet] };
        var meeting = new MeetingBoard(Guid.CreateVersion7(), Table.Id, new DateOnly(2025, 1, 14), MeetingStatus.Closed, [details.Id], null, []);

        var report = TableReports.Compute(Table, From, Until, today: new DateOnly(2025, 2, 15), [meeting], [details], []);

        Assert.That(report.OverdueOn, Is.EqualTo(new DateOnly(2025, 2, 15)));
        Assert.That(report.OverdueActions, Is.EqualTo(new[] { new OverdueActions("org", "org", 1) }));
    }

    private static CaseDetails CaseAtTable(DateTimeOffset? closedAt) => new(
        Guid.CreateVersion7(), "Casus", new CategorisedText("knelpunt", DataCategory.Wonen), new Referrer("u", "org"), null, null,
        closedAt is null ? CaseStatus.InBehandeling : CaseStatus.Afgesloten, new DateTimeOffset(2025, 1, 2, 9, 0, 0, TimeSpan.FromHours(1)),
        [], [], [], [], [], [], [], null, [], [], closedAt is { } at ? new Closure([], new CategorisedText("samenvatting", DataCategory.Wonen), null, at) : null, null);
}
