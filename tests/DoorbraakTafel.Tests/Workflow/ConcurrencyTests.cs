using System.Net;
using System.Text.Json;
using DoorbraakTafel.Tests.Infrastructure;

namespace DoorbraakTafel.Tests.Workflow;

public sealed class ConcurrencyTests : AppTest
{
    private static object Decision(int n) => new { what = $"Besluit {n}", why = "Omdat het kan", category = "Wonen" };

    [Test]
    public async Task Twenty_parallel_decisions_with_the_same_If_Match_give_one_201_and_nineteen_412()
    {
        var (_, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await App.SignedInAs("sanne");
        var version = long.Parse((await chair.GetAsync($"/api/cases/{caseId}")).Headers.ETag!.Tag.Trim('"'));

        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(n => chair.SendAsync(Api.Post($"/api/cases/{caseId}/decisions", Decision(n), ifMatch: version))));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1), string.Join(", ", statuses));
        Assert.That(statuses.Count(s => s == HttpStatusCode.PreconditionFailed), Is.EqualTo(19), string.Join(", ", statuses));
        Assert.That(await StoredEventsAsync(caseId, "decision_recorded"), Is.EqualTo(1));
    }

    [Test]
    public async Task Parallel_decisions_without_If_Match_are_all_kept()
    {
        var (_, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await App.SignedInAs("sanne");

        var responses = await Task.WhenAll(Enumerable.Range(1, 5).Select(n => chair.SendAsync(Api.Post($"/api/cases/{caseId}/decisions", Decision(n)))));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(await StoredEventsAsync(caseId, "decision_recorded"), Is.EqualTo(5));
    }

    [Test]
    public async Task A_stale_If_Match_gets_412_and_writes_nothing()
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");
        await chair.PostCreated($"/api/cases/{caseId}/contributions", new { text = "Eerste inbreng", category = "Wonen", weighing = Scenario.Weighing });

        var stale = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/decisions", Decision(1), ifMatch: 1));

        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(stale.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_events where stream_id = $1", caseId), Is.EqualTo(2));
    }

    [Test]
    public async Task A_retried_request_with_the_same_Idempotency_Key_returns_the_same_body_and_appends_nothing()
    {
        var (_, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await App.SignedInAs("sanne");
        var key = Guid.NewGuid().ToString();

        var first = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/decisions", Decision(1), idempotencyKey: key));
        var retry = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/decisions", Decision(1), idempotencyKey: key));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await retry.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(retry.Headers.ETag, Is.EqualTo(first.Headers.ETag));
        Assert.That(retry.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(await StoredEventsAsync(caseId, "decision_recorded"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_contribution_retried_after_its_If_Match_went_stale_is_replayed_and_its_sharing_logged_once()
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");
        var version = long.Parse((await chair.GetAsync($"/api/cases/{caseId}")).Headers.ETag!.Tag.Trim('"'));
        var contribution = new { text = "Inbreng over de huur", category = "Wonen", weighing = Scenario.Weighing };
        var key = Guid.NewGuid().ToString();
        const string Shared = "select count(*) from privacy.disclosure_log where object_id = $1::text and object_type = 'case-contribution'";

        var first = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/contributions", contribution, ifMatch: version, idempotencyKey: key));
        var retry = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/contributions", contribution, ifMatch: version, idempotencyKey: key));
        var stale = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/contributions", contribution, ifMatch: version));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the retry answers what the first attempt answered, not 412");
        Assert.That(await retry.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(await StoredEventsAsync(caseId, "contribution_added"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>(Shared, caseId.ToString()), Is.EqualTo(1), "one sharing, one disclosure record: none for the replay or the refused write");
    }

    [Test]
    public async Task Opening_a_case_twice_with_one_Idempotency_Key_opens_one_case()
    {
        var chair = await App.SignedInAs("sanne");
        var key = Guid.NewGuid().ToString();
        var body = new { title = "Dubbel verstuurd", bottleneck = "Wifi viel weg" };

        var responses = await Task.WhenAll(Enumerable.Range(1, 4).Select(_ => chair.SendAsync(Api.Post("/api/cases", body, idempotencyKey: key))));

        var ids = await Task.WhenAll(responses.Select(async r => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid()));
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(1));
        // Counted by event type: Marten keeps a tombstone stream for the losers' rolled-back appends.
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_events where type = 'case_opened'"), Is.EqualTo(1));
    }
}
