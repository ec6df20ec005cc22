namespace DoorbraakTafel.Identity;

/// <summary>The roles of DOMAIN.md; the names are the claim values.</summary>
public static class Roles
{
    public const string Professional = nameof(Professional);
    public const string Chair = nameof(Chair);
    public const string TeamLead = nameof(TeamLead);
    public const string PrivacyOfficer = nameof(PrivacyOfficer);
    public const string ExpertByExperience = nameof(ExpertByExperience);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All =
        [Professional, Chair, TeamLead, PrivacyOfficer, ExpertByExperience, Admin];
}

public enum OrganisationType
{
    Gemeente,
    Zorgaanbieder,
    GGZ,
    Woningcorporatie,
    Politie,
    Schuldhulpverlening,
    Welzijn,
    Reclassering,
    Ervaringsdeskundigen,
    Overig,
}

/// <summary>Claim types this app reads, whether a token comes from Entra ID or the dev sign-in.</summary>
public static class DoorbraakClaims
{
    public const string UserId = "oid";
    public const string DisplayName = "name";
    public const string Role = "roles";
    public const string OrganisationId = "org";
    public const string OrganisationType = "org_type";

    /// <summary>Every claim the app reads; <see cref="CurrentUser"/> is built from these alone.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { UserId, DisplayName, Role, OrganisationId, OrganisationType };
}
