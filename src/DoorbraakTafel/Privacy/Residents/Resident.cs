namespace DoorbraakTafel.Privacy.Residents;

/// <summary>
/// Who a resident is, as one organisation registered them. Kept apart from the event streams (schema
/// <c>identity</c>), so erasure removes it without rewriting history; events only ever name the
/// resident's id. Each organisation keeps its own record of a person (one per BSN and organisation),
/// so registering tells nobody whether another organisation knows the person (docs/decisions.md).
/// </summary>
public sealed record Resident(
    Guid Id,
    [property: PersonalText(DataCategory.Identificatie)] string Name,
    [property: PersonalText(DataCategory.Identificatie)] string Bsn,
    DateOnly BirthDate,
    [property: PersonalText(DataCategory.Identificatie)] string? Address,
    [property: PersonalText(DataCategory.Identificatie)] string? Phone,
    DateTimeOffset RegisteredAt,
    [property: NonPersonal("a user id")] string RegisteredBy,
    [property: NonPersonal("an organisation id")] string RegisteredByOrganisation);

public static class Bsn
{
    /// <summary>
    /// The elfproef: 9 digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11 (and not all zero).
    /// </summary>
    public static bool IsValid(string? value)
    {
        if (value is not { Length: 9 } || !value.All(char.IsAsciiDigit) || value == "000000000")
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (value[i] - '0');
        }

        sum -= value[8] - '0';
        return sum % 11 == 0;
    }
}
