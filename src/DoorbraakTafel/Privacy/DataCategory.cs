using System.Text.Json.Serialization;

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

/// <summary>
/// Free text tagged with its data category, so the privacy gate can show or redact it.
/// In what the gate hands out, <see cref="Gate"/> says why it is shown or why it is held back.
/// </summary>
public sealed record CategorisedText([property: PersonalText] string Text, DataCategory Category)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GateNote? Gate { get; init; }
}

/// <summary>The gate's verdict on one text: shown on a basis, or redacted for a reason the viewer can read.</summary>
public sealed record GateNote(bool Shown, [property: NonPersonal("the gate's Dutch explanation, from the policy")] string Explanation);
