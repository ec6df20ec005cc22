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
        // The case in focus comes with the push, gated for the organisation: the screen that follows
        // fetches nothing. (The screen that posted loads itself again, and its catch-up may fetch; each
        // step waits until the poster is live again, so that catch-up falls in its own step.)
        var fetchedFocus = new List<string>();
        var step = "start";

        var poster = "";
        foreach (var (page, who) in new[] { (chair, "chair"), (ggz, "ggz") })
        {
            page.Request += (_, request) =>
            {
                if (request.Url.Contains("handler=Parts", StringComparison.Ordinal) && request.Url.Contains("focus", StringComparison.Ordinal))
                {
                    if (who != poster)
                    {
                        fetchedFocus.Add($"{who} while {poster} posted ({step}): {request.Url}");
                    }
                }
            };
        }

        await MarkWindowAsync(ggz);
        await Expect(ggz.Locator("#knop-volgende")).ToHaveCountAsync(0);
        await Expect(ggz.GetByTestId("focus-title")).ToHaveTextAsync("Uitstroom beschermd wonen");

        (step, poster) = ("next", "chair");
        await PostAndSettleAsync(chair, chair.Locator("#knop-volgende"));
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
        (step, poster) = ("decide", "chair");
        await PostAndSettleAsync(chair, chair.Locator("#knop-besluit"));

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
        (step, poster) = ("contribute", "ggz");
        await PostAndSettleAsync(ggz, ggz.Locator("#knop-inbreng"));

        await Expect(chair.GetByTestId("contributions")).ToContainTextAsync("Hij reist elke dag naar Rotterdam");
        await AssertNotReloadedAsync(chair);

        // A proposal reaches the chair by push; the position form in that pushed part posts with the page's own token.
        await ggz.GetByText("Voorstel doen", new() { Exact = true }).First.ClickAsync();
        await ggz.Locator("#Proposal_Text").FillAsync("Een kaart voor een jaar, daarna evalueren");
        await ggz.Locator("#Proposal_Category").SelectOptionAsync("Wonen");
        (step, poster) = ("propose", "ggz");
        await PostAndSettleAsync(ggz, ggz.Locator("#knop-voorstel"));
        var proposal = chair.Locator("li[id^=voorstel-]", new() { HasText = "Een kaart voor een jaar" });
        await Expect(proposal).ToBeVisibleAsync();
        await AssertNotReloadedAsync(chair);
        (step, poster) = ("position", "chair");
        await PostAndSettleAsync(chair, proposal.GetByRole(AriaRole.Button, new() { Name = "Eens", Exact = true }));
        foreach (var page in new[] { chair, ggz })
        {
            await Expect(page.Locator("li[id^=voorstel-]", new() { HasText = "Een kaart voor een jaar" }).Locator(".utrecht-unordered-list")).ToContainTextAsync("Eens");
        }


        // The chair corrects the decision from another screen: the corrected decision reaches both boards
        // as one item, and the correction form in it shows on the chair's screen only.
        (step, poster) = ("correct", "api");
        await MarkWindowAsync(chair);
        var decision = (await chairApi.Get($"/api/cases/{second}")).GetProperty("case").GetProperty("decisions")[0].GetProperty("id").GetGuid();
        await chairApi.PostCreated($"/api/cases/{second}/decisions/{decision}/corrections", new { what = "De gemeente koopt een NS-jaarkaart voor twee jaar", reason = "De tafel sprak twee jaar af" });
        foreach (var page in new[] { chair, ggz })
        {
            await Expect(page.Locator($"[data-testid=decisions] [data-item='{decision}']")).ToContainTextAsync("voor twee jaar");
        }

        await Expect(chair.Locator($"[data-item='{decision}'] details[data-chair-only]")).ToBeVisibleAsync();
        await Expect(ggz.Locator($"[data-item='{decision}'] details[data-chair-only]")).ToBeHiddenAsync();
        await AssertNotReloadedAsync(chair);
        Assert.That(fetchedFocus, Is.Empty, "the following screen fetched the case in focus instead of taking the push");
        await ScreenshotAsync(chair, "live-bijeenkomst");
        await AssertAccessibleAsync(chair);
        await AssertAccessibleAsync(ggz);
    }

    /// <summary>Posts a board form and waits until the page has loaded itself again and is live: a post ends in a redirect to the board.</summary>
    private static async Task PostAndSettleAsync(IPage page, ILocator submit)
    {
        await MarkWindowAsync(page);
        await submit.ClickAsync();
        await page.WaitForFunctionAsync("() => window.__doorbraakMarker === undefined");
        await WaitForLiveAsync(page);
    }
}
