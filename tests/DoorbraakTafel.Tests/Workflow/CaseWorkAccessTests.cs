using System.Net;
using System.Text.Json;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Tests.Infrastructure;

namespace DoorbraakTafel.Tests.Workflow;

/// <summary>Who may not see a case's content may not change it either: the same need to know as for reading.</summary>
public sealed class CaseWorkAccessTests : AppTest
{
    private static readonly object Contribution = new { text = "Inbreng over de schulden", category = "Financien", weighing = Scenario.Weighing };

    private const string Events = "select count(*) from doorbraak.mt_events where stream_id = $1";

    [Test]
    public async Task An_organisation_not_involved_in_a_case_gets_403_and_changes_nothing()
    {
        var caseId = await Scenario.CaseAsync(App);
        var debt = await App.SignedInAs("esther");
        var before = await ScalarAsync<long>(Events, caseId);

        var contribution = await debt.SendAsync(Api.Post($"/api/cases/{caseId}/contributions", Contribution));
        var action = await debt.SendAsync(Api.Post($"/api/cases/{caseId}/actions",
            new { description = "Budgetplan maken", due = Scenario.Today.AddDays(14), vuistregel = "Financien" }));

        foreach (var refused in new[] { contribution, action })
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("need-to-know"));
        }

        Assert.That(await ScalarAsync<long>(Events, caseId), Is.EqualTo(before));
        Assert.That(await ScalarAsync<long>("select count(*) from privacy.disclosure_log where object_id = $1::text and object_type = 'case-contribution'", caseId.ToString()), Is.Zero,
            "a refused sharing is not logged as one");
    }

    [Test]
    public async Task The_organisations_at_the_cases_table_work_on_it_until_they_leave_the_table()
    {
        var (table, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var debt = await App.SignedInAs("esther");
        var welfare = await App.SignedInAs("kees");

        var member = await debt.SendAsync(Api.Post($"/api/cases/{caseId}/contributions", Contribution));
        var notAtTheTable = await welfare.SendAsync(Api.Post($"/api/cases/{caseId}/contributions", Contribution));
        await (await App.SignedInAs("ingrid")).PostOk($"/api/tables/{table}/members/schuldhulp-veluwe/leave", new { reason = "Convenant opgezegd" });
        var afterLeaving = await debt.SendAsync(Api.Post($"/api/cases/{caseId}/contributions", Contribution));

        Assert.That(member.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(notAtTheTable.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(afterLeaving.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await StoredEventsAsync(caseId, "contribution_added"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_chair_may_not_schedule_a_case_brought_in_by_an_organisation_outside_the_table()
    {
        var table = await Scenario.TableAsync(App);
        var chair = await App.SignedInAs("sanne");
        var meeting = await chair.CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today });
        var fromOutside = await Scenario.CaseAsync(App, referrer: "kees");
        var fromTheTable = await Scenario.CaseAsync(App, referrer: "esther", table: table);
        var meetingEvents = await ScalarAsync<long>(Events, meeting);

        var refused = await chair.SendAsync(Api.Post($"/api/meetings/{meeting}/agenda", new { caseId = fromOutside }));
        var scheduled = await chair.SendAsync(Api.Post($"/api/meetings/{meeting}/agenda", new { caseId = fromTheTable }));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ScalarAsync<long>(Events, fromOutside), Is.EqualTo(1), "the case was not scheduled");
        Assert.That(await ScalarAsync<long>(Events, meeting), Is.EqualTo(meetingEvents + 1), "only the case from the table is on the agenda");
        Assert.That((await (await App.SignedInAs("kees")).GetAsync($"/api/cases/{fromOutside}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await (await App.SignedInAs("bram")).GetAsync($"/api/cases/{fromOutside}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden),
            "the table got no need to know of it");
    }

    [Test]
    public async Task A_decision_is_recorded_by_a_chair_of_the_cases_table_only()
    {
        var (_, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var decision = new { what = "Woning met begeleiding", why = "Past bij de woonwens", category = "Wonen" };

        var byReferrer = await (await App.SignedInAs("fatima")).SendAsync(Api.Post($"/api/cases/{caseId}/decisions", decision));
        var byChairOfAnotherTable = await (await App.SignedInAs("joost")).SendAsync(Api.Post($"/api/cases/{caseId}/decisions", decision));
        var byChair = await (await App.SignedInAs("sanne")).SendAsync(Api.Post($"/api/cases/{caseId}/decisions", decision));

        Assert.That(byReferrer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(byChairOfAnotherTable.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(byChair.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await StoredEventsAsync(caseId, "decision_recorded"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_chair_whose_organisation_is_not_at_the_table_sees_and_decides_the_cases_on_its_agenda()
    {
        var table = await Scenario.TableAsync(App, chair: "demo-joost", members: [DemoUsers.Gemeente, DemoUsers.Schuldhulp]);
        var chair = await App.SignedInAs("joost");
        var meeting = await chair.CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today });
        var caseId = await Scenario.CaseAsync(App, referrer: "esther", table: table);
        var before = await chair.GetAsync($"/api/cases/{caseId}");

        await chair.PostOk($"/api/meetings/{meeting}/agenda", new { caseId });
        var view = await chair.Get($"/api/cases/{caseId}");
        var decision = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/decisions", new { what = "Budgetbeheer starten", why = "Schulden lopen op", category = "Financien" }));

        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "before the case is on the agenda of the chair's table");
        Assert.That(view.GetProperty("access").GetString(), Does.Contain("voorzitter"));
        Assert.That(decision.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task A_case_brought_in_at_one_table_is_scheduled_there_and_not_at_another_table_its_organisation_sits_at()
    {
        var broughtTo = await Scenario.TableAsync(App);
        var other = await Scenario.TableAsync(App);
        var chair = await App.SignedInAs("sanne");
        var there = await chair.CreatedId($"/api/tables/{broughtTo}/meetings", new { date = Scenario.Today });
        var elsewhere = await chair.CreatedId($"/api/tables/{other}/meetings", new { date = Scenario.Today });
        var caseId = await Scenario.CaseAsync(App, referrer: "esther", table: broughtTo);

        var refused = await chair.SendAsync(Api.Post($"/api/meetings/{elsewhere}/agenda", new { caseId }));
        var scheduled = await chair.SendAsync(Api.Post($"/api/meetings/{there}/agenda", new { caseId }));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StoredEventsAsync(caseId, "case_scheduled"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_case_is_brought_in_at_an_existing_table_the_referrers_organisation_sits_at_and_must_name_one_when_it_sits_at_any()
    {
        var table = await Scenario.TableAsync(App);
        var welfare = await App.SignedInAs("kees");
        var debt = await App.SignedInAs("esther");
        object Body(Guid tableId) => new { title = "Schulden", bottleneck = "Beslag op uitkering", bottleneckCategory = "Financien", tableId };

        var notAtTheTable = await welfare.SendAsync(Api.Post("/api/cases", Body(table)));
        var noSuchTable = await debt.SendAsync(Api.Post("/api/cases", Body(Guid.NewGuid())));
        var noTableNamed = await debt.SendAsync(Api.Post("/api/cases", new { title = "Schulden", bottleneck = "Beslag op uitkering", bottleneckCategory = "Financien" }));
        var atTheTable = await debt.SendAsync(Api.Post("/api/cases", Body(table)));
        var fromAtNoTable = await welfare.SendAsync(Api.Post("/api/cases", new { title = "Eenzaamheid", bottleneck = "Geen dagbesteding", bottleneckCategory = "Daginvulling" }));

        foreach (var refused in new[] { notAtTheTable, noSuchTable, noTableNamed })
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("tableId"));
        }

        Assert.That(atTheTable.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(fromAtNoTable.StatusCode, Is.EqualTo(HttpStatusCode.Created), "an organisation at no table brings a case in without one");
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_streams"), Is.EqualTo(3), "the table, the case brought in at it, the case from an organisation at no table");
    }
}
