using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;

namespace DoorbraakTafel.Tests.Privacy;

/// <summary>A registered resident whose case (referred by the GGZ) is on the agenda of a table where the corporation sits.</summary>
public static class PrivacyScenario
{
    public const string Name = "Jorrit Fictief-Veldhuizen";
    public const string ValidBsn = "111222333";

    public static async Task<(Guid Resident, Guid Case, Guid Meeting)> ResidentCaseOnTableAsync(DoorbraakApp app)
    {
        var ggz = await app.SignedInAs("fatima");
        var resident = await ggz.CreatedId("/api/residents", new { name = Name, bsn = ValidBsn, birthDate = new DateOnly(1984, 3, 1), address = "Dorpsstraat 1, Harderwijk" });
        var caseId = await ggz.CreatedId("/api/cases", new { title = "Uitstroom BW", bottleneck = "Woning nodig met begeleiding", bottleneckCategory = "Wonen", residentId = resident, residentInformed = true });
        await ggz.PostCreated($"/api/cases/{caseId}/contributions", new { text = "Diagnose schizofrenie, stabiel op medicatie", category = "Gezondheid", weighing = Scenario.Weighing });
        var table = await Scenario.TableAsync(app);
        var chair = await app.SignedInAs("sanne");
        var meeting = await chair.CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today });
        await chair.PostOk($"/api/meetings/{meeting}/agenda", new { caseId });
        return (resident, caseId, meeting);
    }

    public static object Consent(string category, string recipientType, string kind = "AvgConsent") => new
    {
        purpose = "doorbraaktafel-casusoverleg",
        categories = new[] { category },
        recipientOrganisationTypes = new[] { recipientType },
        kind,
        evidenceHow = "Schriftelijk",
        documentReference = "Toestemmingsformulier 2026-77",
        validUntil = Scenario.Today.AddMonths(6),
    };
}
