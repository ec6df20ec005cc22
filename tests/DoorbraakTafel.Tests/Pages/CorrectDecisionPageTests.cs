using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using static Microsoft.Playwright.Assertions;

namespace DoorbraakTafel.Tests.Pages;

/// <summary>The chair corrects a decision on the board: the form asks why, and the board then shows the decision as it stands with the correction.</summary>
public sealed class CorrectDecisionPageTests : BrowserTest
{
    [Test]
    public async Task The_chair_corrects_a_mistyped_amount_on_the_board_and_the_board_shows_what_was_and_what_is()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        var decision = await (await App.SignedInAs("sanne")).CreatedId($"/api/cases/{caseId}/decisions", new
        {
            what = "De gemeente koopt een NS-jaarkaart",
            why = "Goedkoper dan detentie",
            category = "Financien",
            meetingId = meeting,
            costComparison = new
            {
                current = new[] { new { label = "Detentie", amount = "50", period = "PerYear" } },
                proposed = new[] { new { label = "NS-jaarkaart", amount = "3.000", period = "PerYear" } },
            },
        });
        var chair = await OpenAsync(await SignInAsync("sanne"), $"/bijeenkomsten/{meeting}");
        await WaitForLiveAsync(chair);
        var form = $"#correctie-{decision}";

        await chair.GetByText("Besluit corrigeren", new() { Exact = true }).ClickAsync();
        await chair.Locator($"{form}-Current-0-label").FillAsync("Detentie");
        await chair.Locator($"{form}-Current-0-amount").FillAsync("50.000");
        await chair.Locator($"{form}-Proposed-0-label").FillAsync("NS-jaarkaart");
        await chair.Locator($"{form}-Proposed-0-amount").FillAsync("3.000");
        await Expect(chair.GetByTestId($"correctie-{decision}-difference")).ToContainTextAsync("bespaart € 47.000 per jaar");
        await chair.Locator($"{form}-knop").ClickAsync();

        // Without a reason the correction is not recorded; the form says why, at the field and at its top, and keeps what was typed.
        await Expect(chair.GetByTestId("foutoverzicht")).ToContainTextAsync("Schrijf op waarom het besluit wordt gecorrigeerd");
        await Expect(chair.Locator($"{form}-reason-fout")).ToContainTextAsync("Schrijf op waarom het besluit wordt gecorrigeerd");
        await Expect(chair.Locator($"{form}-Current-0-amount")).ToHaveValueAsync("50.000");
        Assert.That(await StoredEventsAsync(caseId, "decision_corrected"), Is.Zero);

        await chair.Locator($"{form}-reason").FillAsync("Detentie is als 50 euro getypt");
        await chair.Locator($"{form}-knop").ClickAsync();

        var corrections = chair.GetByTestId("decision-corrections");
        await Expect(corrections).ToContainTextAsync("Gecorrigeerd door");
        await Expect(corrections).ToContainTextAsync("Reden van de correctie: Detentie is als 50 euro getypt");
        await Expect(corrections).ToContainTextAsync("Detentie € 50 per jaar");
        await Expect(chair.GetByTestId("decisions")).ToContainTextAsync("bespaart € 47.000 per jaar");
        Assert.That(await StoredEventsAsync(caseId, "decision_corrected"), Is.EqualTo(1));
        await AssertAccessibleAsync(chair);
    }
}
