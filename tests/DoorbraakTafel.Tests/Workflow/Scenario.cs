using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Workflow;

/// <summary>States a test starts from, reached through the API as users would.</summary>
public static class Scenario
{
    /// <summary>Today as the app counts days: in the Netherlands, which is a day ahead of UTC for an hour or two each night.</summary>
    public static DateOnly Today => Clock.Today(TimeProvider.System);

    /// <summary>The weighing a partner records before sharing personal data with the table.</summary>
    public static readonly object Weighing = new
    {
        purpose = "Passende woonplek vinden na beschermd wonen",
        basis = "Toestemming doorbreking beroepsgeheim (art. 7:457 BW)",
        necessity = "Zonder dit weet de corporatie niet welke begeleiding nodig is",
        proportionality = "Alleen de begeleidingsbehoefte, geen diagnose",
        subsidiarity = "Minder gegevens volstaan niet voor de woningtoewijzing",
        residentInformed = true,
    };

    /// <summary>
    /// A table chaired by Sanne (Gemeente) with the corporation, GGZ and debt counselling at it; or
    /// chaired by <paramref name="chair"/> with <paramref name="members"/> at it.
    /// </summary>
    public static async Task<Guid> TableAsync(DoorbraakApp app, string chair = "demo-sanne", IReadOnlyList<Organisation>? members = null)
    {
        var admin = await app.SignedInAs("ingrid");
        return await admin.CreatedId("/api/tables", new
        {
            name = "Doorbraaktafel Test",
            wijk = "Stadsweiden",
            municipality = "Harderwijk",
            chairs = new[] { chair },
            members = (members ?? [DemoUsers.Gemeente, DemoUsers.Corporatie, DemoUsers.Ggz, DemoUsers.Schuldhulp])
                .Select(o => new { organisationId = o.Id, name = o.Name, type = o.Type.ToString() }),
        });
    }

    /// <param name="table">The table the case is brought in at, if any.</param>
    public static async Task<Guid> CaseAsync(DoorbraakApp app, string referrer = "fatima", Guid? table = null) =>
        await (await app.SignedInAs(referrer)).CreatedId("/api/cases", new { title = "Uitstroom beschermd wonen", bottleneck = "Geen woning zonder inkomen", bottleneckCategory = "Wonen", tableId = table });

    /// <summary>
    /// A case as opened before cases named the table they are brought in at (the API now asks for
    /// it): its first event without a table, appended to the store as such a database holds it.
    /// </summary>
    public static async Task<Guid> CaseOpenedBeforeTablesWereNamedAsync(DoorbraakApp app, string referrer)
    {
        var user = DemoUsers.Find(referrer)!;
        var caseId = Guid.CreateVersion7();
        await using var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Events.StartStream<Case>(caseId, new CaseOpened(caseId, "Uitstroom beschermd wonen", new CategorisedText("Geen woning zonder inkomen", DataCategory.Wonen),
            new Referrer(user.UserId, user.Organisation.Id), null, null, TimeProvider.System.GetUtcNow()));
        await session.SaveChangesAsync();
        return caseId;
    }

    /// <summary>An open meeting of a new table with one case on its agenda and in focus.</summary>
    public static async Task<(Guid Table, Guid Meeting, Guid Case)> MeetingInProgressAsync(DoorbraakApp app)
    {
        var table = await TableAsync(app);
        var chair = await app.SignedInAs("sanne");
        var meeting = await chair.CreatedId($"/api/tables/{table}/meetings", new { date = Today });
        var caseId = await CaseAsync(app, table: table);
        await chair.PostOk($"/api/meetings/{meeting}/agenda", new { caseId });
        await chair.PostOk($"/api/meetings/{meeting}/open", new { });
        await chair.PostOk($"/api/meetings/{meeting}/current-item", new { caseId });
        return (table, meeting, caseId);
    }
}
