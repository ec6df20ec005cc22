using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy.Policy;
using Marten.Events.Aggregation;

namespace DoorbraakTafel.Privacy.Consents;

public enum EvidenceKind
{
    Mondeling,
    Schriftelijk,
    Digitaal,
}

/// <summary>How the consent was obtained and by whom, with a reference to the document where there is one.</summary>
/// <remarks>A document reference can name the resident (a form with their BSN): identification data.</remarks>
public sealed record ConsentEvidence(
    EvidenceKind How, [property: NonPersonal("a user id")] string RecordedBy, [property: NonPersonal("an organisation id")] string RecordedByOrganisation, [property: PersonalText(DataCategory.Identificatie)] string? DocumentReference);

/// <summary>Who may receive: named organisations and/or every organisation of a type.</summary>
public sealed record ConsentRecipients([property: NonPersonal("organisation ids")] IReadOnlyList<string> Organisations, IReadOnlyList<OrganisationType> OrganisationTypes)
{
    public bool Includes(string organisationId, OrganisationType type) => Organisations.Contains(organisationId) || OrganisationTypes.Contains(type);
}

public sealed record ConsentGiven(
    Guid ConsentId, Guid ResidentId, [property: NonPersonal("a purpose id of the sharing policy")] string Purpose, IReadOnlyList<DataCategory> Categories, ConsentRecipients Recipients,
    ConsentKind Kind, ConsentEvidence Evidence, DateOnly ValidFrom, DateOnly? ValidUntil, DateTimeOffset At);

/// <remarks>Why the resident withdrew is about the resident: identification data.</remarks>
public sealed record ConsentWithdrawn(Guid ConsentId, Guid ResidentId, [property: PersonalText(DataCategory.Identificatie)] string? Reason, [property: NonPersonal("a user id")] string By, DateTimeOffset At);

public sealed record ConsentExpiryNoted(Guid ConsentId, DateOnly ValidUntil, DateTimeOffset At);

/// <summary>Modelled on Mitz: per resident, for a purpose, for categories, to recipients, with evidence and a validity period.</summary>
public sealed record ConsentRecord(
    Guid Id, Guid ResidentId, [property: NonPersonal("a purpose id of the sharing policy")] string Purpose, IReadOnlyList<DataCategory> Categories, ConsentRecipients Recipients, ConsentKind Kind,
    ConsentEvidence Evidence, DateOnly ValidFrom, DateOnly? ValidUntil, DateTimeOffset GivenAt, DateTimeOffset? WithdrawnAt, bool ExpiryNoted)
{
    public int Version { get; set; }

    /// <summary>Whether the consent stood on <paramref name="moment"/>: in its period and not withdrawn before.</summary>
    public bool StoodAt(DateTimeOffset moment, DateOnly day) =>
        GivenAt <= moment && (WithdrawnAt is null || WithdrawnAt > moment) && ValidFrom <= day && (ValidUntil is null || day <= ValidUntil);
}

internal sealed class ConsentRecordProjection : SingleStreamProjection<ConsentRecord, Guid>
{
    public static ConsentRecord Create(ConsentGiven e) =>
        new(e.ConsentId, e.ResidentId, e.Purpose, e.Categories, e.Recipients, e.Kind, e.Evidence, e.ValidFrom, e.ValidUntil, e.At, null, false);

    public static ConsentRecord Apply(ConsentWithdrawn e, ConsentRecord consent) => consent with { WithdrawnAt = e.At };

    public static ConsentRecord Apply(ConsentExpiryNoted e, ConsentRecord consent) => consent with { ExpiryNoted = true };
}
