using System.Net;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Workflow;

public sealed class CaseSnapshotsTests : AppTest
{
    [Test]
    public async Task A_case_written_before_the_snapshot_existed_is_writable_again_after_start()
    {
        var caseId = await Scenario.CaseAsync(App);
        var store = App.Services.GetRequiredService<IDocumentStore>();
        // As in a database from before the snapshot: the events are there, the snapshot is not.
        await using (var session = store.LightweightSession())
        {
            session.Delete<Case>(caseId);
            await session.SaveChangesAsync();
        }

        var chair = await App.SignedInAs("sanne");
        var decision = new { what = "Besluit na de upgrade", why = "Zo blijft de casus werkbaar", category = "Wonen" };
        var before = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/decisions", decision));

        await new CaseSnapshots(store).StartAsync(CancellationToken.None);
        var after = await chair.SendAsync(Api.Post($"/api/cases/{caseId}/decisions", decision));

        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "without its snapshot the case cannot be written");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await using var query = store.QuerySession();
        Assert.That((await query.LoadAsync<Case>(caseId))?.Id, Is.EqualTo(caseId));
    }
}
