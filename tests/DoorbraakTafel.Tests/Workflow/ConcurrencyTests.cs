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
    [Test]
    public async Task The_same_Idempotency_Key_with_another_body_gets_422_and_writes_nothing()
    {
        var (_, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await App.SignedInAs("sanne");
        var key = Guid.NewGuid().ToString();

        var first = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/decisions", Decision(1), idempotencyKey: key));
        var other = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/decisions", Decision(2), idempotencyKey: key));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await other.Content.ReadAsStringAsync());
        Assert.That(other.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await StoredEventsAsync(caseId, "decision_recorded"), Is.EqualTo(1));
    }

    [TestCase("", TestName = "An empty Idempotency-Key gets 400")]
    [TestCase("\"\"", TestName = "An empty quoted Idempotency-Key gets 400")]
    [TestCase("a|b", TestName = "Two Idempotency-Keys get 400")]
    public async Task A_bad_Idempotency_Key_gets_400_and_writes_nothing(string keys)
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");
        var request = Api.Post($"/api/cases/{caseId}/proposals", new { text = "Voorstel", category = "Wonen" });
        request.Headers.TryAddWithoutValidation("Idempotency-Key", keys.Split('|'));

        var response = await chair.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(await StoredEventsAsync(caseId, "proposal_made"), Is.Zero);
    }

    [Test]
    public async Task An_Idempotency_Key_of_the_maximum_length_replays_and_one_longer_gets_400()
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");
        var longest = new string('k', DoorbraakTafel.Infrastructure.Writes.MaxIdempotencyKeyLength - 1);
        var proposal = new { text = "Voorstel", category = "Wonen" };

        var first = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/proposals", proposal, idempotencyKey: $"\"{longest}x\""));
        var retry = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/proposals", proposal, idempotencyKey: $"{longest}x"));
        var tooLong = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/proposals", proposal, idempotencyKey: $"{longest}xy"));
        var differsPastTheOldLimit = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/proposals", proposal, idempotencyKey: $"{longest}y"));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a quoted key (a Structured Field String) and the bare key are one key");
        Assert.That(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await tooLong.Content.ReadAsStringAsync());
        Assert.That(differsPastTheOldLimit.Headers.Contains("Idempotent-Replayed"), Is.False, "a key is never cut short");
        Assert.That(await StoredEventsAsync(caseId, "proposal_made"), Is.EqualTo(2));
    }

    [Test]
    public async Task Registering_a_resident_twice_with_one_Idempotency_Key_replays_the_first_answer()
    {
        var professional = await App.SignedInAs("fatima");
        var key = Guid.NewGuid().ToString();
        var resident = new { name = "J. Jansen", bsn = "111222333", birthDate = "1980-01-01" };

        var first = await professional.SendAsync(Api.Post("/api/residents", resident, idempotencyKey: key));
        var retry = await professional.SendAsync(Api.Post("/api/residents", resident, idempotencyKey: key));
        var again = await professional.SendAsync(Api.Post("/api/residents", resident));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), await retry.Content.ReadAsStringAsync());
        Assert.That(await retry.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(retry.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "without the key it is a second registration of the same BSN");
        Assert.That(await ScalarAsync<long>("select count(*) from identity.mt_doc_resident"), Is.EqualTo(1));
    }
}
