using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;

namespace DoorbraakTafel.Tests.Pages;

public sealed class PreparePageTests : BrowserTest
{
    [Test]
    public async Task The_chair_is_offered_only_cases_brought_in_at_the_table()
    {
        var table = await Scenario.TableAsync(App);
        var other = await Scenario.TableAsync(App);
        var meeting = await (await App.SignedInAs("sanne")).CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today });
        var broughtHere = await Scenario.CaseAsync(App, referrer: "esther", table: table);
        var broughtElsewhere = await Scenario.CaseAsync(App, referrer: "esther", table: other);
        var fromAMemberBeforeTablesWereNamed = await Scenario.CaseOpenedBeforeTablesWereNamedAsync(App, referrer: "bram");
        var fromOutside = await Scenario.CaseAsync(App, referrer: "kees");

        var page = await OpenAsync(await SignInAsync("sanne"), $"/bijeenkomsten/{meeting}/voorbereiden");
        var offered = await page.Locator("section[aria-labelledby=toevoegen]").InnerTextAsync();

        Assert.That(offered, Does.Contain(AliasSuffix(broughtHere)));
        Assert.That(offered, Does.Contain(AliasSuffix(fromAMemberBeforeTablesWereNamed)));
        Assert.That(offered, Does.Not.Contain(AliasSuffix(broughtElsewhere)));
        Assert.That(offered, Does.Not.Contain(AliasSuffix(fromOutside)));
    }

    /// <summary>How a case's alias ends (PrivacyGate.AliasOf): what the chair sees of a case without need to know.</summary>
    private static string AliasSuffix(Guid caseId) => caseId.ToString("N")[^6..].ToUpperInvariant();
}
