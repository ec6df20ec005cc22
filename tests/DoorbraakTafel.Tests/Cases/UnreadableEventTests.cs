using System.Net;
using System.Net.Http.Json;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Live;
using DoorbraakTafel.Tests.Export;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Live;
using DoorbraakTafel.Tests.Privacy;
using DoorbraakTafel.Tests.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DoorbraakTafel.Tests.Cases;

public sealed class UnreadableEventTests : AppTest
{
    private const string Marker = "Deze stap kon niet worden gelezen";

    [Test]
    public async Task Steps_the_app_cannot_read_are_marked_and_the_rest_of_the_case_still_reads_and_takes_writes()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("sanne")).PostCreated($"/api/cases/{caseId}/actions", UnreadableSteps.Action);
        var unreadable = await UnreadableSteps.StoreAsync(caseId);
        await App.CatchUpProjectionsAsync();
        var ggz = await App.SignedInAs("fatima");

        var timeline = await ggz.Get($"/api/cases/{caseId}/timeline");
        var marked = timeline.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "UnreadableStep").ToList();
        var before = await PdfText.GetAsync(ggz, $"/api/cases/{caseId}/summary.pdf");
        Assert.Multiple(async () =>
        {
            Assert.That(marked.Select(e => e.GetProperty("version").GetInt64()), Is.EqualTo(unreadable.Select(u => u.Version)));
            Assert.That(marked.Select(e => e.GetProperty("problem").GetString()), Is.All.EqualTo(Marker + "."));
            Assert.That(timeline.EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.SupersetOf(new[] { "CaseOpened", "ContributionAdded", "CaseScheduled", "ActionAssigned" }));
            Assert.That((await ggz.Get($"/api/cases/{caseId}")).GetRawText(), Does.Contain(UnreadableSteps.GoodContribution));
            Assert.That(before.Text.All, Does.Contain(UnreadableSteps.GoodContribution));
            Assert.That((await ggz.Get("/api/actions/mine")).GetRawText(), Does.Contain(UnreadableSteps.ActionDescription));
            Assert.That((await (await App.SignedInAs("pieter")).GetAsync($"/api/residents/{resident}/access-report")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });

        // A write decides on the rest of the case; the case's document is built again with the steps marked.
        var written = await ggz.PostCreated($"/api/cases/{caseId}/contributions", new { text = "Bezichtiging gepland", category = "Wonen", weighing = Scenario.Weighing });

        var view = (await ggz.Get($"/api/cases/{caseId}")).GetProperty("case");
        var after = await PdfText.GetAsync(ggz, $"/api/cases/{caseId}/summary.pdf");
        var errors = App.Logs.Of("DoorbraakTafel.Infrastructure.StoredEvents", LogLevel.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(written.GetProperty("version").GetInt64(), Is.EqualTo(unreadable[^1].Version + 1));
            Assert.That(view.GetProperty("stepsNotRead").EnumerateArray().Select(s => s.GetProperty("version").GetInt64()), Is.EqualTo(unreadable.Select(u => u.Version)));
            Assert.That(view.GetRawText(), Does.Contain(UnreadableSteps.GoodContribution).And.Contain("Bezichtiging gepland"));
            Assert.That(after.Text.All, Does.Contain("Stappen die niet konden worden gelezen").And.Contain(Marker).And.Contain(UnreadableSteps.GoodContribution).And.Contain("Bezichtiging gepland"));
            Assert.That((await ggz.Get($"/api/cases/{caseId}/timeline")).GetArrayLength(), Is.EqualTo(timeline.GetArrayLength() + 1));
            Assert.That((await ggz.Get("/api/actions/mine")).GetRawText(), Does.Contain(UnreadableSteps.ActionDescription));
            Assert.That(unreadable.Select(u => u.Id), Is.All.Matches<Guid>(id => errors.Any(e => e.Message.Contains(id.ToString(), StringComparison.Ordinal))), "each logged with its id");
            Assert.That(errors.Select(e => e.Message), Has.None.Contains("schizofrenie").And.None.Contains(UnreadableSteps.UnknownContent), "never with its content");
        });
    }

    [Test]
    public async Task A_client_catching_up_on_the_meeting_gets_the_steps_the_app_cannot_read_as_such_in_their_place()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        await (await App.SignedInAs("fatima")).PostCreated($"/api/cases/{caseId}/contributions", new { text = UnreadableSteps.GoodContribution, category = "Wonen", weighing = Scenario.Weighing });
        var unreadable = await UnreadableSteps.StoreAsync(caseId);
        await using var ggz = await LiveClient.ConnectAsync(App, "fatima");

        var joined = await ggz.JoinAsync(meeting);

        var ofCase = joined.Missed.Where(u => u.StreamId == caseId).ToList();
        var marked = ofCase.Where(u => u.EventType == nameof(UnreadableStep)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(marked.Select(u => u.Version), Is.EqualTo(unreadable.Select(u => u.Version)));
            Assert.That(marked.Select(u => u.Label), Is.All.EqualTo(UnreadableStep.Sentence));
            Assert.That(ofCase.Select(u => u.EventType), Does.Contain("CaseOpened").And.Contain("ContributionAdded"));
            Assert.That(joined.Position, Is.EqualTo(ofCase.Max(u => u.Position)));
        });
    }

    [Test]
    public async Task Erasing_a_resident_whose_case_holds_steps_the_app_cannot_read_is_refused_before_anything_is_erased()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await UnreadableSteps.StoreAsync(caseId);
        var events = await ScalarAsync<string>("select string_agg(data::text, '' order by seq_id) from doorbraak.mt_events where stream_id = $1", caseId);

        var refused = await (await App.SignedInAs("pieter")).PostAsJsonAsync($"/api/residents/{resident}/erasure", new { });

        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), problem);
            Assert.That(problem, Does.Contain("holds 4 stored events the app cannot read"));
            Assert.That(await ScalarAsync<string>("select string_agg(data::text, '' order by seq_id) from doorbraak.mt_events where stream_id = $1", caseId), Is.EqualTo(events));
            Assert.That(await ScalarAsync<long>("select count(*) from identity.mt_doc_resident where id = $1", resident), Is.EqualTo(1));
        });
    }
}

/// <summary>Steps in a case's stream that the app cannot interpret, written with SQL as an older version or a faulty write left them.</summary>
public static class UnreadableSteps
{
    public const string GoodContribution = "Diagnose schizofrenie, stabiel op medicatie";
    public const string ActionDescription = "Woning bezichtigen";
    public const string UnknownContent = "inhoud van een latere versie";

    /// <summary>An action for the referrer (Fatima, GGZ), so the case is on her worklist.</summary>
    public static readonly object Action = new { description = ActionDescription, ownerUserId = "demo-fatima", ownerOrganisationId = "ggz-randmeren", due = Scenario.Today.AddDays(7), vuistregel = "Wonen" };

    /// <summary>
    /// Appends four steps after the case's last, each a copy of its first contribution made
    /// unreadable another way: an event type the app does not know, a category outside the enum
    /// (99, as accepted before strict input), a required text missing, an id that is no id. The
    /// stream's version moves with them, as Marten's append would have moved it.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid Id, long Version)>> StoreAsync(Guid caseId)
    {
        await using var command = TestRun.App.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($$"""
            with good as (select * from doorbraak.mt_events where stream_id = $1 and type = 'contribution_added' order by version limit 1),
                 top as (select max(version) as v from doorbraak.mt_events where stream_id = $1),
                 bad(n, type, dotnet_type, data) as (values
                   (1, 'step_of_a_later_version', 'DoorbraakTafel.Cases.StepOfALaterVersion, DoorbraakTafel', '{"Note": "{{UnknownContent}}"}'::jsonb),
                   (2, 'contribution_added', null, (select jsonb_set(data, '{Text,Category}', '99') from good)),
                   (3, 'contribution_added', null, (select data - 'Text' from good)),
                   (4, 'contribution_added', null, (select jsonb_set(data, '{ContributionId}', '"geen id"') from good))),
                 moved as (update doorbraak.mt_streams set version = version + 4 where id = $1)
            insert into doorbraak.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
            select nextval('doorbraak.mt_events_sequence'), gen_random_uuid(), good.stream_id, top.v + bad.n, bad.data, bad.type,
                   good.timestamp + bad.n * interval '1 second', good.tenant_id, coalesce(bad.dotnet_type, good.mt_dotnet_type)
            from good, top, bad
            returning id, version
            """);
        command.Parameters.AddWithValue(caseId);
        var stored = new List<(Guid, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored.Add((reader.GetGuid(0), reader.GetInt64(1)));
        }

        Assert.That(stored, Has.Count.EqualTo(4));
        return [.. stored.OrderBy(s => s.Item2)];
    }
}
