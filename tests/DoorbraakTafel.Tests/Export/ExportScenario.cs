using DoorbraakTafel.Cases;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Export;

/// <summary>Cases worth exporting: one with a decision on a mandate and a cost comparison, and a long one.</summary>
public static class ExportScenario
{
    public const string DecisionWhat = "De gemeente koopt een NS-jaarkaart";
    public const string DecisionWhy = "Goedkoper en menselijker dan detentie";
    public const string Rule = "Bijzondere bijstand vergoedt geen reiskosten";

    /// <summary>A case in an open meeting with a breakthrough decision setting a rule aside on the alderman's mandate (saves € 47.000 a year), actions, a housing profile and a signal.</summary>
    public static async Task<Guid> CaseWithDecisionAsync(DoorbraakApp app)
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(app);
        var chair = await app.SignedInAs("sanne");
        var debt = await app.SignedInAs("esther");
        await debt.PostOk($"/api/cases/{caseId}/assessments", new { vuistregel = "Financien", status = "Zorgelijk", note = "Boetes stapelen zich op" });
        await debt.PostOk($"/api/cases/{caseId}/assessments", new { vuistregel = "Financien", status = "Wankel", note = "Aflossing loopt" });
        await chair.PostCreated($"/api/cases/{caseId}/decisions", new
        {
            what = DecisionWhat,
            why = DecisionWhy,
            category = "Financien",
            meetingId = meeting,
            breakthrough = true,
            ruleDeviation = new
            {
                rule = Rule,
                reason = "Maatwerk voorkomt detentie",
                legalHook = "Hardheidsclausule",
                mandate = new { person = "M. de Boer", role = "Wethouder", organisation = "Gemeente Harderwijk", reference = "B&W 2026-118" },
            },
            costComparison = new
            {
                current = new object[] { new { label = "Detentie", amount = 50000m, period = "PerYear" } },
                proposed = new object[] { new { label = "NS-jaarkaart", amount = 3000m, period = "PerYear" } },
            },
        });
        var done = await chair.CreatedId($"/api/cases/{caseId}/actions", new { description = "Jaarkaart aanvragen", ownerUserId = "demo-ahmed", ownerOrganisationId = "gem-harderwijk", due = Scenario.Today.AddDays(7), vuistregel = "Financien" });
        await (await app.SignedInAs("ahmed")).PostOk($"/api/actions/{done}/complete", new { note = "Uitgereikt" });
        await chair.PostCreated($"/api/cases/{caseId}/actions", new { description = "Budgetcoach regelen", ownerUserId = "demo-esther", ownerOrganisationId = "schuldhulp-veluwe", due = Scenario.Today.AddDays(14), vuistregel = "Financien" });
        await chair.PostOk($"/api/cases/{caseId}/housing-profile", new { wishes = "Rustige buurt, begane grond", income = "Wajong" });
        await chair.PostOk($"/api/cases/{caseId}/roadmap", new { step = "Inventarisatie", on = Scenario.Today });
        await chair.PostCreated($"/api/cases/{caseId}/signals", new { flaw = "Geen reiskosten in bijzondere bijstand", ruleOrPolicy = "Beleidsregels bijzondere bijstand", escalatedTo = "Beleidsteam Inkomen" });
        return caseId;
    }

    /// <summary>Appends <paramref name="count"/> contributions at once with the app's store, numbered so each can be found whole.</summary>
    public static async Task AppendContributionsAsync(DoorbraakApp app, Guid caseId, int count)
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var weighing = new SharingWeighing("Passende woonplek vinden", "Wettelijke taak", "Nodig voor de woningtoewijzing", "Alleen wat nodig is", "Minder volstaat niet", true, null);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        session.Events.Append(caseId, Enumerable.Range(1, count).Select(i => (object)new ContributionAdded(
            caseId, Guid.CreateVersion7(), new CategorisedText($"Inbreng nummer {i:000} over de zoektocht naar een woning met begeleiding in de wijk.", DataCategory.Wonen),
            weighing, new Participant("demo-ahmed", "gem-harderwijk"), null, start.AddMinutes(i))).ToArray());
        await session.SaveChangesAsync();
    }
}
