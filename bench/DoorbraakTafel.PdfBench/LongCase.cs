using DoorbraakTafel.BenchKit;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.PdfBench;

/// <summary>
/// A case on a table's agenda with <c>events</c> events in its stream: opened and scheduled through the
/// API (so the privacy gate sees a real table), the rest appended with the app's store in one go. The
/// mix is what a long case holds: contributions (some of health data, redacted for the chair),
/// assessments, proposals, decisions with rule deviations and cost comparisons, actions, signals.
/// </summary>
internal static class LongCase
{
    public static async Task<Guid> CreateAsync(BenchApp host, int events)
    {
        var admin = await host.SignedInAsync("ingrid");
        var chair = await host.SignedInAsync("sanne");
        var ggz = await host.SignedInAsync("fatima");
        var table = await BenchApi.CreatedAsync(admin, "/api/tables", new
        {
            name = "Doorbraaktafel Benchmark",
            wijk = "Stadsweiden",
            municipality = "Harderwijk",
            chairs = new[] { "demo-sanne" },
            members = new object[]
            {
                new { organisationId = "gem-harderwijk", name = "Gemeente Harderwijk", type = "Gemeente" },
                new { organisationId = "ggz-randmeren", name = "GGZ Randmeren", type = "GGZ" },
                new { organisationId = "schuldhulp-veluwe", name = "Schuldhulp Veluwe", type = "Schuldhulpverlening" },
            },
        });
        var today = TimeProvider.System.Today(); // the Dutch calendar day, as the app counts it
        var meeting = await BenchApi.CreatedAsync(chair, $"/api/tables/{table}/meetings", new { date = today });
        var caseId = await BenchApi.CreatedAsync(ggz, "/api/cases", new { title = "Lange casus", bottleneck = "Geen woning zonder inkomen", bottleneckCategory = "Wonen", tableId = table });
        await BenchApi.PostAsync(chair, $"/api/meetings/{meeting}/agenda", new { caseId });

        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var state = await session.Events.FetchStreamStateAsync(caseId);
        var remaining = events - (int)state!.Version;
        session.Events.Append(caseId, [.. Events(caseId, table, meeting, today, remaining)]);
        await session.SaveChangesAsync();
        return caseId;
    }

    private static IEnumerable<object> Events(Guid caseId, Guid table, Guid meeting, DateOnly today, int count)
    {
        var chair = new Participant("demo-sanne", "gem-harderwijk");
        var ggz = new Participant("demo-fatima", "ggz-randmeren");
        var weighing = new SharingWeighing("Passende woonplek vinden", "Toestemming", "Nodig voor de woningtoewijzing", "Alleen wat nodig is", "Minder volstaat niet", true, null);
        var at = DateTimeOffset.UtcNow.AddDays(-30);
        var openActions = new Queue<Guid>();
        DataCategory[] categories = [DataCategory.Wonen, DataCategory.Financien, DataCategory.Ondersteuning, DataCategory.Gezondheid];
        for (var i = 0; i < count; i++)
        {
            at = at.AddMinutes(5);
            var text = $"Regel {i:000}: wat de partner over de situatie inbrengt, in een paar zinnen die over meer dan een regel lopen in het overzicht.";
            yield return (i % 10) switch
            {
                0 or 1 or 2 or 3 => new ContributionAdded(caseId, Guid.CreateVersion7(), new CategorisedText(text, categories[i % 4]), weighing, ggz, meeting, at),
                4 => new VuistregelAssessed(caseId, (Vuistregel)(i / 10 % 5), (VuistregelStatus)(i / 10 % 4), new CategorisedText(text, DataCategory.Financien), chair, at),
                5 => new ProposalMade(caseId, Guid.CreateVersion7(), new CategorisedText(text, DataCategory.Wonen), ggz, at),
                6 => new DecisionRecorded(caseId, Guid.CreateVersion7(), new CategorisedText(text, DataCategory.Financien), new CategorisedText("Goedkoper en menselijker", DataCategory.Financien),
                    null, null, true, i == 6, new RuleDeviation("Bijzondere bijstand vergoedt geen reiskosten", "Maatwerk", new Mandate("M. de Boer", "Wethouder", "Gemeente Harderwijk", $"B&W {i}"), null, null),
                    new CostComparison([new CostItem("Detentie", 50_000_00, CostPeriod.PerYear)], [new CostItem("NS-jaarkaart", 3_000_00, CostPeriod.PerYear)]), chair, at),
                7 => Assign(openActions, caseId, text, chair, today, at),
                8 when openActions.Count > 0 => new ActionCompleted(caseId, openActions.Dequeue(), "Gedaan", chair, at),
                _ => new SystemSignalRaised(caseId, Guid.CreateVersion7(), table, $"Knelpunt {i}", "Huisvestingsverordening art. 2.5", "Beleidsteam Wonen", chair, at),
            };
        }
    }

    private static ActionAssigned Assign(Queue<Guid> open, Guid caseId, string text, Participant chair, DateOnly today, DateTimeOffset at)
    {
        var id = Guid.CreateVersion7();
        open.Enqueue(id);
        return new ActionAssigned(caseId, id, new CategorisedText(text, DataCategory.Wonen), chair, today.AddDays(14), Vuistregel.Wonen, chair, at);
    }
}
