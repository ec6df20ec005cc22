using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Privacy;
using static Microsoft.Playwright.Assertions;

namespace DoorbraakTafel.Tests.Pages;

public sealed class PrivacyPageTests : BrowserTest
{
    [Test]
    public async Task A_user_without_basis_sees_why_content_is_held_back_and_the_privacy_officer_finds_that_read_in_the_log()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);

        // The corporation sits at the table, but the policy gives it no basis for health data.
        var corporation = await OpenAsync(await SignInAsync("bram"), $"/casussen/{caseId}");
        var notice = corporation.Locator("[data-redacted]").Filter(new() { HasText = "Gezondheid" }).First;
        await Expect(notice).ToContainTextAsync("Afgeschermd (Gezondheid");
        await Expect(notice).ToContainTextAsync("geen grondslag");
        await Expect(corporation.Locator("body")).Not.ToContainTextAsync("schizofrenie");
        await Expect(corporation.Locator("body")).Not.ToContainTextAsync(PrivacyScenario.Name);
        // Why it was shared describes what was shared: held back with it.
        await Expect(corporation.Locator("body")).ToContainTextAsync("Afweging bij het delen: afgeschermd, zoals de inbreng zelf.");
        await Expect(corporation.Locator("body")).Not.ToContainTextAsync("geen diagnose");
        await ScreenshotAsync(corporation, "casus-afgeschermd");
        await AssertAccessibleAsync(corporation);

        var officer = await OpenAsync(await SignInAsync("pieter"), "/privacy");
        await officer.Locator("#CaseId").FillAsync(caseId.ToString());
        await officer.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Zoeken", Exact = true }).ClickAsync();
        var read = officer.Locator("[data-testid=disclosures] tr[data-user=demo-bram][data-channel=Page]");
        await Expect(read).ToHaveCountAsync(1);
        await Expect(read).ToContainTextAsync("Gezondheid");
        await officer.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Logboek controleren" }).ClickAsync();
        await Expect(officer.GetByTestId("verify-result")).ToContainTextAsync("ongeschonden");
        await ScreenshotAsync(officer, "privacy-verstrekkingen");
        await AssertAccessibleAsync(officer);
    }

    [Test]
    public async Task A_residents_consents_are_shown_only_on_need_to_know_and_every_view_is_logged()
    {
        var (resident, _, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("fatima")).PostCreated($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Gezondheid", "Woningcorporatie", "SecrecyLift"));
        const string evidence = "Toestemmingsformulier 2026-77";

        // Welfare sits at no table of the resident's case: not even which consents exist.
        var welfare = await SignInAsync("kees");
        var refused = await welfare.GotoAsync($"/inwoners/{resident}");
        Assert.That(refused?.Status, Is.EqualTo(404), "answered as an unknown resident: that the resident is known is not told");
        var refusedText = await welfare.Locator("main").InnerTextAsync();
        Assert.That(refusedText, Does.Contain("niet bekend bij uw organisatie").And.Not.Contain(evidence));
        var unknown = await welfare.GotoAsync($"/inwoners/{Guid.NewGuid()}");
        Assert.That(unknown?.Status, Is.EqualTo(404));
        Assert.That(await welfare.Locator("main").InnerTextAsync(), Is.EqualTo(refusedText));

        // The corporation sits at the table: the consents, not the name, and it may record one.
        var corporation = await OpenAsync(await SignInAsync("bram"), $"/inwoners/{resident}");
        await Expect(corporation.Locator("body")).ToContainTextAsync(evidence);
        await Expect(corporation.Locator("body")).Not.ToContainTextAsync(PrivacyScenario.Name);
        await Expect(corporation.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Toestemming vastleggen" })).ToBeVisibleAsync();

        // Recording one on the page logs the page it returns to, not the check before the write.
        await corporation.Locator("input[name='Consent.Categories'][value=Wonen]").CheckAsync();
        await corporation.Locator("input[name='Consent.RecipientTypes'][value=Woningcorporatie]").CheckAsync();
        await corporation.Locator("input[name='Consent.Kind'][value=AvgConsent]").CheckAsync();
        await corporation.Locator("input[name='Consent.EvidenceHow'][value=Mondeling]").CheckAsync();
        await corporation.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Toestemming vastleggen" }).ClickAsync();
        await Expect(corporation.Locator("body")).ToContainTextAsync("De toestemming is vastgelegd.");
        await Expect(corporation.Locator(".dt-card")).ToHaveCountAsync(2);

        var views = await ScalarAsync<string>(
            "select string_agg(user_id || ':' || legal_bases, ',' order by user_id) from privacy.disclosure_log where object_type = 'resident-consents' and data_subject = $1", resident.ToString());
        Assert.That(views, Is.EqualTo("demo-bram:consents=need-to-know,demo-bram:consents=need-to-know"));
    }

    [Test]
    public async Task Registering_a_resident_with_a_bsn_that_fails_the_elfproef_shows_the_Dutch_error_next_to_the_field_and_stores_nothing()
    {
        var page = await OpenAsync(await SignInAsync("fatima"), "/inwoners");
        await page.Locator("#Resident_Name").FillAsync("Jorrit Fictief");
        await page.Locator("#Resident_Bsn").FillAsync("123456789");
        await page.Locator("#Resident_BirthDate").FillAsync("1984-03-01");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Inwoner registreren" }).ClickAsync();

        var error = page.GetByTestId("bsn-error");
        await Expect(error).ToHaveTextAsync("Dit BSN klopt niet: het moet uit 9 cijfers bestaan en de elfproef doorstaan.");
        // Next to the field: the error sits in the BSN's own form field, the input keeps what was typed.
        await Expect(page.Locator(".utrecht-form-field:has(#Resident_Bsn) [data-testid=bsn-error]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#Resident_Bsn")).ToHaveValueAsync("123456789");
        Assert.That(await ScalarAsync<long>("select count(*) from identity.mt_doc_resident"), Is.Zero);
        await ScreenshotAsync(page, "inwoner-fout-bsn");
        await AssertAccessibleAsync(page);
    }
}
