using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Privacy.Residents;

namespace DoorbraakTafel.Privacy.Gate;

/// <summary>What a team leader oversees (administered by the Admin): the team's tables and professionals.</summary>
public sealed record TeamScope(Guid TeamId, IReadOnlyList<Guid> Tables, [property: NonPersonal("user ids")] IReadOnlyList<string> Professionals);

/// <summary>Who looks: the user, their role and organisation, and for a team leader the teams they lead.</summary>
public sealed record ViewerFacts(string UserId, string Role, string OrganisationId, OrganisationType OrganisationType, bool SignedConfidentiality)
{
    public IReadOnlyList<TeamScope> Teams { get; init; } = [];
}

/// <summary>An organisation that a chair of the case's table involved by a reasoned decision; the decision's id names the basis in the disclosure log.</summary>
public sealed record InvolvedOrganisation(Guid DecisionId, string OrganisationId);

/// <summary>What the gate needs to know about a case, as it stands at the moment of the read.</summary>
public sealed record CaseFacts(
    string ReferrerOrganisationId,
    IReadOnlyList<string> TableMemberOrganisations,
    IReadOnlyList<InvolvedOrganisation> Involved,
    string? Municipality,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<ConsentRecord> Consents,
    IReadOnlyList<string> TableChairs)
{
    /// <summary>The tables the case is or was on the agenda of: what a team covers.</summary>
    public IReadOnlyList<Guid> Tables { get; init; } = [];

    /// <summary>Who brought the case in: a team also covers the cases of its professionals.</summary>
    public string ReferrerUserId { get; init; } = "";
}

/// <summary>Whether the viewer may look at the case at all, and as what.</summary>
public enum Access
{
    None,
    AuditOnly,
    Content,
}

/// <param name="Basis">Where need to know comes from, as a code for the disclosure log: <c>referrer</c>, <c>table-member</c>, <c>table-chair</c>, <c>involved:{decision id}</c>, <c>team:{team id}</c>.</param>
public sealed record NeedToKnow(Access Access, string Explanation, string Basis = "");

/// <summary>The gate's verdict on one category: shown (with the policy rule or consent) or redacted (with why).</summary>
public sealed record CategoryVerdict(
    DataCategory Category, bool Shown, [property: NonPersonal("the gate's Dutch explanation, from the policy")] string Explanation, [property: NonPersonal("a policy rule id")] string? RuleId, Guid? ConsentId);

/// <summary>
/// The rules of the privacy gate as plain functions: need to know first, then per category the
/// legal basis from the sharing policy and, where the policy asks for it, the resident's consent.
/// </summary>
public static class GateRules
{
    /// <summary>
    /// Need to know comes only from the table (privacy/dpia.md, M1): the referrer's organisation
    /// (controller of the case record); while the case is open or within the follow-up period after
    /// closing, also the organisations currently at a table where the case is or was on the agenda,
    /// the chairs of those tables, the organisations a chair involved by a reasoned decision, and a
    /// team leader for the cases of the team's tables and professionals. Owning an action widens
    /// nothing: an action goes only to an organisation that already has need to know.
    /// </summary>
    public static NeedToKnow Assess(ViewerFacts viewer, CaseFacts facts, DateTimeOffset now, TimeSpan followUp)
    {
        if (viewer.Role == Roles.PrivacyOfficer)
        {
            return new(Access.AuditOnly, "De privacy officer ziet auditgegevens, geen inhoud van de casus.", "privacy-officer");
        }

        if (viewer.OrganisationId == facts.ReferrerOrganisationId)
        {
            return new(Access.Content, "Uw organisatie heeft de casus ingebracht (verwerkingsverantwoordelijke).", "referrer");
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
            return new(Access.Content, "Uw organisatie zit aan een tafel waar de casus op de agenda staat of stond.", "table-member");
        }

        if (facts.TableChairs.Contains(viewer.UserId))
        {
            return new(Access.Content, "U bent voorzitter van een tafel waar de casus op de agenda staat of stond.", "table-chair");
        }

        if (facts.Involved.FirstOrDefault(i => i.OrganisationId == viewer.OrganisationId) is { } involved)
        {
            return new(Access.Content, "De voorzitter heeft uw organisatie bij deze casus betrokken.", $"involved:{involved.DecisionId}");
        }

        if (viewer.Role == Roles.TeamLead && viewer.Teams.FirstOrDefault(t => t.Tables.Intersect(facts.Tables).Any() || t.Professionals.Contains(facts.ReferrerUserId)) is { } team)
        {
            return new(Access.Content, "Als teamleider houdt u toezicht op de tafels en professionals van uw team.", $"team:{team.TeamId}");
        }

        return new(Access.None, "Uw organisatie is niet betrokken bij deze casus (need-to-know).");
    }

    /// <summary>
    /// The organisations with need to know of the case now (<see cref="Assess"/> for a professional of
    /// each): the only ones an action may be given to, so that giving one widens nothing.
    /// </summary>
    public static IReadOnlySet<string> OrganisationsWithNeedToKnow(CaseFacts facts, DateTimeOffset now, TimeSpan followUp) =>
        facts.ClosedAt is { } closed && closed + followUp < now
            ? new HashSet<string> { facts.ReferrerOrganisationId }
            : [facts.ReferrerOrganisationId, .. facts.TableMemberOrganisations, .. facts.Involved.Select(i => i.OrganisationId)];

    /// <summary>
    /// Who may see a resident's consents (what they cover, for whom, and their evidence): the
    /// organisation that registered the resident, an organisation that recorded one of them, an
    /// organisation with need to know on one of the resident's cases (<paramref name="caseAccess"/>,
    /// from <see cref="Assess"/>). The privacy officer audits them in the access report instead.
    /// </summary>
    public static NeedToKnow AssessConsents(ViewerFacts viewer, Resident person, IReadOnlyList<ConsentRecord> consents, IEnumerable<NeedToKnow> caseAccess)
    {
        if (viewer.OrganisationId == person.RegisteredByOrganisation)
        {
            return new(Access.Content, "Uw organisatie heeft de inwoner geregistreerd.", "registered");
        }

        if (consents.Any(c => c.Evidence.RecordedByOrganisation == viewer.OrganisationId))
        {
            return new(Access.Content, "Uw organisatie heeft een toestemming van deze inwoner vastgelegd.", "consent-recorded");
        }

        return caseAccess.FirstOrDefault(a => a.Access == Access.Content) is { } onCase
            ? onCase
            : new(Access.None, "Alleen wie bij een casus van deze inwoner betrokken is, ziet de toestemmingen van de inwoner (need-to-know).");
    }

    /// <summary>
    /// Whether the viewer's organisation may name a resident on a case it opens, or find them by BSN:
    /// it registered the resident, has need to know of one of the resident's cases, or holds a
    /// consent that stands today and that it recorded or that names it as a recipient.
    /// </summary>
    public static bool MayLinkResident(
        ViewerFacts viewer, Resident person, IReadOnlyList<ConsentRecord> consents, IEnumerable<NeedToKnow> caseAccess, DateTimeOffset now, DateOnly today) =>
        viewer.Role != Roles.PrivacyOfficer
        && (viewer.OrganisationId == person.RegisteredByOrganisation
            || caseAccess.Any(a => a.Access == Access.Content)
            || consents.Any(c => c.StoodAt(now, today)
                && (c.Evidence.RecordedByOrganisation == viewer.OrganisationId || c.Recipients.Includes(viewer.OrganisationId, viewer.OrganisationType))));

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
            return new(category, false, $"Het deelbeleid geeft organisaties van het type {viewer.OrganisationType} geen grondslag voor {Dutch.Label(category)}.", null, null);
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
