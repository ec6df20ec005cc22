using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;

namespace DoorbraakTafel.UnitTests.Privacy;

/// <summary>
/// The gate's decision matrix over the shipped policy: role x organisation type x category x
/// consent state x need to know, each asserting shown or redacted and the basis.
/// </summary>
public sealed class GateMatrixTests
{
    public enum ConsentState { None, Valid, Expired, Withdrawn, WrongKind }

    public enum Involvement { Member, Referrer, InvolvedByChair, Team, None, CaseClosed }

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly SharingPolicy Policy = PolicyLoader.Load(Path.Combine(AppContext.BaseDirectory, "privacy", "policy.json"));
    private const string Org = "org-viewer";
    private static readonly Guid TeamTable = Guid.NewGuid();

    private static IEnumerable<TestCaseData> Matrix()
    {
        // Basis by law: no consent needed; shown whatever the consent state, as long as need to know holds.
        foreach (var consent in Enum.GetValues<ConsentState>())
        {
            yield return Row(Roles.Professional, OrganisationType.Gemeente, DataCategory.Wonen, consent, Involvement.Member, true, "gemeente-wonen");
        }

        // Basis by consent: only a valid consent of an accepted kind opens it.
        yield return Row(Roles.Professional, OrganisationType.Woningcorporatie, DataCategory.Wonen, ConsentState.Valid, Involvement.Member, true, "consent");
        yield return Row(Roles.Professional, OrganisationType.Woningcorporatie, DataCategory.Wonen, ConsentState.None, Involvement.Member, false, "is er niet");
        yield return Row(Roles.Professional, OrganisationType.Woningcorporatie, DataCategory.Wonen, ConsentState.Expired, Involvement.Member, false, "verlopen");
        yield return Row(Roles.Professional, OrganisationType.Woningcorporatie, DataCategory.Wonen, ConsentState.Withdrawn, Involvement.Member, false, "ingetrokken");
        yield return Row(Roles.Professional, OrganisationType.Woningcorporatie, DataCategory.Wonen, ConsentState.WrongKind, Involvement.Member, false, "HelpAgreement");
        yield return Row(Roles.Professional, OrganisationType.GGZ, DataCategory.Gezondheid, ConsentState.Valid, Involvement.InvolvedByChair, true, "consent");
        yield return Row(Roles.Professional, OrganisationType.GGZ, DataCategory.Gezondheid, ConsentState.WrongKind, Involvement.InvolvedByChair, false, "HelpAgreement");

        // No rule: never shown, whatever the consent (special categories to a corporation above all).
        foreach (var consent in Enum.GetValues<ConsentState>())
        {
            yield return Row(Roles.Professional, OrganisationType.Woningcorporatie, DataCategory.Gezondheid, consent, Involvement.Member, false, "geen grondslag");
            yield return Row(Roles.Professional, OrganisationType.Woningcorporatie, DataCategory.Justitie, consent, Involvement.Member, false, "geen grondslag");
        }

        // Need to know: none, or closed past the follow-up period, shows nothing; the referrer keeps its own record.
        yield return Row(Roles.Professional, OrganisationType.Gemeente, DataCategory.Wonen, ConsentState.Valid, Involvement.None, false, "niet betrokken");
        yield return Row(Roles.Professional, OrganisationType.Gemeente, DataCategory.Wonen, ConsentState.Valid, Involvement.CaseClosed, false, "nazorgtermijn");
        yield return Row(Roles.Professional, OrganisationType.Woningcorporatie, DataCategory.Gezondheid, ConsentState.None, Involvement.Referrer, true, "Eigen dossier");
        yield return Row(Roles.TeamLead, OrganisationType.Gemeente, DataCategory.Financien, ConsentState.None, Involvement.Team, true, "gemeente-financien");
        yield return Row(Roles.TeamLead, OrganisationType.Gemeente, DataCategory.Financien, ConsentState.None, Involvement.None, false, "niet betrokken");

        // Roles: the privacy officer sees audit data only; an expert by experience never identification.
        yield return Row(Roles.PrivacyOfficer, OrganisationType.Gemeente, DataCategory.Wonen, ConsentState.Valid, Involvement.Member, false, "auditgegevens");
        yield return Row(Roles.ExpertByExperience, OrganisationType.Ervaringsdeskundigen, DataCategory.Identificatie, ConsentState.Valid, Involvement.Member, false, "geen grondslag");
        yield return Row(Roles.ExpertByExperience, OrganisationType.Ervaringsdeskundigen, DataCategory.Wonen, ConsentState.Valid, Involvement.Member, true, "consent");
        yield return Row(Roles.ExpertByExperience, OrganisationType.Ervaringsdeskundigen, DataCategory.Gezondheid, ConsentState.Valid, Involvement.Member, false, "geen grondslag");
    }

    private static TestCaseData Row(string role, OrganisationType type, DataCategory category, ConsentState consent, Involvement involvement, bool shown, string basis) =>
        new TestCaseData(role, type, category, consent, involvement, shown, basis)
            .SetName($"{role} of {type} on {category}, consent {consent}, {involvement}: {(shown ? "shown" : "redacted")}");

    [TestCaseSource(nameof(Matrix))]
    public void The_gate_decides_per_viewer_category_consent_and_need_to_know(
        string role, OrganisationType type, DataCategory category, ConsentState consent, Involvement involvement, bool shown, string basis)
    {
        var viewer = new ViewerFacts("user", role, Org, type, SignedConfidentiality: true);
        var facts = new CaseFacts(
            involvement == Involvement.Referrer ? Org : "org-referrer",
            involvement is Involvement.Member or Involvement.CaseClosed ? [Org] : [],
            involvement == Involvement.InvolvedByChair ? [new InvolvedOrganisation(Guid.NewGuid(), Org)] : [],
            "Harderwijk",
            involvement == Involvement.CaseClosed ? Now.AddDays(-Policy.FollowUpDaysAfterClose - 1) : null,
            ConsentsFor(consent, type, category),
            [])
        {
            Tables = [TeamTable],
        };
        if (involvement == Involvement.Team)
        {
            viewer = viewer with { Teams = [new TeamScope(Guid.NewGuid(), [TeamTable], [])] };
        }

        var access = GateRules.Assess(viewer, facts, Now, Policy.FollowUpAfterClose);
        var verdict = GateRules.Decide(Policy, viewer, facts, access, category, SharingPolicy.CaseConferencePurpose, Now, Today);

        Assert.That(verdict.Shown, Is.EqualTo(shown), verdict.Explanation);
        if (basis == "consent")
        {
            Assert.That(verdict.ConsentId, Is.Not.Null, verdict.Explanation);
        }
        else if (shown && verdict.RuleId is not null)
        {
            Assert.That(verdict.RuleId, Is.EqualTo(basis));
        }
        else
        {
            Assert.That(verdict.Explanation, Does.Contain(basis).IgnoreCase);
        }
    }

    private static IReadOnlyList<ConsentRecord> ConsentsFor(ConsentState state, OrganisationType type, DataCategory category)
    {
        if (state == ConsentState.None)
        {
            return [];
        }

        var kind = state == ConsentState.WrongKind ? ConsentKind.HelpAgreement : type is OrganisationType.GGZ ? ConsentKind.SecrecyLift : ConsentKind.AvgConsent;
        var consent = new ConsentRecord(Guid.NewGuid(), Guid.NewGuid(), SharingPolicy.CaseConferencePurpose, [category], new ConsentRecipients([], [type]), kind,
            new ConsentEvidence(EvidenceKind.Schriftelijk, "u", "o", "doc-1"), Today.AddMonths(-6), state == ConsentState.Expired ? Today.AddDays(-1) : Today.AddMonths(6),
            Now.AddMonths(-6), state == ConsentState.Withdrawn ? Now.AddHours(-1) : null, false);
        return [consent];
    }
}
