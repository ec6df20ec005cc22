using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Privacy;

/// <summary>
/// Need to know comes only from the table, and a resident's identity is linked, never fished: each
/// test tries what an insider of a partner organisation would, and asserts the same answer as for
/// something that does not exist, with nothing disclosed.
/// </summary>
public sealed class NeedToKnowTests : AppTest
{
    private const string CaseEvents = "select count(*) from doorbraak.mt_events where type = 'case_opened'";

    private static object Action(string owner, string organisation) =>
        new { description = "Woning zoeken", due = Scenario.Today.AddDays(14), vuistregel = "Wonen", ownerUserId = owner, ownerOrganisationId = organisation };

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Test]
    public async Task A_case_naming_a_resident_the_organisation_does_not_know_gets_the_answer_of_an_unknown_id()
    {
        var (resident, _, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var police = await App.SignedInAs("ruud");
        var casesBefore = await ScalarAsync<long>(CaseEvents);

        var known = await police.SendAsync(Api.Post("/api/cases", new { title = "Vissen", bottleneck = "x", bottleneckCategory = "Wonen", residentId = resident, residentInformed = true }));
        var unknown = await police.SendAsync(Api.Post("/api/cases", new { title = "Vissen", bottleneck = "x", bottleneckCategory = "Wonen", residentId = Guid.CreateVersion7(), residentInformed = true }));

        var (first, second) = (await ProblemOf(known), await ProblemOf(unknown));
        Assert.Multiple(() =>
        {
            Assert.That(known.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(unknown.StatusCode, Is.EqualTo(known.StatusCode));
            Assert.That(first.GetProperty("detail").GetString(), Is.EqualTo(second.GetProperty("detail").GetString()));
            Assert.That(first.GetProperty("title").GetString(), Is.EqualTo(second.GetProperty("title").GetString()));
        });
        Assert.That(await ScalarAsync<long>(CaseEvents), Is.EqualTo(casesBefore), "no case was opened");
    }

    [Test]
    public async Task An_organisation_that_registered_the_resident_or_works_on_their_case_names_them_on_a_new_case()
    {
        var (resident, _, meeting) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var tableId = (await (await App.SignedInAs("sanne")).Get($"/api/meetings/{meeting}")).GetProperty("tableId").GetGuid();

        await (await App.SignedInAs("fatima")).CreatedId("/api/cases", new { title = "Tweede casus", bottleneck = "x", bottleneckCategory = "Wonen", residentId = resident, residentInformed = true, tableId });
        await (await App.SignedInAs("bram")).CreatedId("/api/cases", new { title = "Vanuit de corporatie", bottleneck = "x", bottleneckCategory = "Wonen", residentId = resident, residentInformed = true, tableId });
    }

    [Test]
    public async Task Registering_a_BSN_another_organisation_registered_tells_nothing_and_the_own_organisation_is_told()
    {
        await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var police = await App.SignedInAs("ruud");
        var colleague = await App.SignedInAs("fatima");
        var registration = new { name = "Iemand Anders", bsn = PrivacyScenario.ValidBsn, birthDate = new DateOnly(1984, 3, 1) };

        var byPolice = await police.SendAsync(Api.Post("/api/residents", registration));
        var byTheSameOrganisation = await colleague.SendAsync(Api.Post("/api/residents", registration));

        Assert.That(byPolice.StatusCode, Is.EqualTo(HttpStatusCode.Created), "as for a BSN nobody registered");
        Assert.That(byTheSameOrganisation.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the GGZ knows its own record");
        Assert.That(await ScalarAsync<long>("select count(*) from identity.mt_doc_resident"), Is.EqualTo(2), "one record per organisation");
    }

    [Test]
    public async Task A_search_by_BSN_finds_only_residents_the_organisation_knows_and_is_logged_with_its_purpose()
    {
        var (resident, _, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await using var scope = App.Services.CreateAsyncScope();
        var gate = scope.ServiceProvider.GetRequiredService<PrivacyGate>();
        var police = As("ruud");
        var corporation = As("bram");

        var byPolice = await gate.SearchByBsnAsync(PrivacyScenario.ValidBsn, ResidentSearchReason.CaseReferral, police, Channel.Page, default);
        var nobody = await gate.SearchByBsnAsync("123456782", ResidentSearchReason.CaseReferral, police, Channel.Page, default);
        var byCorporation = await gate.SearchByBsnAsync(PrivacyScenario.ValidBsn, ResidentSearchReason.Consent, corporation, Channel.Page, default);

        Assert.That(byPolice, Is.Empty);
        Assert.That(nobody, Is.Empty);
        Assert.That(byCorporation, Is.EqualTo(new[] { resident }), "the corporation sits at the table of the resident's case");
        var logged = await ScalarAsync<string>(
            "select string_agg(user_id || '|' || legal_bases || '|' || coalesce(data_subject, '-') || '|' || object_id, ' ' order by id) from privacy.disclosure_log where object_type = $1",
            PrivacyGate.ResidentSearchObjectType);
        Assert.That(logged, Is.EqualTo(
            $"demo-ruud|search=none-linked; reason=CaseReferral|{resident}| " +
            "demo-ruud|search=none-linked; reason=CaseReferral|-| " +
            $"demo-bram|search=linked; reason=Consent|{resident}|{resident}"));
        Assert.That(logged, Does.Not.Contain(PrivacyScenario.ValidBsn), "the log holds ids, never the BSN");
    }

    [Test]
    public async Task A_viewer_without_a_basis_for_identification_gets_no_resident_id()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);

        var byCorporation = await (await App.SignedInAs("bram")).Get($"/api/cases/{caseId}");
        var byReferrer = await (await App.SignedInAs("fatima")).Get($"/api/cases/{caseId}");

        Assert.That(byCorporation.GetProperty("case").GetProperty("residentId").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(byCorporation.ToString(), Does.Not.Contain(resident.ToString()));
        Assert.That(byReferrer.GetProperty("case").GetProperty("residentId").GetGuid(), Is.EqualTo(resident));
    }

    [Test]
    public async Task An_action_goes_only_to_an_organisation_with_need_to_know_and_gives_none()
    {
        var (_, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var referrer = await App.SignedInAs("fatima");
        var actionsBefore = await StoredEventsAsync(caseId, "action_assigned");

        var toWelfare = await referrer.SendAsync(Api.Post($"/api/cases/{caseId}/actions", Action("demo-kees", DemoUsers.Welzijn.Id)));
        var toTheCorporation = await referrer.SendAsync(Api.Post($"/api/cases/{caseId}/actions", Action("demo-bram", DemoUsers.Corporatie.Id)));
        var welfareReads = await (await App.SignedInAs("kees")).GetAsync($"/api/cases/{caseId}");

        var problem = await ProblemOf(toWelfare);
        Assert.Multiple(() =>
        {
            Assert.That(toWelfare.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(problem.ToString(), Does.Contain("ownerOrganisationId"));
            Assert.That(toTheCorporation.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the corporation sits at the table");
            Assert.That(welfareReads.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
        Assert.That(await StoredEventsAsync(caseId, "action_assigned"), Is.EqualTo(actionsBefore + 1));
    }

    [Test]
    public async Task A_team_leader_reads_the_cases_of_the_team_only_and_her_own_action_widens_nothing()
    {
        var (table, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var elsewhere = await Scenario.CaseAsync(App, referrer: "kees");
        var teamLead = await App.SignedInAs("lotte");
        var otherTable = await Scenario.TableAsync(App, members: [DemoUsers.Welzijn]);
        var admin = await App.SignedInAs("ingrid");

        var withoutTeam = await teamLead.GetAsync($"/api/cases/{elsewhere}");
        var team = await admin.CreatedId("/api/teams", new { name = "Team Stadsweiden", leaders = new[] { "demo-lotte" }, tables = new[] { otherTable } });
        var notTheTeams = await teamLead.GetAsync($"/api/cases/{elsewhere}");
        var put = await admin.PutAsJsonAsync($"/api/teams/{team}", new { name = "Team Stadsweiden", leaders = new[] { "demo-lotte" }, tables = new[] { otherTable }, professionals = new[] { "demo-kees" } });
        var theTeamsProfessional = await teamLead.GetAsync($"/api/cases/{elsewhere}");
        var ownAction = await teamLead.SendAsync(Api.Post($"/api/cases/{elsewhere}/actions", Action("demo-lotte", DemoUsers.Gemeente.Id)));
        var gemeenteColleague = await (await App.SignedInAs("ahmed")).GetAsync($"/api/cases/{elsewhere}");
        var atHerOrganisationsTable = await teamLead.GetAsync($"/api/cases/{caseId}");

        Assert.Multiple(() =>
        {
            Assert.That(withoutTeam.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a team leader no longer sees every case");
            Assert.That(notTheTeams.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(theTeamsProfessional.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a case of the team's professional");
            Assert.That(ownAction.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "the Gemeente has no need to know of this case");
            Assert.That(gemeenteColleague.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "her role widened nothing for her organisation");
            Assert.That(atHerOrganisationsTable.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"the Gemeente sits at table {table}");
        });
    }

    [Test]
    public async Task A_chair_involves_an_organisation_which_then_reads_with_that_decision_logged_until_the_case_is_closed_and_followed_up()
    {
        var (_, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await App.SignedInAs("sanne");
        var welfare = await App.SignedInAs("kees");
        var involve = new { organisationId = DemoUsers.Welzijn.Id, organisationName = DemoUsers.Welzijn.Name, organisationType = "Welzijn", reason = "Dagbesteding in de wijk regelen", reasonCategory = "Daginvulling" };

        var byAMember = await (await App.SignedInAs("bram")).SendAsync(Api.Post($"/api/cases/{caseId}/involvements", involve));
        var before = await welfare.GetAsync($"/api/cases/{caseId}");
        var decision = await chair.CreatedId($"/api/cases/{caseId}/involvements", involve);
        var again = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/involvements", involve));
        var after = await welfare.GetAsync($"/api/cases/{caseId}");
        var action = await (await App.SignedInAs("fatima")).SendAsync(Api.Post($"/api/cases/{caseId}/actions", Action("demo-kees", DemoUsers.Welzijn.Id)));

        var basis = await ScalarAsync<string>(
            "select legal_bases from privacy.disclosure_log where user_id = 'demo-kees' and object_id = $1 and object_type = 'case' order by id desc limit 1", caseId.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(byAMember.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "only a chair of the case's table decides");
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(action.StatusCode, Is.EqualTo(HttpStatusCode.Created), "an involved organisation may own an action");
            Assert.That(basis, Does.StartWith($"access=involved:{decision}"), "the log names the chair's decision");
        });

        await CloseLongAgoAsync(caseId);
        var afterFollowUp = await welfare.GetAsync($"/api/cases/{caseId}");
        Assert.That(afterFollowUp.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "involvement ends with the case");
    }

    [Test]
    public async Task Completing_a_done_action_of_another_organisation_is_refused_before_its_state_is_told()
    {
        var (_, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var actionId = (await (await App.SignedInAs("fatima")).PostCreated($"/api/cases/{caseId}/actions", Action("demo-fatima", DemoUsers.Ggz.Id))).GetProperty("id").GetGuid();
        await (await App.SignedInAs("fatima")).PostOk($"/api/actions/{actionId}/complete", new { note = "Gedaan" });

        var byCorporation = await (await App.SignedInAs("bram")).SendAsync(Api.Post($"/api/actions/{actionId}/complete", new { note = "Ook gedaan" }));

        Assert.That(byCorporation.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private static CurrentUser As(string userName)
    {
        var user = DemoUsers.Find(userName)!;
        return new CurrentUser(user.UserId, user.DisplayName, user.Role, user.Organisation.Id, user.Organisation.Type);
    }

    [Test]
    public async Task A_tables_meetings_and_signals_answer_only_those_at_the_table_and_signal_texts_only_on_need_to_know()
    {
        var (table, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        var referrer = await App.SignedInAs("fatima");
        await referrer.PostCreated($"/api/cases/{caseId}/signals", new { flaw = "Geen woning zonder inkomen", ruleOrPolicy = "Huisvestingsverordening art. 4", escalatedTo = "Beleidsregisseur", tableId = table });
        await App.CatchUpProjectionsAsync();
        var welfare = await App.SignedInAs("kees");
        var teamLead = await App.SignedInAs("lotte");
        var corporationAtTheTable = await App.SignedInAs("bram");
        var municipalityAtTheTable = await App.SignedInAs("ahmed");

        var meetingByWelfare = await welfare.GetAsync($"/api/meetings/{meeting}");
        var meetingsByWelfare = await welfare.GetAsync($"/api/tables/{table}/meetings");
        var signalsByWelfare = await welfare.GetAsync($"/api/tables/{table}/signals");
        var signalsByTeamLeadWithoutTeam = await teamLead.GetAsync($"/api/tables/{table}/signals");
        var logBefore = await ScalarAsync<long>("select count(*) from privacy.disclosure_log where object_type = $1", PrivacyGate.SignalObjectType);
        var signals = await municipalityAtTheTable.Get($"/api/tables/{table}/signals");
        var logAfter = await ScalarAsync<long>("select count(*) from privacy.disclosure_log where object_type = $1", PrivacyGate.SignalObjectType);

        Assert.Multiple(() =>
        {
            Assert.That(meetingByWelfare.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "an agenda names cases, attendance names people");
            Assert.That(meetingsByWelfare.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(signalsByWelfare.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(signalsByTeamLeadWithoutTeam.StatusCode, Is.EqualTo(HttpStatusCode.OK), "her organisation, the Gemeente, sits at the table");
            Assert.That(signals.GetArrayLength(), Is.EqualTo(1));
            Assert.That(signals[0].GetProperty("flaw").GetString(), Is.EqualTo("Geen woning zonder inkomen"));
            Assert.That(logAfter, Is.EqualTo(logBefore + 1), "the texts shown are logged as a disclosure of the case");
        });
        // The signal's texts are of its case's category (Wonen), for which the corporation has no basis without consent.
        var withheld = (await corporationAtTheTable.Get($"/api/tables/{table}/signals"))[0];
        Assert.That(withheld.GetProperty("flaw").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(withheld.GetProperty("withheld").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task The_team_leaders_overview_holds_the_cases_of_her_team_only()
    {
        var (table, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var byTeamProfessional = await Scenario.CaseAsync(App, referrer: "kees");
        var elsewhere = await Scenario.CaseAsync(App, referrer: "ruud");
        await (await App.SignedInAs("ingrid")).CreatedId("/api/teams", new { name = "Team Stadsweiden", leaders = new[] { "demo-lotte" }, tables = new[] { table }, professionals = new[] { "demo-kees" } });
        var aliases = new Dictionary<Guid, string>();
        await using (var query = App.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            foreach (var id in new[] { caseId, byTeamProfessional, elsewhere })
            {
                aliases[id] = PrivacyGate.AliasOf((await query.LoadAsync<DoorbraakTafel.Cases.Viewing.CaseDetails>(id))!);
            }
        }

        var response = await (await App.SignedInAs("lotte")).GetAsync("/teamleider");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page, Does.Contain(aliases[caseId]), "a case at the team's table");
            Assert.That(page, Does.Contain(aliases[byTeamProfessional]), "a case of the team's professional");
            Assert.That(page, Does.Not.Contain(aliases[elsewhere]), "another team's case");
        });
    }

    /// <summary>Closes the case as if it happened long before the follow-up period, by appending the event as the store would hold it.</summary>
    private static async Task CloseLongAgoAsync(Guid caseId)
    {
        await using var session = App.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Events.Append(caseId, new CaseClosed(caseId, [], new CategorisedText("Afgerond", DataCategory.Ondersteuning), null,
            new Participant("demo-sanne", DemoUsers.Gemeente.Id), DateTimeOffset.UtcNow.AddYears(-2)));
        await session.SaveChangesAsync();
    }
}
