using System.Net;
using System.Xml.Linq;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Privacy;
using DoorbraakTafel.Tests.Workflow;

namespace DoorbraakTafel.Tests.Export;

public sealed class CaseSummaryPdfTests : AppTest
{
    private const string Marking = "Vertrouwelijk - alleen voor betrokkenen bij deze casus";

    [Test]
    public async Task The_summary_shows_the_decision_its_mandate_and_the_yearly_cost_difference()
    {
        var caseId = await ExportScenario.CaseWithDecisionAsync(App);
        var chair = await App.SignedInAs("sanne");
        var alias = (await chair.Get($"/api/cases/{caseId}")).GetProperty("alias").GetString()!;

        var (pdf, fileName) = await PdfText.GetAsync(chair, $"/api/cases/{caseId}/summary.pdf");

        var text = pdf.All;
        Assert.Multiple(() =>
        {
            Assert.That(fileName, Is.EqualTo($"{alias}.pdf"));
            Assert.That(pdf.Pages[0], Does.Contain($"Casusoverzicht {alias}").And.Contain("Doorbraaktafel Test"));
            Assert.That(text, Does.Contain(ExportScenario.DecisionWhat).And.Contain(ExportScenario.DecisionWhy));
            Assert.That(text, Does.Contain(ExportScenario.Rule).And.Contain("Maatwerk voorkomt detentie"));
            Assert.That(text, Does.Contain("M. de Boer, Wethouder, Gemeente Harderwijk (kenmerk B&W 2026-118)"));
            Assert.That(text, Does.Contain("€ 47.000 per jaar goedkoper met het voorstel (schatting)"));
            Assert.That(text, Does.Contain("Nu: Detentie").And.Contain("€ 50.000 per jaar"));
            Assert.That(text, Does.Contain("Stand van zaken Doorbraak bereikt"), "the case status as the case page says it");
            Assert.That(text, Does.Contain("Financiën").And.Not.Contain("Financien"), "the vuistregel with its diaeresis");
            Assert.That(text, Does.Contain("Zorgelijk").And.Contain("Wankel"), "the vuistregel at the start and now");
            Assert.That(text, Does.Contain("Jaarkaart aanvragen").And.Contain("Uitgereikt").And.Contain("Budgetcoach regelen"));
            Assert.That(text, Does.Contain("Rustige buurt, begane grond").And.Contain("Inventarisatie"));
            Assert.That(text, Does.Contain("Beleidsregels").And.Contain("Beleidsteam Inkomen"), "the signal");
            Assert.That(text, Does.Contain("gegenereerd door Sanne Vos op"));
        });
    }

    [Test]
    public async Task Content_without_a_basis_is_left_out_and_a_redaction_notice_shows_why()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);

        var (municipality, _) = await PdfText.GetAsync(await App.SignedInAs("sanne"), $"/api/cases/{caseId}/summary.pdf");
        var (corporation, corporationFile) = await PdfText.GetAsync(await App.SignedInAs("bram"), $"/api/cases/{caseId}/summary.pdf");

        Assert.Multiple(() =>
        {
            // The municipality has a legal basis for identity and housing, none for health data.
            Assert.That(municipality.Pages[0], Does.Contain(PrivacyScenario.Name), "the name in the header, with identity");
            Assert.That(municipality.All, Does.Contain("Woning nodig met begeleiding"));
            Assert.That(municipality.All, Does.Not.Contain("schizofrenie").And.Not.Contain("medicatie"));
            Assert.That(municipality.All, Does.Contain("Niet getoond (Gezondheid): Het deelbeleid geeft organisaties van het type Gemeente geen grondslag voor Gezondheid."));
            // The corporation has no consent: no name, no bottleneck, no health data; each with its reason.
            Assert.That(corporation.All, Does.Not.Contain("Jorrit").And.Not.Contain(PrivacyScenario.ValidBsn).And.Not.Contain("Woning nodig met begeleiding"));
            Assert.That(corporation.All, Does.Not.Contain("schizofrenie"));
            Assert.That(corporation.All, Does.Contain("Naam niet getoond").And.Contain("Niet getoond (Wonen)").And.Contain("Niet getoond (Gezondheid)"));
            Assert.That(corporation.All, Does.Contain("Wat u in dit overzicht niet ziet"));
            Assert.That(corporationFile, Does.Match(@"^DT-\d{4}-[0-9A-F]{6}\.pdf$"));
        });
    }

    [Test]
    public async Task The_summary_is_identified_as_PDF_A_2b_in_its_XMP_metadata()
    {
        var caseId = await Scenario.CaseAsync(App);

        var (pdf, fileName) = await PdfText.GetAsync(await App.SignedInAs("fatima"), $"/api/cases/{caseId}/summary.pdf");

        XNamespace pdfaid = "http://www.aiim.org/pdfa/ns/id/";
        Assert.That(pdf.Xmp, Is.Not.Null, "an XMP metadata stream");
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Xmp!.Descendants(pdfaid + "part").Single().Value, Is.EqualTo("2"));
            Assert.That(pdf.Xmp.Descendants(pdfaid + "conformance").Single().Value, Is.EqualTo("B"));
            Assert.That(pdf.Title, Is.EqualTo($"Casusoverzicht {fileName![..^4]}"));
        });
    }

    [Test]
    public async Task A_long_case_flows_over_several_pages_and_every_page_has_its_number_and_the_marking()
    {
        var caseId = await ExportScenario.CaseWithDecisionAsync(App);
        await ExportScenario.AppendContributionsAsync(App, caseId, 150);

        var (pdf, _) = await PdfText.GetAsync(await App.SignedInAs("sanne"), $"/api/cases/{caseId}/summary.pdf");

        var count = pdf.Pages.Count;
        Assert.That(count, Is.GreaterThanOrEqualTo(4));
        Assert.Multiple(() =>
        {
            for (var page = 1; page <= count; page++)
            {
                Assert.That(pdf.Pages[page - 1], Does.Contain($"pagina {page} van {count}").And.Contain(Marking).And.Contain("gegenereerd door Sanne Vos op"), $"page {page}");
            }

            // Each contribution fits one line, so each is found whole on exactly one page: no line was cut.
            for (var i = 1; i <= 150; i++)
            {
                var line = $"Inbreng nummer {i:000} over de zoektocht naar een woning met begeleiding in de wijk.";
                Assert.That(pdf.Pages.Count(p => p.Contains(line, StringComparison.Ordinal)), Is.EqualTo(1), line);
            }
        });
    }

    [Test]
    public async Task Each_export_writes_exactly_one_disclosure_record_on_channel_Pdf()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var officer = await App.SignedInAs("pieter");
        var before = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).GetArrayLength();

        await PdfText.GetAsync(await App.SignedInAs("sanne"), $"/api/cases/{caseId}/summary.pdf");
        var afterFirst = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).EnumerateArray().Skip(before).Select(r => r.GetProperty("record")).ToList();
        await PdfText.GetAsync(await App.SignedInAs("bram"), $"/api/cases/{caseId}/summary.pdf");
        var afterSecond = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).EnumerateArray().Skip(before).Select(r => r.GetProperty("record")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(afterFirst, Has.Count.EqualTo(1));
            Assert.That(afterFirst[0].GetProperty("channel").GetString(), Is.EqualTo("Pdf"));
            Assert.That(afterFirst[0].GetProperty("userId").GetString(), Is.EqualTo("demo-sanne"));
            Assert.That(afterFirst[0].GetProperty("categoriesRedacted").GetString(), Does.Contain("Gezondheid"));
            Assert.That(afterSecond, Has.Count.EqualTo(2));
            Assert.That(afterSecond[1].GetProperty("channel").GetString(), Is.EqualTo("Pdf"));
            Assert.That(afterSecond[1].GetProperty("userId").GetString(), Is.EqualTo("demo-bram"));
        });
    }

    [Test]
    public async Task An_organisation_without_need_to_know_gets_no_summary_and_no_record_of_a_disclosure()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var officer = await App.SignedInAs("pieter");
        var before = (await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).GetArrayLength();

        var response = await (await App.SignedInAs("kees")).GetAsync($"/api/cases/{caseId}/summary.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await officer.Get($"/api/privacy/disclosures?caseId={caseId}")).GetArrayLength(), Is.EqualTo(before));
    }
}
