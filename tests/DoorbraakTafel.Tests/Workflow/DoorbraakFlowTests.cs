using DoorbraakTafel.Tests.Infrastructure;

namespace DoorbraakTafel.Tests.Workflow;

public sealed class DoorbraakFlowTests : AppTest
{
    [Test]
    public async Task A_case_goes_from_referral_through_a_meeting_to_closure_and_the_timeline_shows_every_step_in_order()
    {
        var table = await Scenario.TableAsync(App);
        var chair = await App.SignedInAs("sanne");
        var ggz = await App.SignedInAs("fatima");
        var corporation = await App.SignedInAs("bram");
        var debt = await App.SignedInAs("esther");

        var meeting = await chair.CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today.AddDays(1) });
        var caseId = await ggz.CreatedId("/api/cases", new { title = "Reizen zonder kaartje", bottleneck = "Boetes leiden tot detentie", bottleneckCategory = "Financien", residentInformed = true, tableId = table });
        await chair.PostOk($"/api/meetings/{meeting}/agenda", new { caseId });
        await chair.PostOk($"/api/meetings/{meeting}/open", new { });
        await corporation.PostOk($"/api/meetings/{meeting}/attendance", new { });
        await chair.PostOk($"/api/meetings/{meeting}/current-item", new { caseId });
        await debt.PostOk($"/api/cases/{caseId}/assessments", new { vuistregel = "Financien", status = "Zorgelijk", note = "Boetes stapelen zich op" });
        await ggz.PostOk($"/api/cases/{caseId}/voice", new { words = "Ik moet naar mijn werk bij Shell.", wishes = "Gewoon kunnen reizen", category = "Daginvulling" });
        await ggz.PostCreated($"/api/cases/{caseId}/contributions", new { text = "Behandeling is uitgeput; hij is niet gevaarlijk.", category = "Ondersteuning", meetingId = meeting, weighing = Scenario.Weighing });
        var proposal = await ggz.CreatedId($"/api/cases/{caseId}/proposals", new { text = "Een NS-jaarkaart in plaats van boetes", category = "Financien" });
        await chair.PostOk($"/api/cases/{caseId}/proposals/{proposal}/positions", new { position = "Agree" });
        await corporation.PostOk($"/api/cases/{caseId}/proposals/{proposal}/positions", new { position = "Object", reason = "Precedent voor andere huurders" });
        var decision = await chair.PostCreated($"/api/cases/{caseId}/decisions", new
        {
            what = "De gemeente koopt een NS-jaarkaart",
            why = "Goedkoper en menselijker dan detentie",
            category = "Financien",
            proposalId = proposal,
            meetingId = meeting,
            breakthrough = true,
            ruleDeviation = new
            {
                rule = "Bijzondere bijstand vergoedt geen reiskosten",
                reason = "Maatwerk voorkomt detentie",
                legalHook = "Hardheidsclausule",
                mandate = new { person = "M. de Boer", role = "Wethouder", organisation = "Gemeente Harderwijk", reference = "B&W 2026-118" },
            },
            costComparison = new
            {
                current = new object[] { new { label = "Detentie", amount = 50000m, period = "PerYear" }, new { label = "Casusoverleg", amount = 500m, period = "PerMonth" } },
                proposed = new object[] { new { label = "NS-jaarkaart", amount = 3000m, period = "PerYear" } },
            },
        });
        var action = await chair.CreatedId($"/api/cases/{caseId}/actions", new { description = "Jaarkaart aanvragen", ownerUserId = "demo-ahmed", ownerOrganisationId = "gem-harderwijk", due = Scenario.Today.AddDays(7), vuistregel = "Financien" });
        await (await App.SignedInAs("ahmed")).PostOk($"/api/actions/{action}/complete", new { note = "Uitgereikt" });
        await chair.PostOk($"/api/meetings/{meeting}/close", new { });
        await chair.PostOk($"/api/cases/{caseId}/close", new
        {
            outcomes = new[] { "Wonen", "Financien", "Daginvulling", "Ondersteuning", "Leefomgeving" }.Select(v => new { vuistregel = v, status = "OpOrde" }),
            summary = "Reist met jaarkaart, geen nieuwe boetes",
            followUpOn = Scenario.Today.AddMonths(3),
        });

        var details = (await chair.Get($"/api/cases/{caseId}")).GetProperty("case");
        Assert.That(details.GetProperty("status").GetString(), Is.EqualTo("Afgesloten"));
        var recorded = details.GetProperty("decisions")[0];
        Assert.That(recorded.GetProperty("id").GetGuid(), Is.EqualTo(decision.GetProperty("id").GetGuid()));
        Assert.That(recorded.GetProperty("ruleDeviation").GetProperty("mandate").GetProperty("reference").GetString(), Is.EqualTo("B&W 2026-118"));
        Assert.That(recorded.GetProperty("costComparison").GetProperty("yearlyDifferenceInCents").GetInt64(), Is.EqualTo(53_000_00));
        Assert.That(details.GetProperty("proposals")[0].GetProperty("positions").GetArrayLength(), Is.EqualTo(2));
        Assert.That(details.GetProperty("actions")[0].GetProperty("status").GetString(), Is.EqualTo("Done"));

        var timeline = await chair.Get($"/api/cases/{caseId}/timeline");
        var steps = timeline.EnumerateArray().Select(e => (Type: e.GetProperty("type").GetString(), By: e.GetProperty("by").GetProperty("userId").GetString())).ToList();
        Assert.That(steps, Is.EqualTo(new (string?, string?)[]
        {
            ("CaseOpened", "demo-fatima"),
            ("CaseScheduled", "demo-sanne"),
            ("CaseTakenUp", "demo-sanne"),
            ("VuistregelAssessed", "demo-esther"),
            ("ResidentVoiceRecorded", "demo-fatima"),
            ("ContributionAdded", "demo-fatima"),
            ("ProposalMade", "demo-fatima"),
            ("PositionTaken", "demo-sanne"),
            ("PositionTaken", "demo-bram"),
            ("DecisionRecorded", "demo-sanne"),
            ("ActionAssigned", "demo-sanne"),
            ("ActionCompleted", "demo-ahmed"),
            ("CaseClosed", "demo-sanne"),
        }));
        var versions = timeline.EnumerateArray().Select(e => e.GetProperty("version").GetInt64());
        var times = timeline.EnumerateArray().Select(e => e.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.That(versions, Is.EqualTo(Enumerable.Range(1, steps.Count).Select(v => (long)v)));
        Assert.That(times, Is.Ordered);

        var board = await chair.Get($"/api/meetings/{meeting}");
        Assert.That(board.GetProperty("status").GetString(), Is.EqualTo("Closed"));
        Assert.That(board.GetProperty("attendance")[0].GetProperty("userId").GetString(), Is.EqualTo("demo-bram"));
    }

    [Test]
    public async Task Members_change_and_the_table_keeps_their_history()
    {
        var table = await Scenario.TableAsync(App);
        var admin = await App.SignedInAs("ingrid");

        await admin.PostOk($"/api/tables/{table}/members", new { organisationId = "politie-noord-veluwe", name = "Politie", type = "Politie" });
        await admin.PostOk($"/api/tables/{table}/members/woonstichting-de-linde/leave", new { reason = "Convenant opgezegd" });

        var details = await admin.Get($"/api/tables/{table}");
        var organisations = details.GetProperty("organisations").EnumerateArray().ToList();
        var corporation = organisations.Single(o => o.GetProperty("id").GetString() == "woonstichting-de-linde");
        Assert.That(corporation.GetProperty("until").ValueKind, Is.Not.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(corporation.GetProperty("leftBecause").GetString(), Is.EqualTo("Convenant opgezegd"));
        Assert.That(details.GetProperty("currentMembers").EnumerateArray().Select(o => o.GetProperty("id").GetString()),
            Does.Contain("politie-noord-veluwe").And.Not.Contain("woonstichting-de-linde"));
    }

    [Test]
    public async Task Open_actions_appear_on_the_owners_worklist_and_signals_on_the_tables_list()
    {
        var (table, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await App.SignedInAs("sanne");
        await chair.PostCreated($"/api/cases/{caseId}/actions", new { description = "Woning zoeken", ownerUserId = "demo-bram", ownerOrganisationId = "woonstichting-de-linde", due = Scenario.Today.AddDays(3), vuistregel = "Wonen" });
        await chair.PostCreated($"/api/cases/{caseId}/signals", new { flaw = "Geen urgentie bij uitstroom uit BW", ruleOrPolicy = "Huisvestingsverordening art. 2.5", escalatedTo = "Beleidsteam Wonen" });

        await App.CatchUpProjectionsAsync();

        var worklist = await (await App.SignedInAs("bram")).Get("/api/actions/mine");
        var signals = await chair.Get($"/api/tables/{table}/signals");
        var details = (await chair.Get($"/api/cases/{caseId}")).GetProperty("case");
        Assert.That(worklist.EnumerateArray().Select(a => a.GetProperty("caseId").GetGuid()), Is.EqualTo(new[] { caseId }));
        Assert.That(signals.EnumerateArray().Select(s => s.GetProperty("flaw").GetString()), Is.EqualTo(new[] { "Geen urgentie bij uitstroom uit BW" }));
        Assert.That(details.GetProperty("vuistregelsWithoutAction").EnumerateArray().Select(v => v.GetString()),
            Is.EquivalentTo(new[] { "Financien", "Daginvulling", "Ondersteuning", "Leefomgeving" }));
    }

    [Test]
    public async Task The_housing_profile_and_its_roadmap_are_kept_with_dates()
    {
        var caseId = await Scenario.CaseAsync(App);
        var ggz = await App.SignedInAs("fatima");

        await ggz.PostOk($"/api/cases/{caseId}/housing-profile", new { wishes = "Rustige buurt, begane grond", supportConditions = "Ambulante begeleiding 2x per week", income = "Wajong", risks = "Terugval bij stress" });
        await ggz.PostOk($"/api/cases/{caseId}/roadmap", new { step = "Inventarisatie", on = Scenario.Today });
        await ggz.PostOk($"/api/cases/{caseId}/roadmap", new { step = "Consultatie", on = Scenario.Today.AddDays(10), note = "Met corporatie en GGZ" });

        var details = (await ggz.Get($"/api/cases/{caseId}")).GetProperty("case");
        Assert.That(details.GetProperty("housingProfile").GetProperty("income").GetProperty("category").GetString(), Is.EqualTo("Financien"));
        Assert.That(details.GetProperty("roadmap").EnumerateArray().Select(r => r.GetProperty("step").GetString()), Is.EqualTo(new[] { "Inventarisatie", "Consultatie" }));
    }
}
