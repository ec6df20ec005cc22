using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Privacy;

public sealed class PrivacyGateTests : AppTest
{
    [Test]
    public async Task A_viewer_without_basis_gets_the_case_pseudonymised_with_redaction_reasons()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var corporation = await App.SignedInAs("bram");

        var view = await corporation.Get($"/api/cases/{caseId}");

        Assert.That(view.GetProperty("alias").GetString(), Does.Match(@"^DT-\d{4}-[0-9A-F]{6}$"));
        Assert.That(view.GetProperty("resident").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var bottleneck = view.GetProperty("case").GetProperty("bottleneck");
        Assert.That(bottleneck.GetProperty("text").GetString(), Is.Empty);
        Assert.That(bottleneck.GetProperty("gate").GetProperty("shown").GetBoolean(), Is.False);
        Assert.That(bottleneck.GetProperty("gate").GetProperty("explanation").GetString(), Does.Contain("toestemming"));
        var health = view.GetProperty("case").GetProperty("contributions")[0].GetProperty("text");
        Assert.That(health.GetProperty("text").GetString(), Is.Empty);
        Assert.That(health.GetProperty("gate").GetProperty("explanation").GetString(), Does.Contain("geen grondslag"));
        Assert.That(view.ToString(), Does.Not.Contain("schizofrenie").And.Not.Contain(PrivacyScenario.Name).And.Not.Contain(PrivacyScenario.ValidBsn));
    }

    [Test]
    public async Task Consent_given_shows_the_category_and_withdrawn_consent_redacts_the_very_next_read()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var ggz = await App.SignedInAs("fatima");
        var corporation = await App.SignedInAs("bram");
        var consent = await ggz.CreatedId($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Wonen", "Woningcorporatie"));

        var shown = (await corporation.Get($"/api/cases/{caseId}")).GetProperty("case").GetProperty("bottleneck");
        await ggz.PostOk($"/api/consents/{consent}/withdraw", new { reason = "Inwoner wil het niet meer" });
        var redacted = (await corporation.Get($"/api/cases/{caseId}")).GetProperty("case").GetProperty("bottleneck");

        Assert.That(shown.GetProperty("text").GetString(), Is.EqualTo("Woning nodig met begeleiding"));
        Assert.That(shown.GetProperty("gate").GetProperty("explanation").GetString(), Does.Contain("Toestemming"));
        Assert.That(redacted.GetProperty("text").GetString(), Is.Empty);
        Assert.That(redacted.GetProperty("gate").GetProperty("explanation").GetString(), Does.Contain("ingetrokken"));
    }

    [Test]
    public async Task A_free_note_passes_the_gate_with_the_category_of_what_it_annotates()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var ggz = await App.SignedInAs("fatima");
        await ggz.PostOk($"/api/cases/{caseId}/roadmap", new { step = "Consultatie", on = Scenario.Today, note = "Bezichtiging samen met de woonbegeleider" });

        // The roadmap is about housing: the municipality has a rule for it, the corporation has no consent.
        var municipality = (await (await App.SignedInAs("sanne")).Get($"/api/cases/{caseId}")).GetProperty("case");
        var corporation = (await (await App.SignedInAs("bram")).Get($"/api/cases/{caseId}")).GetProperty("case");

        Assert.That(municipality.GetProperty("roadmap")[0].GetProperty("note").GetString(), Is.EqualTo("Bezichtiging samen met de woonbegeleider"));
        Assert.That(corporation.GetProperty("roadmap")[0].GetProperty("note").GetString(), Is.Empty);
        Assert.That(corporation.GetProperty("roadmap")[0].GetProperty("step").GetString(), Is.EqualTo("Consultatie"), "the step itself is no personal content");
    }

    [Test]
    public async Task A_viewer_with_a_legal_basis_sees_identity_and_content_but_not_health_data()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var municipality = await App.SignedInAs("sanne");

        var view = await municipality.Get($"/api/cases/{caseId}");

        Assert.That(view.GetProperty("resident").GetProperty("name").GetString(), Is.EqualTo(PrivacyScenario.Name));
        Assert.That(view.GetProperty("resident").GetProperty("id").GetGuid(), Is.EqualTo(resident));
        Assert.That(view.GetProperty("case").GetProperty("bottleneck").GetProperty("text").GetString(), Is.EqualTo("Woning nodig met begeleiding"));
        Assert.That(view.GetProperty("case").GetProperty("contributions")[0].GetProperty("text").GetProperty("text").GetString(), Is.Empty);
    }

    [Test]
    public async Task A_list_names_cases_by_title_only_on_need_to_know_and_logs_each_title_shown_as_a_title_disclosure()
    {
        var (resident, onTable, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        // Referred by the welfare foundation, which sits at no table: the municipality has no need to know it.
        var elsewhere = await (await App.SignedInAs("kees")).CreatedId("/api/cases",
            new { title = "Schulden en dreigende ontruiming", bottleneck = "Betalingsregeling loopt vast", bottleneckCategory = "Financien", residentInformed = true });
        var officer = await App.SignedInAs("pieter");
        var before = (await officer.Get($"/api/privacy/disclosures?caseId={onTable}")).GetArrayLength();
        var sanne = DemoUsers.Find("sanne")!;

        IReadOnlyDictionary<Guid, CaseTitle> titles;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            titles = await scope.ServiceProvider.GetRequiredService<PrivacyGate>().ViewTitlesAsync(
                [onTable, elsewhere, Guid.NewGuid()],
                new CurrentUser(sanne.UserId, sanne.DisplayName, sanne.Role, sanne.Organisation.Id, sanne.Organisation.Type),
                Channel.Page,
                CancellationToken.None);
        }

        Assert.That(titles.Keys, Is.EquivalentTo(new[] { onTable, elsewhere }), "a case that does not exist is left out");
        Assert.That(titles[onTable].Title, Is.EqualTo("Uitstroom BW"));
        Assert.That(titles[onTable].Denied, Is.Null);
        Assert.That(titles[elsewhere].Title, Is.Null);
        Assert.That(titles[elsewhere].Alias, Does.Match(@"^DT-\d{4}-[0-9A-F]{6}$"));
        Assert.That(titles[elsewhere].Denied, Is.Not.Empty);
        var records = (await officer.Get($"/api/privacy/disclosures?caseId={onTable}")).EnumerateArray().Skip(before).Select(r => r.GetProperty("record")).ToList();
        Assert.That(records, Has.Count.EqualTo(1));
        Assert.That(records[0].GetProperty("objectType").GetString(), Is.EqualTo(PrivacyGate.TitleObjectType));
        Assert.That(records[0].GetProperty("categoriesShown").GetString(), Is.Empty, "a title shows no text of the case");
        Assert.That(records[0].GetProperty("channel").GetString(), Is.EqualTo("Page"));
        Assert.That(records[0].GetProperty("userId").GetString(), Is.EqualTo(sanne.UserId));
        Assert.That(records[0].GetProperty("dataSubject").GetString(), Is.EqualTo(resident.ToString()));
        Assert.That((await officer.Get($"/api/privacy/disclosures?caseId={elsewhere}")).GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Every_read_writes_exactly_one_disclosure_record_with_the_logging_fields()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var municipality = await App.SignedInAs("sanne");
        var officer = await App.SignedInAs("pieter");
        var before = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).GetArrayLength();

        await municipality.Get($"/api/cases/{caseId}");
        await municipality.Get($"/api/cases/{caseId}");

        var records = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).EnumerateArray().Skip(before).Select(r => r.GetProperty("record")).ToList();
        Assert.That(records, Has.Count.EqualTo(2));
        var record = records[0];
        Assert.That(record.GetProperty("userId").GetString(), Is.EqualTo("demo-sanne"));
        Assert.That(record.GetProperty("role").GetString(), Is.EqualTo("Chair"));
        Assert.That(record.GetProperty("organisationId").GetString(), Is.EqualTo("gem-harderwijk"));
        Assert.That(record.GetProperty("purpose").GetString(), Is.EqualTo("doorbraaktafel-casusoverleg"));
        Assert.That(record.GetProperty("processingActivityId").GetString(), Is.Not.Empty);
        Assert.That(record.GetProperty("legalBases").GetString(), Does.Contain("Wonen=rule:gemeente-wonen"));
        Assert.That(record.GetProperty("dataSubject").GetString(), Is.EqualTo(resident.ToString()));
        Assert.That(record.GetProperty("categoriesShown").GetString(), Does.Contain("Identificatie").And.Contain("Wonen"));
        Assert.That(record.GetProperty("categoriesRedacted").GetString(), Does.Contain("Gezondheid"));
        Assert.That(record.GetProperty("channel").GetString(), Is.EqualTo("Api"));
        Assert.That(record.GetProperty("objectId").GetString(), Is.EqualTo(caseId.ToString()));
        Assert.That(record.GetProperty("objectVersion").GetInt64(), Is.GreaterThan(0));
        Assert.That(record.GetProperty("traceId").GetString(), Has.Length.EqualTo(32));
        Assert.That(record.GetProperty("spanId").GetString(), Has.Length.EqualTo(16));
    }

    [Test]
    public async Task A_contribution_with_its_weighing_shows_it_in_the_timeline_and_the_disclosure_log()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var ggz = await App.SignedInAs("fatima");
        var officer = await App.SignedInAs("pieter");

        var timeline = await ggz.Get($"/api/cases/{caseId}/timeline");
        var shared = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}&userId=demo-fatima")).EnumerateArray()
            .Select(r => r.GetProperty("record")).Where(r => r.GetProperty("objectType").GetString() == "case-contribution").ToList();

        var contribution = timeline.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "ContributionAdded");
        Assert.That(contribution.GetProperty("weighing").GetProperty("subsidiarity").GetString(), Is.Not.Empty);
        Assert.That(shared, Has.Count.EqualTo(1));
        Assert.That(shared[0].GetProperty("categoriesShown").GetString(), Is.EqualTo("Gezondheid"));
        // The log refers to the weighing (which erasure can reach) and never copies its free text.
        Assert.That(shared[0].GetProperty("legalBases").GetString(), Does.Match("^Gezondheid=shared:contribution:[0-9a-f-]{36}$"));
        Assert.That(shared[0].GetRawText(), Does.Not.Contain("beroepsgeheim"));
    }

    [Test]
    public async Task A_contributions_weighing_passes_the_gate_with_the_category_of_what_was_shared()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);

        // The health contribution: the sharing organisation sees it; the corporation has no basis for health data.
        var ggz = (await (await App.SignedInAs("fatima")).Get($"/api/cases/{caseId}")).GetProperty("case").GetProperty("contributions")[0];
        var corporation = await App.SignedInAs("bram");
        var redacted = (await corporation.Get($"/api/cases/{caseId}")).GetProperty("case").GetProperty("contributions")[0];
        var timeline = (await corporation.Get($"/api/cases/{caseId}/timeline")).EnumerateArray().Single(e => e.GetProperty("type").GetString() == "ContributionAdded");

        Assert.That(ggz.GetProperty("weighing").GetProperty("proportionality").GetString(), Is.EqualTo("Alleen de begeleidingsbehoefte, geen diagnose"));
        Assert.That(redacted.GetProperty("text").GetProperty("text").GetString(), Is.Empty);
        foreach (var weighing in new[] { redacted.GetProperty("weighing"), timeline.GetProperty("weighing") })
        {
            Assert.That(new[] { "purpose", "basis", "necessity", "proportionality", "subsidiarity" }.Select(field => weighing.GetProperty(field).GetString()), Is.All.Empty);
        }
    }

    [Test]
    public async Task The_timeline_refuses_who_may_not_see_the_case_and_logs_who_reads_it()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var officer = await App.SignedInAs("pieter");
        var logged = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}&userId=demo-sanne")).GetArrayLength();

        var welfare = await (await App.SignedInAs("kees")).GetAsync($"/api/cases/{caseId}/timeline");
        var municipality = await (await App.SignedInAs("sanne")).GetAsync($"/api/cases/{caseId}/timeline");

        Assert.That(welfare.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(municipality.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await officer.Get($"/api/privacy/disclosures?caseId={caseId}&userId=demo-sanne")).GetArrayLength(), Is.EqualTo(logged + 1));
    }

    /// <summary>A problem's status, title and detail with every id in it replaced, to compare two refusals word for word.</summary>
    private static async Task<string> ProblemWithoutIds(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var text = $"{problem.GetProperty("status")} {problem.GetProperty("title")} {problem.GetProperty("detail")}";
        return System.Text.RegularExpressions.Regex.Replace(text, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}");
    }

    [Test]
    public async Task Only_who_works_with_the_resident_records_or_withdraws_a_consent_and_a_refusal_changes_nothing()
    {
        var (resident, _, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var consent = await (await App.SignedInAs("fatima")).CreatedId($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Wonen", "Woningcorporatie"));
        var welfare = await App.SignedInAs("kees");

        var recorded = await welfare.PostAsJsonAsync($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Financien", "Welzijn"));
        var withdrawn = await welfare.PostAsJsonAsync($"/api/consents/{consent}/withdraw", new { reason = "Niet betrokken" });
        // The corporation sits at the table where the resident's case is on the agenda.
        var atTheTable = await (await App.SignedInAs("bram")).PostAsJsonAsync($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Financien", "Woningcorporatie"));

        // Refused as an unknown id is refused, word for word: that the resident is known is not told.
        var unknownResident = await welfare.PostAsJsonAsync($"/api/residents/{Guid.NewGuid()}/consents", PrivacyScenario.Consent("Financien", "Welzijn"));
        var unknownConsent = await welfare.PostAsJsonAsync($"/api/consents/{Guid.NewGuid()}/withdraw", new { reason = "Niet betrokken" });
        Assert.That(recorded.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ProblemWithoutIds(recorded), Is.EqualTo(await ProblemWithoutIds(unknownResident)));
        Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ProblemWithoutIds(withdrawn), Is.EqualTo(await ProblemWithoutIds(unknownConsent)));
        Assert.That(atTheTable.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await App.CatchUpProjectionsAsync();
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_doc_consentrecord where data ->> 'ResidentId' = $1", resident.ToString()), Is.EqualTo(2));
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_doc_consentrecord where id = $1 and data ->> 'WithdrawnAt' is null", consent), Is.EqualTo(1));
    }

    [Test]
    public async Task The_worklist_shows_an_actions_description_only_as_the_gate_lets_its_owner_see_it_and_logs_the_read()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("sanne")).PostCreated($"/api/cases/{caseId}/actions", new
        {
            description = "Bezichtiging met de woonbegeleider plannen",
            ownerUserId = "demo-bram",
            ownerOrganisationId = "woonstichting-de-linde",
            due = Scenario.Today.AddDays(3),
            vuistregel = "Wonen",
        });
        await App.CatchUpProjectionsAsync();
        var officer = await App.SignedInAs("pieter");
        var logged = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}&userId=demo-bram")).GetArrayLength();

        // The corporation owns the action but has no consent for housing data of this resident.
        var worklist = await (await App.SignedInAs("bram")).Get("/api/actions/mine");

        var entry = worklist.EnumerateArray().Single();
        Assert.That(entry.GetProperty("caseId").GetGuid(), Is.EqualTo(caseId));
        Assert.That(entry.GetProperty("alias").GetString(), Does.Match(@"^DT-\d{4}-[0-9A-F]{6}$"));
        Assert.That(entry.GetProperty("description").GetProperty("text").GetString(), Is.Empty);
        Assert.That(entry.GetProperty("description").GetProperty("gate").GetProperty("explanation").GetString(), Does.Contain("toestemming"));
        Assert.That(worklist.ToString(), Does.Not.Contain("Bezichtiging"));
        Assert.That((await officer.Get($"/api/privacy/disclosures?caseId={caseId}&userId=demo-bram")).GetArrayLength(), Is.EqualTo(logged + 1));
    }

    [Test]
    public async Task An_organisation_without_need_to_know_gets_403_and_the_privacy_officer_no_content()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);

        var welfare = await (await App.SignedInAs("kees")).GetAsync($"/api/cases/{caseId}");
        var officer = await (await App.SignedInAs("pieter")).Get($"/api/cases/{caseId}");

        Assert.That(welfare.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(officer.GetProperty("case").GetProperty("bottleneck").GetProperty("text").GetString(), Is.Empty);
        Assert.That(officer.GetProperty("case").GetProperty("title").GetString(), Does.StartWith("DT-"));
        Assert.That(officer.GetProperty("resident").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task A_resident_with_a_wrong_BSN_is_refused_in_Dutch()
    {
        var ggz = await App.SignedInAs("fatima");

        var response = await ggz.PostAsync("/api/residents", System.Net.Http.Json.JsonContent.Create(new { name = "Iemand", bsn = "123456789", birthDate = new DateOnly(1990, 1, 1) }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("elfproef"));
    }

    [Test]
    public async Task A_rule_deviation_its_mandate_and_each_cost_line_pass_the_gate_in_their_categories_and_a_hidden_one_reads_as_held_back()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("sanne")).PostCreated($"/api/cases/{caseId}/decisions", new
        {
            what = "Begeleid wonen met toezicht",
            why = "Stabiel op medicatie",
            category = "Gezondheid",
            ruleDeviation = new { rule = "Geen urgentie bij uitstroom", reason = "Maatwerk", legalHook = "Hardheidsclausule", mandate = new { person = "M. de Boer", role = "Wethouder", organisation = "Gemeente Harderwijk", reference = "B&W 2026-118" } },
            costComparison = new
            {
                current = new[] { new { label = "Vervangende hechtenis", amount = 50000m, period = "PerYear", category = "Justitie" } },
                proposed = new[] { new { label = "Begeleiding", amount = 9000m, period = "PerYear", category = "Gezondheid" } },
            },
        });
        var ggz = await App.SignedInAs("fatima");
        var corporation = await App.SignedInAs("bram");

        var seenByGgz = (await ggz.Get($"/api/cases/{caseId}")).GetProperty("case").GetProperty("decisions")[0];
        var seenByCorporation = (await corporation.Get($"/api/cases/{caseId}")).GetProperty("case").GetProperty("decisions")[0];
        var page = await corporation.GetStringAsync($"/casussen/{caseId}");
        var logged = (await (await App.SignedInAs("pieter")).Get($"/api/privacy/disclosures?caseId={caseId}&userId=demo-bram")).EnumerateArray()
            .Select(r => r.GetProperty("record")).First(r => r.GetProperty("objectType").GetString() == "case");

        Assert.Multiple(() =>
        {
            Assert.That(seenByGgz.GetProperty("ruleDeviation").GetProperty("rule").GetString(), Is.EqualTo("Geen urgentie bij uitstroom"));
            Assert.That(seenByGgz.GetProperty("costComparison").GetProperty("proposed")[0].GetProperty("label").GetString(), Is.EqualTo("Begeleiding"));
            Assert.That(seenByCorporation.GetProperty("ruleDeviation").GetProperty("rule").GetString(), Is.Empty);
            Assert.That(seenByCorporation.GetProperty("ruleDeviation").GetProperty("legalHook").GetString(), Is.Empty);
            Assert.That(seenByCorporation.GetProperty("ruleDeviation").GetProperty("mandate").GetProperty("person").GetString(), Is.Empty);
            Assert.That(seenByCorporation.GetProperty("costComparison").GetProperty("current")[0].GetProperty("label").GetString(), Is.Empty);
            Assert.That(page, Does.Not.Contain("Waarom: .").And.Not.Contain("Geen urgentie").And.Not.Contain("hechtenis").And.Not.Contain("M. de Boer"));
            Assert.That(page, Does.Contain("Er is een regel opzij gezet"));
            Assert.That(logged.GetProperty("categoriesRedacted").GetString(), Does.Contain("Gezondheid").And.Contain("Justitie"), "the log says what was held back");
        });
    }
}
