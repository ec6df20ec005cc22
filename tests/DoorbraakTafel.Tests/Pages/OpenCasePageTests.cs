using System.Text.RegularExpressions;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Microsoft.Playwright;

namespace DoorbraakTafel.Tests.Pages;

public sealed class OpenCasePageTests : BrowserTest
{
    [Test]
    public async Task A_professional_brings_a_case_in_at_a_table_of_their_organisation_and_its_chair_is_offered_it()
    {
        var table = await Scenario.TableAsync(App);
        var meeting = await (await App.SignedInAs("sanne")).CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today });
        var page = await OpenAsync(await SignInAsync("esther"), "/casussen/nieuw");

        await page.GetByRole(AriaRole.Button, new() { Name = "Casus inbrengen" }).ClickAsync();
        var missingTable = await page.Locator("[data-valmsg-for='Case.TableId']").InnerTextAsync();
        await page.Locator("#Case_TableId").SelectOptionAsync(table.ToString());
        await page.Locator("#Case_Title").FillAsync("Beslag op uitkering");
        await page.Locator("#Case_Bottleneck").FillAsync("Vaste lasten niet meer te betalen");
        await page.Locator("#Case_BottleneckCategory").SelectOptionAsync("Financien");
        await page.GetByLabel("Ja").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Casus inbrengen" }).ClickAsync();
        await WaitUntilAtAsync(page, new Regex("/casussen/[0-9a-f-]{36}$"));
        var caseId = Guid.Parse(page.Url.Split('/')[^1]);
        var stored = await (await App.SignedInAs("esther")).Get($"/api/cases/{caseId}");
        var chair = await OpenAsync(await SignInAsync("sanne"), $"/bijeenkomsten/{meeting}/voorbereiden");

        Assert.That(missingTable, Does.Contain("tafel"));
        Assert.That(stored.GetProperty("case").GetProperty("broughtTo").GetGuid(), Is.EqualTo(table));
        Assert.That(await chair.Locator("section[aria-labelledby=toevoegen]").InnerTextAsync(), Does.Contain(caseId.ToString("N")[^6..].ToUpperInvariant()));
    }

    [Test]
    public async Task A_table_the_organisation_left_while_the_form_was_open_is_refused_in_plain_dutch_and_nothing_is_brought_in()
    {
        var table = await Scenario.TableAsync(App);
        var other = await Scenario.TableAsync(App);
        var page = await OpenAsync(await SignInAsync("esther"), "/casussen/nieuw");
        await page.Locator("#Case_TableId").SelectOptionAsync(table.ToString());
        await page.Locator("#Case_Title").FillAsync("Beslag op uitkering");
        await page.Locator("#Case_Bottleneck").FillAsync("Vaste lasten niet meer te betalen");
        await page.Locator("#Case_BottleneckCategory").SelectOptionAsync("Financien");
        await page.GetByLabel("Ja").CheckAsync();
        await (await App.SignedInAs("ingrid")).PostOk($"/api/tables/{table}/members/schuldhulp-veluwe/leave", new { reason = "Convenant opgezegd" });

        await page.GetByRole(AriaRole.Button, new() { Name = "Casus inbrengen" }).ClickAsync();
        var refusal = await page.Locator("[data-valmsg-for='Case.TableId']").InnerTextAsync();

        Assert.That(refusal, Does.Contain("Uw organisatie zit niet aan deze tafel"));
        Assert.That(page.Url, Does.EndWith("/casussen/nieuw"));
        Assert.That(await page.Locator("#Case_TableId option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"),
            Is.EqualTo(new[] { "", other.ToString() }), "only the table it still sits at is offered");
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_events where type = 'case_opened'"), Is.Zero);
    }
}
