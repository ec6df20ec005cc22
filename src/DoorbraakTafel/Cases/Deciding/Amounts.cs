using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using DoorbraakTafel.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DoorbraakTafel.Cases.Deciding;

/// <summary>Why a typed amount was not read, for the API (English) and for the person at the form (Dutch).</summary>
public sealed record AmountProblem(string English, string Dutch);

/// <summary>
/// Euro amounts as a Dutch user types them, read into whole cents: a dot groups the thousands and a
/// comma starts the cents ("50.000", "50.000,00", "€ 3.000", "4.800,50", "3.000,-"). The API and the
/// board's decision form read every amount with <see cref="Read"/>, the board's preview mirrors it
/// (wwwroot/js/board.js), and every page and export writes amounts with <see cref="Euro"/>, so what
/// was typed, previewed, stored and printed agree (docs/decisions.md: amounts in cents).
/// </summary>
public static partial class Amounts
{
    /// <summary>The largest amount a cost line takes: a hundred million euros.</summary>
    public const long MaximumCents = 100_000_000_00;

    /// <summary>Longer than any amount written out ("€ 100.000.000,00"); the API description shows it as maxLength.</summary>
    public const int LongestTyped = 30;

    internal static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>Reads <paramref name="typed"/> into cents; answers null and the cents, or why it is no amount.</summary>
    public static AmountProblem? Read(string? typed, out long cents)
    {
        cents = 0;
        var text = Bare(typed ?? "");
        if (text.Length == 0)
        {
            return new("An amount of euros is required.", "Vul een bedrag in, bijvoorbeeld 3.000 of 4.800,50.");
        }

        if (text.StartsWith('-'))
        {
            return new("An amount is zero euros or more.", "Vul een bedrag van 0 euro of meer in.");
        }

        var match = Written().Match(text);
        if (!match.Success)
        {
            return new(
                $"'{typed}' is not an amount as Dutch write it: a dot between the thousands, a comma before the cents (\"50.000\", \"4.800,50\").",
                "Dit is geen bedrag. Schrijf het zoals 50.000 of 4.800,50: een punt tussen de duizenden, een komma voor de centen.");
        }

        var fraction = match.Groups["cents"].Value;
        if (fraction.Length > 2 && fraction[0] != '-')
        {
            return new("An amount has at most two decimals, its cents.", "Een bedrag heeft hooguit twee cijfers na de komma, zoals 4.800,50.");
        }

        // More than nine digits of euros is over the maximum whatever they are; fewer fit a long as cents.
        var euros = match.Groups["euros"].Value.Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        var whole = euros.Length is 0 or > 9 ? 0 : long.Parse(euros, CultureInfo.InvariantCulture);
        var part = fraction.Length == 0 || fraction[0] == '-' ? 0 : int.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture);
        if (euros.Length > 9 || (whole * 100) + part > MaximumCents)
        {
            return new("An amount is at most 100,000,000 euros.", "Een bedrag is hooguit € 100.000.000.");
        }

        cents = (whole * 100) + part;
        return null;
    }

    /// <summary>The cents of a request's amount, or a refusal naming <paramref name="field"/> (422) with the Dutch sentence for the form.</summary>
    public static long Cents(string field, string? typed) =>
        Read(typed, out var cents) is { } problem ? throw Rejected.Invalid(field, problem.English, problem.Dutch) : cents;

    /// <summary>
    /// An amount as the pages and the exports write it: "€ 50.000" for whole euros, "€ 4.800,50" with
    /// cents, with a plain space so a search of a page or a PDF finds it.
    /// </summary>
    public static string Euro(long cents)
    {
        var size = Math.Abs((decimal)cents) / 100;
        var written = size.ToString(size == decimal.Truncate(size) ? "N0" : "N2", Dutch);
        return (cents < 0 ? "-" : "") + "€ " + written;
    }

    /// <summary>Without the euro sign or word and the spaces around them: what is left is the number as typed.</summary>
    private static string Bare(string typed)
    {
        var text = typed.Trim().Replace('\u00A0', ' ').Replace('\u202F', ' ');
        if (text.StartsWith('€'))
        {
            text = text[1..];
        }
        else if (text.EndsWith('€'))
        {
            text = text[..^1];
        }
        else if (text.EndsWith("euro", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^4];
        }

        return text.Trim();
    }

    /// <summary>Euros in groups of three after a first group of one to three digits, or without dots; then a comma and the cents, or ",-".</summary>
    [GeneratedRegex(@"^(?<euros>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?<cents>[0-9]+|-{1,2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Written();
}

/// <summary>
/// A request's amount: a JSON number of euros (4800.5) or a text as a Dutch user types it
/// ("4.800,50"). A number is handed on as its Dutch text, so both are read by <see cref="Amounts.Read"/>
/// and refused alike; the API description shows the field as number or string.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AmountAttribute : JsonConverterAttribute
{
    public override JsonConverter CreateConverter(Type typeToConvert) => new Converter();

    /// <summary>Shows an amount in the API description as it is read: a number of euros, or a text as the Dutch write it.</summary>
    public static Task Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(AmountAttribute), true) == true)
        {
            schema.Type = JsonSchemaType.Number | JsonSchemaType.String | JsonSchemaType.Null;
            schema.Description = "Euros, at most two decimals, 0 to 100,000,000: a JSON number (4800.5), or a text as a Dutch user types it, "
                + "a dot between the thousands and a comma before the cents (\"50.000\", \"4.800,50\", \"€ 3.000\"). Stored in cents (amountInCents).";
            schema.MaxLength = Amounts.LongestTyped;
        }

        return Task.CompletedTask;
    }

    private sealed class Converter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            // Without grouping, with a decimal comma: 4800.5 is "4800,5".
            JsonTokenType.Number when reader.TryGetDecimal(out var euros) => euros.ToString(Amounts.Dutch),
            JsonTokenType.Number => throw new JsonException("The amount is too large."),
            _ => throw new JsonException("An amount is a number of euros or a text such as \"4.800,50\"."),
        };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}

/// <summary>A form field holding an amount as typed: refused in Dutch at the field as <see cref="Amounts.Read"/> refuses it for the API. Empty is left to the slice.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DutchAmountAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is string typed && !string.IsNullOrWhiteSpace(typed) && Amounts.Read(typed, out _) is { } problem
            ? new ValidationResult(problem.Dutch, validationContext.MemberName is { } name ? [name] : null)
            : ValidationResult.Success;
}
