using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Policy;

namespace DoorbraakTafel.Privacy.Gate;

/// <summary>Who looks: the user, their role and organisation.</summary>
public sealed record ViewerFacts(string UserId, string Role, string OrganisationId, OrganisationType OrganisationType, bool SignedConfidentiality);

/// <summary>What the gate needs to know about a case, as it stands at the moment of the read.</summary>
public sealed record CaseFacts(
    string ReferrerOrganisationId,
    IReadOnlyList<string> TableMemberOrganisations,
    IReadOnlyList<string> ActionOwnerOrganisations,
    string? Municipality,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<ConsentRecord> Consents,
    IReadOnlyList<string> TableChairs);

/// <summary>Whether the viewer may look at the case at all, and as what.</summary>
public enum Access
{
    None,
    AuditOnly,
    Content,
}

public sealed record NeedToKnow(Access Access, string Explanation);

/// <summary>The gate's verdict on one category: shown (with the policy rule or consent) or redacted (with why).</summary>
public sealed record CategoryVerdict(DataCategory Category, bool Shown, string Explanation, string? RuleId, Guid? ConsentId);

/// <summary>
/// The rules of the privacy gate as plain functions: need to know first, then per category the
/// legal basis from the sharing policy and, where the policy asks for it, the resident's consent.
/// </summary>
public static class GateRules
{
    /// <summary>
    /// Need to know: the referrer's organisation (controller of the case record); while the case is
    /// open or within the follow-up period after closing, also the organisations currently at a table
    /// where the case is or was on the agenda, the chairs of those tables (who run its agenda and record
    /// its decisions, also when their own organisation is not at the table), owners of its actions,
    /// and the team leader.
    /// </summary>
    public static NeedToKnow Assess(ViewerFacts viewer, CaseFacts facts, DateTimeOffset now, TimeSpan followUp)
    {
        if (viewer.Role == Roles.PrivacyOfficer)
        {
            return new(Access.AuditOnly, "De privacy officer ziet auditgegevens, geen inhoud van de casus.");
        }

        if (viewer.OrganisationId == facts.ReferrerOrganisationId)
        {
            return new(Access.Content, "Uw organisatie heeft de casus ingebracht (verwerkingsverantwoordelijke).");
        }

        if (facts.ClosedAt is { } closed && closed + followUp < now)
        {
            return new(Access.None, $"De casus is gesloten op {closed:d-M-yyyy} en de nazorgtermijn is voorbij; alleen de inbrengende organisatie heeft nog toegang.");
        }

        if (viewer.Role == Roles.ExpertByExperience && !viewer.SignedConfidentiality)
        {
            return new(Access.None, "Een ervaringsdeskundige ziet casussen pas na een getekende geheimhoudingsverklaring.");
        }

        if (facts.TableMemberOrganisations.Contains(viewer.OrganisationId))
        {
            return new(Access.Content, "Uw organisatie zit aan een tafel waar de casus op de agenda staat of stond.");
        }

        if (facts.TableChairs.Contains(viewer.UserId))
        {
            return new(Access.Content, "U bent voorzitter van een tafel waar de casus op de agenda staat of stond.");
        }

        if (facts.ActionOwnerOrganisations.Contains(viewer.OrganisationId))
        {
            return new(Access.Content, "Uw organisatie voert een actie uit in deze casus.");
        }

        return viewer.Role == Roles.TeamLead
            ? new(Access.Content, "Als teamleider houdt u toezicht op de tafels van het team.")
            : new(Access.None, "Uw organisatie is niet betrokken bij deze casus (need-to-know).");
    }

    /// <summary>
    /// Who may see a resident's consents (what they cover, for whom, and their evidence): whoever
    /// registered the resident, an organisation that recorded one of them, an organisation with need
    /// to know on one of the resident's cases (<paramref name="caseAccess"/>, from <see cref="Assess"/>).
    /// The privacy officer audits them in the access report instead.
    /// </summary>
    public static NeedToKnow AssessConsents(ViewerFacts viewer, string registeredBy, IReadOnlyList<ConsentRecord> consents, IEnumerable<NeedToKnow> caseAccess)
    {
        if (viewer.UserId == registeredBy)
        {
            return new(Access.Content, "U heeft de inwoner geregistreerd.");
        }

        if (consents.Any(c => c.Evidence.RecordedByOrganisation == viewer.OrganisationId))
        {
            return new(Access.Content, "Uw organisatie heeft een toestemming van deze inwoner vastgelegd.");
        }

        return caseAccess.FirstOrDefault(a => a.Access == Access.Content) is { } onCase
            ? onCase
            : new(Access.None, "Alleen wie bij een casus van deze inwoner betrokken is, ziet de toestemmingen van de inwoner (need-to-know).");
    }

    public static CategoryVerdict Decide(
        SharingPolicy policy, ViewerFacts viewer, CaseFacts facts, NeedToKnow access, DataCategory category, string purpose, DateTimeOffset now, DateOnly today)
    {
        if (access.Access != Access.Content)
        {
            return new(category, false, access.Explanation, null, null);
        }

        if (viewer.OrganisationId == facts.ReferrerOrganisationId)
        {
            return new(category, true, "Eigen dossier: uw organisatie bracht de casus in.", null, null);
        }

        var rule = policy.RuleFor(facts.Municipality, viewer.OrganisationType, category, purpose);
        if (rule is null)
        {
            return new(category, false, $"Het deelbeleid geeft organisaties van het type {viewer.OrganisationType} geen grondslag voor {category}.", null, null);
        }

        if (rule.Basis != LegalBasisKind.Toestemming)
        {
            var law = string.Join(" ", new[] { rule.Law, rule.Article }.Where(s => !string.IsNullOrEmpty(s)));
            return new(category, true, $"{rule.Basis}: {law}".TrimEnd(' ', ':'), rule.Id, null);
        }

        var candidates = facts.Consents
            .Where(c => c.Purpose == purpose && c.Categories.Contains(category) && c.Recipients.Includes(viewer.OrganisationId, viewer.OrganisationType))
            .ToList();
        var valid = candidates.FirstOrDefault(c => rule.Accepts(c.Kind) && c.StoodAt(now, today));
        if (valid is not null)
        {
            return new(category, true, $"Toestemming van de inwoner ({valid.Kind}, geldig vanaf {valid.ValidFrom:d-M-yyyy}).", rule.Id, valid.Id);
        }

        return new(category, false, WhyNoConsent(candidates, rule, now, today), rule.Id, null);
    }

    private static string WhyNoConsent(IReadOnlyList<ConsentRecord> candidates, PolicyRule rule, DateTimeOffset now, DateOnly today)
    {
        if (candidates.Count == 0)
        {
            return "Hiervoor is toestemming van de inwoner nodig, en die is er niet.";
        }

        if (candidates.Any(c => c.WithdrawnAt is { } withdrawn && withdrawn <= now))
        {
            return "De inwoner heeft de toestemming ingetrokken.";
        }

        if (candidates.Any(c => c.ValidUntil is { } until && until < today))
        {
            return "De toestemming van de inwoner is verlopen.";
        }

        if (candidates.All(c => !rule.Accepts(c.Kind)))
        {
            return $"De vastgelegde toestemming is van de soort {candidates[0].Kind}; voor deze gegevens telt alleen {string.Join(" of ", rule.AcceptedConsentKinds)}.";
        }

        return "De toestemming van de inwoner geldt nog niet.";
    }
}
