using System.Net;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Privacy;

public sealed class PrivacyOfficerTests : AppTest
{
    [Test]
    public async Task What_an_organisation_could_see_follows_consent_as_it_stood_on_the_day()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var ggz = await App.SignedInAs("fatima");
        var officer = await App.SignedInAs("pieter");
        var consent = await ggz.CreatedId($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Wonen", "Woningcorporatie"));
        var whileConsented = await officer.Get($"/api/privacy/what-could-see?organisationId=woonstichting-de-linde&organisationType=Woningcorporatie&residentId={resident}&date={Scenario.Today:yyyy-MM-dd}");
        await ggz.PostOk($"/api/consents/{consent}/withdraw", new { });
        var afterWithdrawal = await officer.Get($"/api/privacy/what-could-see?organisationId=woonstichting-de-linde&organisationType=Woningcorporatie&residentId={resident}&date={Scenario.Today:yyyy-MM-dd}");

        bool Wonen(System.Text.Json.JsonElement answer) => answer.GetProperty("cases")[0].GetProperty("categories").EnumerateArray()
            .Single(c => c.GetProperty("category").GetString() == "Wonen").GetProperty("shown").GetBoolean();
        Assert.That(whileConsented.GetProperty("cases")[0].GetProperty("caseId").GetGuid(), Is.EqualTo(caseId));
        Assert.That(Wonen(whileConsented), Is.True);
        Assert.That(Wonen(afterWithdrawal), Is.False);
    }

    [Test]
    public async Task What_an_organisation_could_see_is_judged_by_the_policy_version_in_force_on_the_day()
    {
        var (resident, _, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("fatima")).CreatedId($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Wonen", "Woningcorporatie"));
        // A later version of the policy, in force from five days on, that no longer lets a corporation see housing data.
        var shipped = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(DoorbraakTafel.Privacy.Policy.PolicyModule.DefaultPath))!.AsObject();
        var from = Scenario.Today.AddDays(5);
        shipped["version"] = "2027.1";
        shipped["validFrom"] = from.ToString("yyyy-MM-dd");
        var rules = shipped["rules"]!.AsArray();
        rules.Remove(rules.Single(r => r!["id"]!.GetValue<string>() == "corporatie-wonen"));
        await using (var session = App.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(new DoorbraakTafel.Privacy.Policy.PolicyVersion("2027.1:test", "2027.1", from, shipped.ToJsonString(), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var officer = await App.SignedInAs("pieter");
        string Ask(DateOnly day) => $"/api/privacy/what-could-see?organisationId=woonstichting-de-linde&organisationType=Woningcorporatie&residentId={resident}&date={day:yyyy-MM-dd}";
        var today = await officer.Get(Ask(Scenario.Today));
        var later = await officer.Get(Ask(from.AddDays(1)));

        System.Text.Json.JsonElement Wonen(System.Text.Json.JsonElement answer) => answer.GetProperty("cases")[0].GetProperty("categories").EnumerateArray()
            .Single(c => c.GetProperty("category").GetString() == "Wonen");
        Assert.Multiple(() =>
        {
            Assert.That(today.GetProperty("policyVersion").GetString(), Is.EqualTo("2025.1"));
            Assert.That(Wonen(today).GetProperty("shown").GetBoolean(), Is.True);
            Assert.That(later.GetProperty("policyVersion").GetString(), Is.EqualTo("2027.1"));
            Assert.That(Wonen(later).GetProperty("shown").GetBoolean(), Is.False);
            Assert.That(Wonen(later).GetProperty("explanation").GetString(), Does.Contain("geen grondslag"));
        });
    }

    [Test]
    public async Task Consents_ending_within_thirty_days_are_on_the_worklist_and_noted_once_by_the_daily_job()
    {
        var (resident, _, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var ggz = await App.SignedInAs("fatima");
        var soon = await ggz.CreatedId($"/api/residents/{resident}/consents", new
        {
            purpose = "doorbraaktafel-casusoverleg",
            categories = new[] { "Wonen" },
            recipientOrganisationTypes = new[] { "Woningcorporatie" },
            kind = "AvgConsent",
            evidenceHow = "Mondeling",
            validUntil = Scenario.Today.AddDays(10),
        });
        await ggz.CreatedId($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Financien", "Woningcorporatie"));

        var job = new ExpiringConsents(App.Services.GetRequiredService<IDocumentStore>(), TimeProvider.System);
        await job.RunAsync();
        await job.RunAsync();
        var worklist = await (await App.SignedInAs("pieter")).Get("/api/privacy/consents/expiring");

        Assert.That(worklist.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()), Is.EqualTo(new[] { soon }));
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_events where type = 'consent_expiry_noted'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Only_the_privacy_officer_reads_the_disclosure_log()
    {
        var response = await (await App.SignedInAs("sanne")).GetAsync("/api/privacy/disclosures");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_disclosure_log_exports_as_CSV()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("sanne")).Get($"/api/cases/{caseId}");

        var csv = await (await App.SignedInAs("pieter")).GetStringAsync($"/api/privacy/disclosures.csv?caseId={caseId}");

        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Does.StartWith("id,at,user_id,role,organisation_id"));
        Assert.That(lines.Skip(1).Count(l => l.Contains("demo-sanne") && l.Contains(",Api,")), Is.EqualTo(1));
    }
}
