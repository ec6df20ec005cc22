using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Privacy;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Workflow;

public sealed class ContributionEntriesTests : AppTest
{
    [Test]
    public async Task The_case_document_stays_the_same_size_as_contributions_come_in()
    {
        var caseId = await Scenario.CaseAsync(App);
        var ggz = await App.SignedInAs("fatima");
        var sizeBefore = await ScalarAsync<int>("select length(data::text) from doorbraak.mt_doc_casedetails where id = $1", caseId);

        for (var i = 0; i < 5; i++)
        {
            await ggz.PostCreated($"/api/cases/{caseId}/contributions", new { text = $"Inbreng {i}: huurachterstand is afgelost", category = "Financien", weighing = Scenario.Weighing });
        }

        Assert.That(await ScalarAsync<int>("select length(data::text) from doorbraak.mt_doc_casedetails where id = $1", caseId), Is.EqualTo(sizeBefore));
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_doc_contributionentry where data ->> 'CaseId' = $1", caseId.ToString()), Is.EqualTo(5));
        var view = (await ggz.Get($"/api/cases/{caseId}")).GetProperty("case");
        Assert.That(view.GetProperty("contributions").EnumerateArray().Select(c => c.GetProperty("text").GetProperty("text").GetString()),
            Is.EqualTo(Enumerable.Range(0, 5).Select(i => $"Inbreng {i}: huurachterstand is afgelost")));
    }

    [Test]
    public async Task Contributions_an_earlier_version_kept_inside_the_case_still_show_beside_new_ones_and_are_masked_on_erasure()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var store = App.Services.GetRequiredService<IDocumentStore>();
        // As in a database of an earlier version: the contribution inside the case document, no document of its own.
        await using (var session = store.LightweightSession())
        {
            var entries = await session.Query<ContributionEntry>().Where(c => c.CaseId == caseId).ToListAsync();
            var details = await session.LoadAsync<CaseDetails>(caseId);
            session.DeleteWhere<ContributionEntry>(c => c.CaseId == caseId);
            session.Store(details! with { Contributions = [.. entries.Select(e => e.Contribution)] });
            await session.SaveChangesAsync();
        }

        var ggz = await App.SignedInAs("fatima");
        await ggz.PostCreated($"/api/cases/{caseId}/contributions", new { text = "Na de upgrade: woning gevonden", category = "Wonen", weighing = Scenario.Weighing });
        var texts = await ContributionTextsAsync(ggz, caseId);
        await (await App.SignedInAs("pieter")).PostOk($"/api/residents/{resident}/erasure", new { });
        var erased = await ContributionTextsAsync(ggz, caseId);

        Assert.That(texts, Is.EqualTo(new[] { "Diagnose schizofrenie, stabiel op medicatie", "Na de upgrade: woning gevonden" }));
        Assert.That(erased, Is.EqualTo(new[] { "[verwijderd]", "[verwijderd]" }));
    }

    private static async Task<string?[]> ContributionTextsAsync(HttpClient client, Guid caseId) =>
        [.. (await client.Get($"/api/cases/{caseId}")).GetProperty("case").GetProperty("contributions").EnumerateArray().Select(c => c.GetProperty("text").GetProperty("text").GetString())];
}
