using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Tests.Cases;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Privacy;
using DoorbraakTafel.Tests.Workflow;
using static Microsoft.Playwright.Assertions;

namespace DoorbraakTafel.Tests.Pages;

public sealed class UnreadableStepPageTests : BrowserTest
{
    [Test]
    public async Task The_case_page_the_board_and_the_worklist_show_the_rest_of_a_case_and_mark_the_steps_the_app_cannot_read()
    {
        var (_, caseId, meeting) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var chair = await App.SignedInAs("sanne");
        await chair.PostCreated($"/api/cases/{caseId}/actions", UnreadableSteps.Action);
        await chair.PostOk($"/api/meetings/{meeting}/open", new { });
        await chair.PostOk($"/api/meetings/{meeting}/current-item", new { caseId });
        await UnreadableSteps.StoreAsync(caseId);
        await App.CatchUpProjectionsAsync();
        var ggz = await SignInAsync("fatima");

        // Before anything is written to the case again, every page shows the rest of it.
        await OpenAsync(ggz, $"/casussen/{caseId}");
        await Expect(ggz.Locator(".dt-timeline")).ToContainTextAsync(UnreadableSteps.GoodContribution);
        await OpenAsync(ggz, $"/bijeenkomsten/{meeting}");
        await Expect(ggz.GetByTestId("contributions")).ToContainTextAsync(UnreadableSteps.GoodContribution);

        // A write builds the case's document again: the steps are marked where they stand.
        await (await App.SignedInAs("fatima")).PostCreated($"/api/cases/{caseId}/contributions", new { text = "Bezichtiging gepland", category = "Wonen", weighing = Scenario.Weighing });

        await OpenAsync(ggz, $"/casussen/{caseId}");
        var timeline = ggz.Locator(".dt-timeline > li");
        await Expect(timeline.Filter(new() { HasText = UnreadableStep.Sentence })).ToHaveCountAsync(4);
        await Expect(ggz.Locator(".dt-timeline")).ToContainTextAsync(UnreadableSteps.GoodContribution);
        await Expect(ggz.Locator(".dt-timeline")).ToContainTextAsync("Bezichtiging gepland");
        await ScreenshotAsync(ggz, "casus-met-onleesbare-stap");
        await AssertAccessibleAsync(ggz);

        await OpenAsync(ggz, $"/bijeenkomsten/{meeting}");
        await Expect(ggz.GetByTestId("step-not-read")).ToHaveCountAsync(4);
        await Expect(ggz.GetByTestId("contributions")).ToContainTextAsync(UnreadableSteps.GoodContribution);
        await Expect(ggz.GetByTestId("contributions")).ToContainTextAsync("Bezichtiging gepland");

        await OpenAsync(ggz, "/acties");
        await Expect(ggz.Locator("main")).ToContainTextAsync(UnreadableSteps.ActionDescription);
    }
}
