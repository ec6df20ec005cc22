using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Cases;

public enum CaseStatus
{
    Aangemeld,
    Geagendeerd,
    InBehandeling,
    Doorbraak,
    Afgesloten,
}

/// <summary>Who brought the case in: a professional and their organisation.</summary>
public sealed record Referrer(string UserId, string OrganisationId);

public sealed record CaseOpened(Guid CaseId, string Title, CategorisedText Bottleneck, Referrer Referrer, DateTimeOffset OpenedAt);

/// <summary>Write state: only what the case's decisions need.</summary>
public sealed record Case(Guid Id, CaseStatus Status)
{
    public static Case Create(CaseOpened opened) => new(opened.CaseId, CaseStatus.Aangemeld);
}
