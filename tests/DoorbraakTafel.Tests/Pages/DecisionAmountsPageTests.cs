using DoorbraakTafel.Tests.Export;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DoorbraakTafel.Tests.Pages;

/// <summary>The board's decision form with amounts as a Dutch chair types them: what was typed, the preview, what is stored and the PDF agree.</summary>
public sealed class DecisionAmountsPageTests : BrowserTest
{
    private static async Task FillDecisionAsync(IPage chair)
    {
        await chair.Locator("#Decision_What").FillAsync("De gemeente koopt een NS-jaarkaart");
        await chair.Locator("#Decision_Why").FillAsync("Goedkoper en menselijker dan detentie");
        await chair.Locator("#Decision_Category").SelectOptionAsync("Financien");
    }

    [Test]
    public async Task Dutch_amounts_are_previewed_stored_in_cents_and_printed_as_they_were_typed()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await OpenAsync(await SignInAsync("sanne"), $"/bijeenkomsten/{meeting}");
        await WaitForLiveAsync(chair);

        await FillDecisionAsync(chair);
        await chair.Locator("#cost-Current-0-label").FillAsync("Detentie");
        await chair.Locator("#cost-Current-0-amount").PressSequentiallyAsync("50.000");
        await chair.Locator("#cost-Proposed-0-label").FillAsync("NS-jaarkaart");
        await chair.Locator("#cost-Proposed-0-amount").FillAsync("€ 3.000");
        await chair.Locator("#cost-Proposed-1-label").FillAsync("Begeleiding");
        await chair.Locator("#cost-Proposed-1-amount").FillAsync("4.800,50");

        // The preview says how each amount will be stored, and the difference, before anything is sent.
        await Expect(chair.GetByTestId("cost-Current-0-amount-gelezen")).ToHaveTextAsync("Wordt vastgelegd als € 50.000");
        await Expect(chair.GetByTestId("cost-Proposed-0-amount-gelezen")).ToHaveTextAsync("Wordt vastgelegd als € 3.000");
        await Expect(chair.GetByTestId("cost-Proposed-1-amount-gelezen")).ToHaveTextAsync("Wordt vastgelegd als € 4.800,50");
        await Expect(chair.GetByTestId("cost-difference")).ToContainTextAsync("bespaart € 42.199,50 per jaar (nu € 50.000, voorstel € 7.800,50)");
        await chair.GetByTestId("cost-difference").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(chair, "besluit-bedragen-voorbeeld", fromTop: false);
        await chair.Locator("#knop-besluit").ClickAsync();
        await Expect(chair.GetByTestId("decisions")).ToContainTextAsync("bespaart € 42.199,50 per jaar");

        var costs = (await (await App.SignedInAs("sanne")).Get($"/api/cases/{caseId}")).GetProperty("case").GetProperty("decisions")[0].GetProperty("costComparison");
        var pdf = (await PdfText.GetAsync(await App.SignedInAs("lotte"), $"/api/cases/{caseId}/summary.pdf")).Text.All;
        Assert.Multiple(() =>
        {
            Assert.That(costs.GetProperty("current")[0].GetProperty("amountInCents").GetInt64(), Is.EqualTo(50_000_00));
            Assert.That(costs.GetProperty("proposed")[0].GetProperty("amountInCents").GetInt64(), Is.EqualTo(3_000_00));
            Assert.That(costs.GetProperty("proposed")[1].GetProperty("amountInCents").GetInt64(), Is.EqualTo(4_800_50));
            Assert.That(pdf, Does.Contain("€ 50.000 per jaar").And.Contain("€ 3.000 per jaar").And.Contain("€ 4.800,50 per jaar"));
            Assert.That(pdf, Does.Contain("€ 42.199,50 per jaar goedkoper met het voorstel"));
        });
    }

    [Test]
    public async Task A_bad_amount_is_told_in_Dutch_at_the_field_and_in_the_summary_at_the_top_and_what_was_typed_stays()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await OpenAsync(await SignInAsync("sanne"), $"/bijeenkomsten/{meeting}");
        await WaitForLiveAsync(chair);

        await FillDecisionAsync(chair);
        await chair.Locator("#cost-Current-0-label").FillAsync("Detentie");
        await chair.Locator("#cost-Current-0-amount").FillAsync("50.00");
        await chair.Locator("#cost-Proposed-0-label").FillAsync("NS-jaarkaart");
        await chair.Locator("#cost-Proposed-0-amount").FillAsync("3.000");
        await Expect(chair.GetByTestId("cost-Current-0-amount-gelezen")).ToContainTextAsync("Geen bedrag");
        await chair.Locator("#knop-besluit").ClickAsync();

        const string Told = "Dit is geen bedrag. Schrijf het zoals 50.000 of 4.800,50";
        var summary = chair.GetByTestId("foutoverzicht");
        await Expect(chair.GetByTestId("cost-Current-0-amount-fout")).ToContainTextAsync(Told);
        await Expect(summary).ToContainTextAsync(Told);
        await Expect(summary.Locator("a[href='#cost-Current-0-amount']")).ToHaveCountAsync(1);
        await Expect(summary).ToBeFocusedAsync();
        await Expect(chair.Locator("#cost-Current-0-amount")).ToHaveValueAsync("50.00");
        await Expect(chair.Locator("#cost-Current-0-amount")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(chair.Locator("#cost-Proposed-0-amount")).ToHaveValueAsync("3.000");
        await Expect(chair.Locator("#Decision_What")).ToHaveValueAsync("De gemeente koopt een NS-jaarkaart");
        await ScreenshotAsync(chair, "besluit-bedrag-fout", fromTop: false);
        await AssertAccessibleAsync(chair);
        Assert.That(await StoredEventsAsync(caseId, "decision_recorded"), Is.Zero);

        // The link in the summary takes the chair to the field; the corrected amount goes through.
        await summary.Locator("a[href='#cost-Current-0-amount']").ClickAsync();
        await chair.Locator("#cost-Current-0-amount").FillAsync("50.000");
        await chair.Locator("#knop-besluit").ClickAsync();
        await Expect(chair.GetByTestId("decisions")).ToContainTextAsync("bespaart € 47.000 per jaar");
    }
}
