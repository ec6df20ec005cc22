namespace DoorbraakTafel.Identity;

public sealed record Organisation(string Id, string Name, OrganisationType Type);

public sealed record DemoUser(string UserName, string DisplayName, string Role, Organisation Organisation)
{
    public string UserId => $"demo-{UserName}";
}

/// <summary>
/// Fictional organisations and people of a Noord-Veluwe-like region, for Development and
/// tests only. Every role of DOMAIN.md is here, spread over organisations of different types.
/// </summary>
public static class DemoUsers
{
    public static readonly Organisation Gemeente = new("gem-harderwijk", "Gemeente Harderwijk", OrganisationType.Gemeente);
    public static readonly Organisation Corporatie = new("woonstichting-de-linde", "Woonstichting De Linde", OrganisationType.Woningcorporatie);
    public static readonly Organisation Ggz = new("ggz-randmeren", "GGZ Randmeren", OrganisationType.GGZ);
    public static readonly Organisation Schuldhulp = new("schuldhulp-veluwe", "Schuldhulp Veluwe", OrganisationType.Schuldhulpverlening);
    public static readonly Organisation Welzijn = new("welzijn-kustwijk", "Stichting Welzijn Kustwijk", OrganisationType.Welzijn);
    public static readonly Organisation Zorg = new("zorggroep-waterkant", "Zorggroep Waterkant", OrganisationType.Zorgaanbieder);
    public static readonly Organisation Politie = new("politie-noord-veluwe", "Politie basisteam Noord-Veluwe", OrganisationType.Politie);
    public static readonly Organisation Ervaring = new("ervaring-telt", "Collectief Ervaring Telt", OrganisationType.Ervaringsdeskundigen);

    public static readonly IReadOnlyList<Organisation> Organisations =
        [Gemeente, Corporatie, Ggz, Schuldhulp, Welzijn, Zorg, Politie, Ervaring];

    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("sanne", "Sanne Vos", Roles.Chair, Gemeente),
        new("ahmed", "Ahmed El Amrani", Roles.Professional, Gemeente),
        new("lotte", "Lotte de Wit", Roles.TeamLead, Gemeente),
        new("pieter", "Pieter Kramer", Roles.PrivacyOfficer, Gemeente),
        new("ingrid", "Ingrid Mulder", Roles.Admin, Gemeente),
        new("bram", "Bram Hendriks", Roles.Professional, Corporatie),
        new("fatima", "Fatima Ouali", Roles.Professional, Ggz),
        new("joost", "Joost van Dam", Roles.Chair, Ggz),
        new("esther", "Esther Bakker", Roles.Professional, Schuldhulp),
        new("kees", "Kees Smit", Roles.Professional, Welzijn),
        new("mirjam", "Mirjam Visser", Roles.Professional, Zorg),
        new("ruud", "Ruud Jansen", Roles.Professional, Politie),
        new("noor", "Noor Dekker", Roles.ExpertByExperience, Ervaring),
    ];

    public static DemoUser? Find(string? userName) =>
        All.FirstOrDefault(u => string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase));
}
