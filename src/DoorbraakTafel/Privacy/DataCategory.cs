namespace DoorbraakTafel.Privacy;

/// <summary>Classes of personal data (DESIGN.md); every piece of free text in an event carries one.</summary>
public enum DataCategory
{
    Identificatie,
    Wonen,
    Financien,
    Daginvulling,
    Ondersteuning,
    Leefomgeving,
    Netwerk,
    Gezondheid,
    Justitie,
}

/// <summary>Free text tagged with its data category, so the privacy gate can show or redact it.</summary>
public sealed record CategorisedText(string Text, DataCategory Category);
