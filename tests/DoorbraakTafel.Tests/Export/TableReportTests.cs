using System.Net;
using System.Text.Json;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Export;

public sealed class TableReportTests : AppTest
{
    private static string Query(ReportScenario seeded, string path = "") => $"/api/reports/tables/{seeded.Table}{path}?from=2025-01-01&until=2025-03-31";

    [Test]
    public async Task The_report_of_a_quarter_gives_the_known_figures_of_the_seeded_cases()
    {
        var seeded = await ReportScenario.SeedAsync(App);
        var lead = await App.SignedInAs("lotte");

        var report = await lead.Get(Query(seeded));

        var aliases = await AliasesAsync(seeded);
        var cases = report.GetProperty("cases");
        var deviations = report.GetProperty("ruleDeviations");
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("table").GetString(), Is.EqualTo("Doorbraaktafel Rapportage"));
            Assert.That(cases.GetProperty("in").GetInt32(), Is.EqualTo(3));
            Assert.That(Strings(cases.GetProperty("inAliases")), Is.EquivalentTo(new[] { aliases[seeded.B], aliases[seeded.C], aliases[seeded.F] }));
            Assert.That(cases.GetProperty("out").GetInt32(), Is.EqualTo(1));
            Assert.That(Strings(cases.GetProperty("outAliases")), Is.EqualTo(new[] { aliases[seeded.A] }));
            Assert.That(report.GetProperty("breakthrough").GetProperty("cases").GetInt32(), Is.EqualTo(3));
            Assert.That(report.GetProperty("breakthrough").GetProperty("medianDays").GetDouble(), Is.EqualTo(22.0));
            Assert.That(deviations.GetProperty("decisions").GetInt32(), Is.EqualTo(3));
            // Case A closed past its follow-up period: its words pass the gate to its referrer only, so its rule shows as held back.
            Assert.That(deviations.GetProperty("rules").EnumerateArray().Select(r => (r.GetProperty("rule").GetString(), r.GetProperty("decisions").GetInt32())),
                Is.EquivalentTo(new[] { ("(afgeschermd)", 1), (ReportScenario.TravelRule, 1), (ReportScenario.HousingRule, 1) }));
            Assert.That(report.GetProperty("costs").GetProperty("comparisons").GetInt32(), Is.EqualTo(2));
            Assert.That(report.GetProperty("costs").GetProperty("yearlyDifferenceInCents").GetInt64(), Is.EqualTo(41_000_00));
            Assert.That(report.GetProperty("overdueOn").GetString(), Is.EqualTo("2025-03-31"));
            Assert.That(report.GetProperty("overdueActions").EnumerateArray().Select(o => (o.GetProperty("organisation").GetString(), o.GetProperty("actions").GetInt32())),
                Is.EqualTo(new[] { ("Woonstichting De Linde", 2), ("GGZ Randmeren", 1), ("Gemeente Harderwijk", 1) }));
            var signal = report.GetProperty("openSignals").EnumerateArray().Single();
            Assert.That(signal.GetProperty("caseAlias").GetString(), Is.EqualTo(aliases[seeded.C]));
            Assert.That(signal.GetProperty("ruleOrPolicy").GetString(), Is.EqualTo("Participatiewet art. 18"));
            Assert.That(report.ToString(), Does.Not.Contain(ReportScenario.CaseText));
        });
    }

    [Test]
    public async Task The_report_as_CSV_and_PDF_carries_the_same_figures_and_no_case_text()
    {
        var seeded = await ReportScenario.SeedAsync(App);
        var admin = await App.SignedInAs("ingrid");

        var csvResponse = await admin.GetAsync(Query(seeded, "/report.csv"));
        var csv = await csvResponse.Content.ReadAsStringAsync();
        var (pdf, pdfName) = await PdfText.GetAsync(admin, Query(seeded, "/report.pdf"));

        Assert.Multiple(() =>
        {
            Assert.That(csvResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(csvResponse.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(csv, Does.StartWith("onderdeel,omschrijving,waarde,toelichting\n"));
            Assert.That(csv, Does.Contain("\ncasussen,in,3,").And.Contain("\ncasussen,uit,1,"));
            Assert.That(csv, Does.Contain("\ndoorbraak,mediaan dagen van aanmelding tot doorbraak,22.0,"));
            Assert.That(csv, Does.Contain($"\nregelafwijking,{ReportScenario.TravelRule},1,").And.Contain("\nregelafwijking,(afgeschermd),1,"));
            Assert.That(csv, Does.Contain("\nkosten,som verschil per jaar in euro,41000.00,"));
            Assert.That(csv, Does.Contain("\nacties te laat,Woonstichting De Linde,2,op 2025-03-31"));
            Assert.That(csv, Does.Contain("\nopen signaal,Participatiewet art. 18,Doorgezet,"), "the signal's status in Dutch, not its code");
            Assert.That(csv, Does.Not.Contain(ReportScenario.CaseText));

            Assert.That(pdfName, Is.EqualTo("rapportage-20250101-20250331.pdf"));
            Assert.That(pdf.All, Does.Contain("Rapportage Doorbraaktafel Rapportage").And.Contain("1 januari 2025 tot en met 31 maart 2025"));
            Assert.That(pdf.All, Does.Contain("Nieuw aan tafel 3").And.Contain("Afgesloten 1"));
            Assert.That(pdf.All, Does.Contain("22,0 dagen"));
            Assert.That(pdf.All, Does.Contain("€ 41.000 per jaar (schatting)"));
            Assert.That(pdf.All, Does.Contain("Woonstichting De Linde 2").And.Contain(ReportScenario.HousingRule));
            Assert.That(pdf.All, Does.Contain("Participatiewet art. 18"));
            Assert.That(pdf.All, Does.Not.Contain(ReportScenario.CaseText));
            Assert.That(pdf.Pages.All(p => p.Contains("pagina", StringComparison.Ordinal)), Is.True);
        });
    }

    [TestCase("sanne")]
    [TestCase("bram")]
    [TestCase("pieter")]
    public async Task Only_team_leaders_and_administrators_get_the_report(string userName)
    {
        var seeded = await ReportScenario.SeedAsync(App);
        var client = await App.SignedInAs(userName);

        foreach (var path in new[] { "", "/report.csv", "/report.pdf" })
        {
            var response = await client.GetAsync(Query(seeded, path));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), path);
        }
    }

    [Test]
    public async Task A_period_that_ends_before_it_starts_is_refused()
    {
        var seeded = await ReportScenario.SeedAsync(App);

        var response = await (await App.SignedInAs("lotte")).GetAsync($"/api/reports/tables/{seeded.Table}?from=2025-04-01&until=2025-03-31");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static async Task<Dictionary<Guid, string>> AliasesAsync(ReportScenario seeded)
    {
        await using var query = App.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var cases = await query.LoadManyAsync<CaseDetails>(seeded.A, seeded.B, seeded.C, seeded.F);
        return cases.ToDictionary(c => c.Id, PrivacyGate.AliasOf);
    }

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());
}
