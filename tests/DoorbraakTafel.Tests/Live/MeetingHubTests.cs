using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Live;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Live;

/// <summary>The live board over real hub connections, fed by writes through the API.</summary>
public sealed class MeetingHubTests : AppTest
{
    [Test]
    public async Task A_member_sees_a_contribution_posted_by_another_user_filtered_by_the_privacy_gate()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        await using var bram = await LiveClient.ConnectAsync(App, "bram");
        await using var ahmed = await LiveClient.ConnectAsync(App, "ahmed");
        var joined = await bram.JoinAsync(meeting);
        await ahmed.JoinAsync(meeting);
        var officer = await App.SignedInAs("pieter");
        var logged = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).GetArrayLength();

        await ContributeAsync(caseId, meeting, "Huurachterstand is afgelost");

        var update = await bram.NextAsync<LiveUpdate>(u => u.EventType == "ContributionAdded");
        var municipality = await ahmed.NextAsync<LiveUpdate>(u => u.EventType == "ContributionAdded");
        var hidden = ((JsonElement)update.Content!).GetProperty("texts")[0];
        var shown = ((JsonElement)municipality.Content!).GetProperty("texts")[0];
        Assert.Multiple(() =>
        {
            Assert.That(update.Kind, Is.EqualTo(LiveMethods.CaseUpdated));
            Assert.That(update.StreamId, Is.EqualTo(caseId));
            Assert.That(update.MeetingId, Is.EqualTo(meeting));
            Assert.That(update.Label, Is.EqualTo("Nieuwe inbreng"));
            Assert.That(update.Position, Is.GreaterThan(joined.Position));
            Assert.That(hidden.GetProperty("text").GetString(), Is.Empty, "the corporation has no consent for Wonen");
            Assert.That(hidden.GetProperty("gate").GetProperty("explanation").GetString(), Does.Contain("toestemming"));
            Assert.That(shown.GetProperty("text").GetString(), Is.EqualTo("Huurachterstand is afgelost"), "the municipality has a legal task for Wonen");
        });
        var hubRecords = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).EnumerateArray().Skip(logged)
            .Select(r => r.GetProperty("record")).Where(r => r.GetProperty("channel").GetString() == "Hub").ToList();
        Assert.That(hubRecords.Select(r => r.GetProperty("userId").GetString()), Is.EquivalentTo(new[] { "demo-bram", "demo-ahmed" }));
        // The push filters the case as the contribution's commit stored it, at that version.
        Assert.That(hubRecords.Select(r => r.GetProperty("objectVersion").GetInt64()), Is.All.EqualTo(update.Version));
    }

    [Test]
    public async Task A_push_is_logged_once_per_recipient_before_it_is_sent_in_the_trace_of_the_write()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        await using var bram = await LiveClient.ConnectAsync(App, "bram");
        await using var secondTab = await LiveClient.ConnectAsync(App, "bram");
        await bram.JoinAsync(meeting);
        await secondTab.JoinAsync(meeting);
        var officer = await App.SignedInAs("pieter");
        var logged = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).GetArrayLength();

        var version = await ContributeAsync(caseId, meeting, "Gesprek met de verhuurder gepland");
        var update = await bram.NextAsync<LiveUpdate>(u => u.Version == version);
        await secondTab.NextAsync<LiveUpdate>(u => u.Version == version);

        // Read once the push is in: its records were written before it was sent.
        var logs = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).EnumerateArray().Skip(logged).Select(r => r.GetProperty("record")).ToList();
        var sharing = logs.Single(r => r.GetProperty("channel").GetString() == "Api");
        var pushed = logs.Where(r => r.GetProperty("channel").GetString() == "Hub").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(pushed.Select(r => r.GetProperty("userId").GetString()), Is.EqualTo(new[] { "demo-bram" }), "one record per recipient, two tabs or one");
            Assert.That(pushed[0].GetProperty("objectVersion").GetInt64(), Is.EqualTo(version));
            Assert.That(pushed[0].GetProperty("traceId").GetString(), Is.Not.Null.And.EqualTo(sharing.GetProperty("traceId").GetString()), "logged in the trace of the write");
            Assert.That(update.Content, Is.Not.Null);
            Assert.That(update.Board?.Item?.List, Is.EqualTo("contributions"), "a new contribution brings that item of the case in focus, not the whole case");
            Assert.That(update.Board!.Item!.Html, Does.Contain("data-item=\"").And.Not.Contain("Gesprek met de verhuurder gepland"), "as the gate lets the corporation see it: no consent for Wonen");
        });
    }

    [Test]
    public async Task A_write_reads_nothing_for_the_live_board_and_the_notifier_reads_only_while_someone_follows()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        // The clients of earlier tests leave their meetings as their connections close.
        var rooms = App.Services.GetRequiredService<MeetingRooms>();
        for (var waited = 0; rooms.AnyoneInAnyMeeting && waited < 100; waited++)
        {
            await Task.Delay(50);
        }

        var statements = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => statements.Enqueue(activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? ""),
        };
        ActivitySource.AddActivityListener(listener);
        int BoardReads() => statements.Count(s => s.Contains("mt_doc_meetingboard", StringComparison.Ordinal));

        await ContributeAsync(caseId, meeting, "Tussen twee bijeenkomsten");
        // The notifier takes the commit at once; give it time to do so before anyone joins.
        await Task.Delay(300);
        var unfollowed = BoardReads();
        await using var bram = await LiveClient.ConnectAsync(App, "bram");
        await bram.JoinAsync(meeting);
        statements.Clear();
        var version = await ContributeAsync(caseId, meeting, "Terwijl Bram meekijkt");
        var fetch = statements.First(s => s.Contains("mt_doc_casedetails", StringComparison.Ordinal));
        var update = await bram.NextAsync<LiveUpdate>(u => u.Version == version);

        Assert.That(unfollowed, Is.Zero, "nobody to push to: nothing read");
        Assert.That(fetch, Does.Not.Contain("mt_doc_meetingboard"), "the write's fetch knows nothing of the live board");
        Assert.That(BoardReads(), Is.EqualTo(1), "the notifier reads the meetings holding the case once");
        Assert.That(update.Content, Is.Not.Null);
    }

    [Test]
    public async Task A_non_member_is_refused_and_receives_nothing_afterwards()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        await using var bram = await LiveClient.ConnectAsync(App, "bram");
        await bram.JoinAsync(meeting);
        await using var kees = await LiveClient.ConnectAsync(App, "kees");

        var refusal = Assert.ThrowsAsync<HubException>(() => kees.JoinAsync(meeting));
        Assert.That(refusal!.Message, Does.Contain("may not follow this meeting"));

        await ContributeAsync(caseId, meeting, "Eerste inbreng na de weigering");
        await SettleAsync(bram, caseId, meeting);
        await kees.RoundTripAsync();

        Assert.That(kees.Taken, Is.Empty);
        Assert.That(bram.Taken.OfType<PresenceChanged>().SelectMany(p => p.Present).Select(p => p.UserId), Has.None.EqualTo("demo-kees"));
    }

    [Test]
    public async Task A_client_that_rejoins_from_its_last_position_gets_exactly_the_three_events_it_missed_in_order()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        await using var esther = await LiveClient.ConnectAsync(App, "esther");
        await esther.JoinAsync(meeting);
        var bram = await LiveClient.ConnectAsync(App, "bram");
        var lastSeen = (await bram.JoinAsync(meeting)).Position;
        await bram.DisposeAsync();

        var fatima = await App.SignedInAs("fatima");
        await ContributeAsync(caseId, meeting, "Inbreng terwijl Bram weg is");
        await fatima.PostCreated($"/api/cases/{caseId}/proposals", new { text = "Voorstel terwijl Bram weg is", category = "Wonen" });
        await ContributeAsync(caseId, meeting, "Nog een inbreng");
        // Every push of the three is out before Bram returns, so none can reach him live as well.
        await esther.NextAsync<LiveUpdate>(u => u.EventType == "ContributionAdded");
        await esther.NextAsync<LiveUpdate>(u => u.EventType == "ProposalMade");
        var third = await esther.NextAsync<LiveUpdate>(u => u.EventType == "ContributionAdded");

        await using var back = await LiveClient.ConnectAsync(App, "bram");
        var rejoined = await back.JoinAsync(meeting, lastSeen);

        Assert.That(rejoined.Missed.Select(m => m.EventType), Is.EqualTo(new[] { "ContributionAdded", "ProposalMade", "ContributionAdded" }));
        Assert.Multiple(() =>
        {
            Assert.That(rejoined.Missed.Select(m => m.Position), Is.Ordered.Ascending.And.Unique);
            Assert.That(rejoined.Missed.Select(m => m.StreamId), Is.All.EqualTo(caseId));
            Assert.That(rejoined.Missed.Select(m => m.Version), Is.EqualTo(Enumerable.Range((int)rejoined.Missed[0].Version, 3).Select(v => (long)v)), "consecutive stream versions");
            // Content is filtered per organisation (Esther's differs from Bram's), and only a live push brings the board part (a catch-up is followed by a page load); the rest is the same message as pushed live.
            Assert.That(rejoined.Missed[^1] with { Content = null }, Is.EqualTo(third with { Content = null, Board = null }), "the same message as pushed live");
            Assert.That(rejoined.Position, Is.EqualTo(third.Position));
            Assert.That(rejoined.More, Is.False);
        });

        await ContributeAsync(caseId, meeting, "Weer live");
        var live = await back.NextAsync<LiveUpdate>();
        await back.RoundTripAsync();
        Assert.That(live.Position, Is.GreaterThan(third.Position));
        Assert.That(back.Taken.OfType<LiveUpdate>(), Has.Exactly(1).Items, "none of the three arrives a second time");
    }

    [Test]
    public async Task Joining_from_the_start_replays_the_board_with_the_facts_as_they_were_at_each_step()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        await using var lotte = await LiveClient.ConnectAsync(App, "lotte");

        var joined = await lotte.JoinAsync(meeting);

        var board = joined.Missed.Where(m => m.Kind == LiveMethods.MeetingUpdated).ToDictionary(m => m.EventType, m => m.Facts);
        Assert.Multiple(() =>
        {
            Assert.That(joined.Missed.Select(m => m.EventType), Is.EqualTo(new[]
            {
                "MeetingPlanned", "CaseOpened", "CaseAddedToAgenda", "CaseScheduled", "MeetingOpened", "CurrentItemMoved", "CaseTakenUp",
            }).AsCollection, "the meeting's events and those of the case on its agenda, in order");
            Assert.That(board["MeetingPlanned"], Is.Null, "no facts for events that do not steer the board");
            Assert.That(board["CaseAddedToAgenda"], Is.EqualTo(new MeetingFacts(MeetingStatus.Planned, null, [caseId])).Using<MeetingFacts>(SameFacts));
            Assert.That(board["MeetingOpened"], Is.EqualTo(new MeetingFacts(MeetingStatus.Open, null, [caseId])).Using<MeetingFacts>(SameFacts));
            Assert.That(board["CurrentItemMoved"], Is.EqualTo(new MeetingFacts(MeetingStatus.Open, caseId, [caseId])).Using<MeetingFacts>(SameFacts));
            Assert.That(joined.Position, Is.EqualTo(joined.Missed[^1].Position));
        });
    }

    [Test]
    public async Task Presence_shows_who_joins_and_leaves_and_counts_two_tabs_of_one_user_once()
    {
        var (_, meeting, _) = await Scenario.MeetingInProgressAsync(App);
        await using var bram = await LiveClient.ConnectAsync(App, "bram");
        var joined = await bram.JoinAsync(meeting);
        Assert.That(joined.Present.Select(p => p.UserId), Is.EqualTo(new[] { "demo-bram" }));
        await bram.NextAsync<PresenceChanged>(); // his own arrival

        await using var sanneTab1 = await LiveClient.ConnectAsync(App, "sanne");
        var sanneTab2 = await LiveClient.ConnectAsync(App, "sanne");
        await sanneTab1.JoinAsync(meeting);
        var sanneArrived = await bram.NextAsync<PresenceChanged>();
        var secondTab = await sanneTab2.JoinAsync(meeting);
        await sanneTab1.LeaveAsync(meeting);
        await sanneTab2.DisposeAsync();
        var sanneGone = await bram.NextAsync<PresenceChanged>();

        Assert.Multiple(() =>
        {
            Assert.That(sanneArrived.Present, Is.EqualTo(new[] { new PresentUser("demo-bram", "Bram Hendriks", "woonstichting-de-linde"), new PresentUser("demo-sanne", "Sanne Vos", "gem-harderwijk") }));
            Assert.That(secondTab.Present.Select(p => p.UserId), Is.EqualTo(new[] { "demo-bram", "demo-sanne" }), "the second tab counts once");
            Assert.That(sanneGone.Present.Select(p => p.UserId), Is.EqualTo(new[] { "demo-bram" }), "gone when her last tab is");
        });
    }

    [Test]
    public async Task The_chairs_move_to_the_next_item_reaches_every_participant_with_the_new_current_case()
    {
        var (table, meeting, _) = await Scenario.MeetingInProgressAsync(App);
        var chair = await App.SignedInAs("sanne");
        var next = await Scenario.CaseAsync(App, "esther", table);
        await chair.PostOk($"/api/meetings/{meeting}/agenda", new { caseId = next });
        LiveClient[] participants =
        [
            await LiveClient.ConnectAsync(App, "bram"),
            await LiveClient.ConnectAsync(App, "fatima"),
            await LiveClient.ConnectAsync(App, "esther"),
            await LiveClient.ConnectAsync(App, "lotte"),
        ];
        try
        {
            foreach (var participant in participants)
            {
                await participant.JoinAsync(meeting);
            }

            await chair.PostOk($"/api/meetings/{meeting}/current-item", new { caseId = next });

            foreach (var participant in participants)
            {
                var moved = await participant.NextAsync<LiveUpdate>(u => u.EventType == "CurrentItemMoved");
                Assert.Multiple(() =>
                {
                    Assert.That(moved.Kind, Is.EqualTo(LiveMethods.MeetingUpdated), participant.UserName);
                    Assert.That(moved.Label, Is.EqualTo("Volgend agendapunt"));
                    Assert.That(moved.Facts!.CurrentCaseId, Is.EqualTo(next), participant.UserName);
                    Assert.That(moved.Facts.Status, Is.EqualTo(MeetingStatus.Open));
                    Assert.That(moved.Facts.Agenda, Has.Count.EqualTo(2).And.Contains(next));
                });
            }
        }
        finally
        {
            foreach (var participant in participants)
            {
                await participant.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task An_organisation_removed_from_the_table_stops_receiving_at_once()
    {
        var (table, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        await using var bram = await LiveClient.ConnectAsync(App, "bram");
        await bram.JoinAsync(meeting);
        await using var esther = await LiveClient.ConnectAsync(App, "esther");
        await esther.JoinAsync(meeting);

        var admin = await App.SignedInAs("ingrid");
        await admin.PostOk($"/api/tables/{table}/members/woonstichting-de-linde/leave", new { reason = "Geen woningen meer in deze wijk" });

        var ended = await bram.NextAsync<AccessEnded>();
        Assert.That(ended, Is.EqualTo(new AccessEnded(meeting, null, LiveAccess.LeftTableReason)));
        var bramGone = await esther.NextAsync<PresenceChanged>(p => p.Present.All(u => u.UserId != "demo-bram"));
        Assert.That(bramGone.Present.Select(p => p.UserId), Is.EqualTo(new[] { "demo-esther" }));

        var before = bram.Taken.Count;
        await ContributeAsync(caseId, meeting, "Inbreng na het vertrek van de corporatie");
        await SettleAsync(esther, caseId, meeting);
        await bram.RoundTripAsync();
        Assert.That(bram.Taken.Skip(before), Is.Empty);
        Assert.ThrowsAsync<HubException>(() => bram.JoinAsync(meeting));
    }

    [Test]
    public async Task A_team_leader_stops_following_a_meeting_once_its_table_leaves_her_team()
    {
        // Lotte (team leader, Gemeente) follows this table only through her team: her organisation is not at it.
        var table = await Scenario.TableAsync(App, chair: "demo-joost", members: [DemoUsers.Ggz, DemoUsers.Corporatie]);
        var admin = await App.SignedInAs("ingrid");
        var team = await admin.CreatedId("/api/teams", new { name = "Team Stadsweiden", leaders = new[] { "demo-lotte" }, tables = new[] { table } });
        var chair = await App.SignedInAs("joost");
        var meeting = await chair.CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today });
        await chair.PostOk($"/api/meetings/{meeting}/open", new { });
        await using var bram = await LiveClient.ConnectAsync(App, "bram");
        await bram.JoinAsync(meeting);
        await using var lotte = await LiveClient.ConnectAsync(App, "lotte");
        await lotte.JoinAsync(meeting);

        // A change that keeps the table in her team changes nothing for her.
        await admin.PutOk($"/api/teams/{team}", new { name = "Team Stadsweiden-Oost", leaders = new[] { "demo-lotte" }, tables = new[] { table } });
        await lotte.RoundTripAsync();
        Assert.That(lotte.Taken.OfType<AccessEnded>(), Is.Empty);

        await admin.PutOk($"/api/teams/{team}", new { name = "Team Stadsweiden-Oost", leaders = new[] { "demo-lotte" }, tables = Array.Empty<Guid>() });

        Assert.That(await lotte.NextAsync<AccessEnded>(), Is.EqualTo(new AccessEnded(meeting, null, LiveAccess.LeftTeamReason)));
        var lotteGone = await bram.NextAsync<PresenceChanged>(p => p.Present.All(u => u.UserId != "demo-lotte"));
        Assert.That(lotteGone.Present.Select(p => p.UserId), Is.EqualTo(new[] { "demo-bram" }));
        Assert.ThrowsAsync<HubException>(() => lotte.JoinAsync(meeting));
    }

    [Test]
    public async Task The_hub_refuses_a_connection_without_sign_in()
    {
        await using var anonymous = new HubConnectionBuilder().WithUrl(new Uri(App.BaseAddress, "hubs/meeting")).Build();

        var refused = Assert.CatchAsync<HttpRequestException>(() => anonymous.StartAsync());

        Assert.That(refused!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
    }

    private static bool SameFacts(MeetingFacts actual, MeetingFacts expected) =>
        actual.Status == expected.Status && actual.CurrentCaseId == expected.CurrentCaseId && actual.Agenda.SequenceEqual(expected.Agenda);

    /// <returns>The case's version after the contribution, to recognise its push.</returns>
    private static async Task<long> ContributeAsync(Guid caseId, Guid meetingId, string text) =>
        (await (await App.SignedInAs("fatima")).PostCreated($"/api/cases/{caseId}/contributions", new { text, category = "Wonen", meetingId, weighing = Scenario.Weighing }))
            .GetProperty("version").GetInt64();

    /// <summary>
    /// Makes one more write and waits until the observer has it: the notifier pushes commit after
    /// commit, so every push of the earlier writes has gone out by then, to every connection.
    /// </summary>
    private static async Task SettleAsync(LiveClient observer, Guid caseId, Guid meetingId)
    {
        var version = await ContributeAsync(caseId, meetingId, "Ijkpunt");
        await observer.NextAsync<LiveUpdate>(u => u.StreamId == caseId && u.Version == version);
    }
}
