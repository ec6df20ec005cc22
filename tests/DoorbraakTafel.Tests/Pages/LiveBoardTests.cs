using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DoorbraakTafel.Tests.Pages;

public sealed class LiveBoardTests : BrowserTest
{
    [Test]
    public async Task Two_organisations_see_the_chair_move_on_and_decide_and_each_others_contribution_without_reload()
    {
        var table = await Scenario.TableAsync(App);
        var chairApi = await App.SignedInAs("sanne");
        var meeting = await chairApi.CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today });
        var first = await Scenario.CaseAsync(App, table: table);
        var second = await (await App.SignedInAs("fatima")).CreatedId("/api/cases", new { title = "Reizen zonder kaartje", bottleneck = "Boetes leiden tot detentie", bottleneckCategory = "Wonen", tableId = table });
        await chairApi.PostOk($"/api/meetings/{meeting}/agenda", new { caseId = first });
        await chairApi.PostOk($"/api/meetings/{meeting}/agenda", new { caseId = second });
        await chairApi.PostOk($"/api/meetings/{meeting}/open", new { });
        await chairApi.PostOk($"/api/meetings/{meeting}/current-item", new { caseId = first });

        // The chair (Gemeente) and the referrer (GGZ), each in a browser of their own.
        var chair = await OpenAsync(await SignInAsync("sanne"), $"/bijeenkomsten/{meeting}");
        var ggz = await OpenAsync(await SignInAsync("fatima"), $"/bijeenkomsten/{meeting}");
        await Task.WhenAll(WaitForLiveAsync(chair), WaitForLiveAsync(ggz));
        await MarkWindowAsync(ggz);
        await Expect(ggz.Locator("#knop-volgende")).ToHaveCountAsync(0);
        await Expect(ggz.GetByTestId("focus-title")).ToHaveTextAsync("Uitstroom beschermd wonen");

        await chair.Locator("#knop-volgende").ClickAsync();
        await Expect(ggz.GetByTestId("focus-title")).ToHaveTextAsync("Reizen zonder kaartje");
        await Expect(ggz.Locator(".dt-agenda li[aria-current=true]")).ToContainTextAsync("Reizen zonder kaartje");

        await chair.Locator("#Decision_What").FillAsync("De gemeente koopt een NS-jaarkaart");
        await chair.Locator("#Decision_Why").FillAsync("Goedkoper en menselijker dan detentie");
        await chair.Locator("#Decision_Category").SelectOptionAsync("Wonen");
        await chair.Locator("#Decision_Breakthrough").CheckAsync();
        await chair.Locator("#Decision_DeviatesFromRule").CheckAsync();
        await chair.Locator("#decision-Rule").FillAsync("Bijzondere bijstand vergoedt geen reiskosten");
        await chair.Locator("#decision-RuleReason").FillAsync("Maatwerk voorkomt detentie");
        await chair.Locator("#decision-MandatePerson").FillAsync("M. de Boer");
        await chair.Locator("#decision-MandateRole").FillAsync("Wethouder");
        await chair.Locator("#decision-MandateOrganisation").FillAsync("Gemeente Harderwijk");
        await chair.Locator("#decision-MandateReference").FillAsync("B&W 2026-118");
        await chair.Locator("#cost-Current-0-label").FillAsync("Detentie");
        await chair.Locator("#cost-Current-0-amount").FillAsync("50000");
        await chair.Locator("#cost-Proposed-0-label").FillAsync("NS-jaarkaart");
        await chair.Locator("#cost-Proposed-0-amount").PressSequentiallyAsync("3000");
        // Computed while typing, before anything is sent.
        await Expect(chair.GetByTestId("cost-difference")).ToContainTextAsync("bespaart € 47.000 per jaar");
        await chair.Locator("#cost-Current-1-label").FillAsync("Casusoverleg");
        await chair.Locator("#cost-Current-1-amount").FillAsync("500");
        await chair.Locator("#cost-Current-1-period").SelectOptionAsync("PerMonth");
        await Expect(chair.GetByTestId("cost-difference")).ToContainTextAsync("bespaart € 53.000 per jaar");
        await chair.GetByTestId("cost-difference").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(chair, "live-bijeenkomst-besluit-invullen", fromTop: false);
        await chair.Locator("#knop-besluit").ClickAsync();

        await Expect(ggz.GetByTestId("decisions")).ToContainTextAsync("De gemeente koopt een NS-jaarkaart");
        await Expect(ggz.GetByTestId("decisions")).ToContainTextAsync("Mandaat: M. de Boer, Wethouder, Gemeente Harderwijk (kenmerk B&W 2026-118)");
        await Expect(ggz.GetByTestId("decisions")).ToContainTextAsync("bespaart € 53.000 per jaar");

        // The GGZ professional adds a contribution; it reaches the chair's board without reload.
        await MarkWindowAsync(chair);
        await ggz.GetByText("Inbreng toevoegen", new() { Exact = true }).First.ClickAsync();
        await ggz.Locator("#Contribution_Text").FillAsync("Hij reist elke dag naar Rotterdam; zonder kaart volgt weer een boete.");
        await ggz.Locator("#Contribution_Category").SelectOptionAsync("Wonen");
        await ggz.Locator("#contribution-Basis").FillAsync("Toestemming doorbreking beroepsgeheim");
        await ggz.Locator("#contribution-Necessity").FillAsync("De tafel moet weten waarom hij reist");
        await ggz.Locator("#contribution-Proportionality").FillAsync("Alleen het reispatroon");
        await ggz.Locator("#contribution-Subsidiarity").FillAsync("Minder volstaat niet voor het besluit");
        await ggz.Locator("input[name='Contribution.ResidentInformed'][value=true]").CheckAsync();
        await AssertNotReloadedAsync(ggz);
        await ggz.Locator("#knop-inbreng").ClickAsync();

        await Expect(chair.GetByTestId("contributions")).ToContainTextAsync("Hij reist elke dag naar Rotterdam");
        await AssertNotReloadedAsync(chair);
        await ScreenshotAsync(chair, "live-bijeenkomst");
        await AssertAccessibleAsync(chair);
        await AssertAccessibleAsync(ggz);
    }
}
