using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Privacy;
using DoorbraakTafel.Tests.Workflow;
using static Microsoft.Playwright.Assertions;

namespace DoorbraakTafel.Tests.Pages;

/// <summary>Every page of the web interface, as the role that uses it: axe-core finds no serious or critical violation, and a screenshot is kept.</summary>
public sealed class PageTourTests : BrowserTest
{
    [Test]
    public async Task Every_page_passes_axe_core_without_serious_or_critical_violations()
    {
        var (resident, caseId, meeting) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var ggzApi = await App.SignedInAs("fatima");
        var chairApi = await App.SignedInAs("sanne");
        await ggzApi.PostCreated($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Wonen", "Woningcorporatie"));
        await chairApi.PostOk($"/api/meetings/{meeting}/open", new { });
        await chairApi.PostOk($"/api/meetings/{meeting}/current-item", new { caseId });
        await ggzApi.PostOk($"/api/cases/{caseId}/assessments", new { vuistregel = "Wonen", status = "Zorgelijk", note = "Geen woning in zicht" });
        await ggzApi.PostCreated($"/api/cases/{caseId}/proposals", new { text = "Woning met begeleiding via de corporatie", category = "Wonen" });
        await chairApi.PostCreated($"/api/cases/{caseId}/actions", new { description = "Begeleiding regelen", ownerUserId = "demo-fatima", ownerOrganisationId = "ggz-randmeren", due = Scenario.Today.AddDays(7), vuistregel = "Ondersteuning" });
        await App.CatchUpProjectionsAsync();
        var board = await chairApi.Get($"/api/meetings/{meeting}");
        var table = board.GetProperty("tableId").GetGuid();

        var tour = new (string User, string Path, string Name)[]
        {
            ("sanne", "/", "mijn-tafels"),
            ("sanne", $"/tafels/{table}", "tafel"),
            ("sanne", $"/bijeenkomsten/{meeting}/voorbereiden", "bijeenkomst-voorbereiden"),
            ("sanne", $"/bijeenkomsten/{meeting}", "live-bijeenkomst-voorzitter"),
            ("fatima", "/acties", "mijn-acties"),
            ("fatima", $"/casussen/{caseId}", "casus"),
            ("fatima", "/casussen/nieuw", "casus-inbrengen"),
            ("fatima", "/inwoners", "inwoner-registreren"),
            ("fatima", $"/inwoners/{resident}", "inwoner-toestemming"),
            ("pieter", "/privacy", "privacy"),
            ("pieter", "/privacy/inwoner", "privacy-inzage"),
            ("pieter", "/privacy/wat-kon-zien", "privacy-wat-kon-zien"),
            ("lotte", "/teamleider", "teamleider"),
        };
        foreach (var group in tour.GroupBy(t => t.User))
        {
            var page = await SignInAsync(group.Key);
            foreach (var (_, path, name) in group)
            {
                await OpenAsync(page, path);
                await ScreenshotAsync(page, name);
                await AssertAccessibleAsync(page);
            }
        }

        // The questions of the privacy officer, answered on the page.
        var officer = await SignInAsync("pieter");
        await OpenAsync(officer, "/privacy/wat-kon-zien");
        await officer.Locator("#organisation").SelectOptionAsync("woonstichting-de-linde");
        await officer.Locator("#resident").FillAsync(resident.ToString());
        await officer.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Bekijken" }).ClickAsync();
        await Expect(officer.Locator("table").Filter(new() { HasText = "Wonen" }).First).ToContainTextAsync("Toestemming van de inwoner");
        await AssertAccessibleAsync(officer);
        await OpenAsync(officer, "/privacy/inwoner");
        await officer.Locator("#resident-id").FillAsync(resident.ToString());
        await officer.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Inzagerapport maken" }).ClickAsync();
        await Expect(officer.Locator("#rapport")).ToBeVisibleAsync();
        await AssertAccessibleAsync(officer);

        // The sign-in page, and the board on a narrow screen.
        var anonymous = await BrowserRun.Browser.NewPageAsync(new() { BaseURL = App.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 720 } });
        await OpenAsync(anonymous, "/dev/sign-in");
        await ScreenshotAsync(anonymous, "inloggen");
        await AssertAccessibleAsync(anonymous);
        await anonymous.Context.DisposeAsync();
        var narrow = await OpenAsync(await SignInAsync("fatima", width: 390, height: 844), $"/bijeenkomsten/{meeting}");
        await ScreenshotAsync(narrow, "live-bijeenkomst-smal");
        await AssertAccessibleAsync(narrow);
        await narrow.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await WaitUntilAtAsync(narrow, SignInPath);
    }
}
