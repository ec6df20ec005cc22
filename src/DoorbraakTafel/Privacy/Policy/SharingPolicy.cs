using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DoorbraakTafel.Identity;

namespace DoorbraakTafel.Privacy.Policy;

/// <summary>The AVG legal bases a policy rule can name; WettelijkeTaak covers art. 6(1)(c) and (e).</summary>
public enum LegalBasisKind
{
    Toestemming,
    WettelijkeTaak,
    VitaalBelang,
}

/// <summary>What a resident's consent record is (PRIVACY-REFERENCE.md: consent is three different things).</summary>
public enum ConsentKind
{
    /// <summary>Consent as the AVG legal basis, art. 6(1)(a).</summary>
    AvgConsent,

    /// <summary>Consent that lifts professional secrecy (art. 7:457 BW, art. 88 Wet BIG).</summary>
    SecrecyLift,

    /// <summary>Agreement to receive help: worth recording, never a legal basis.</summary>
    HelpAgreement,
}

/// <summary>
/// The regional sharing policy of <c>privacy/policy.json</c>: per organisation type, which data
/// categories it may exchange in a case, for which purpose, on which legal basis. A category
/// without a rule for an organisation type is not shared. Get one from <see cref="PolicyLoader"/>,
/// which validates it.
/// </summary>
public sealed record SharingPolicy
{
    /// <summary>The purpose every doorbraaktafel case is processed for; the policy must define it.</summary>
    public const string CaseConferencePurpose = "doorbraaktafel-casusoverleg";

    public string Version { get; init; } = "";

    /// <summary>The first day this version is in force; a policy file without it counts as in force since always.</summary>
    public DateOnly ValidFrom { get; init; }

    public string ControllerNote { get; init; } = "";

    public IReadOnlyList<PolicyPurpose> Purposes { get; init; } = [];

    public IReadOnlyList<OrganisationType> OrganisationTypes { get; init; } = [];

    public IReadOnlyList<PolicyCategory> Categories { get; init; } = [];

    public IReadOnlyList<PolicyRule> Rules { get; init; } = [];

    public IReadOnlyList<RetentionRule> Retention { get; init; } = [];

    /// <summary>Need-to-know access of the involved organisations lasts this long after a case closes.</summary>
    public int FollowUpDaysAfterClose { get; init; }

    public IReadOnlyList<MunicipalityConvenant> Municipalities { get; init; } = [];

    /// <summary>camelCase, enums as their exact C# names; how the file is read and how the policy is shown.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>The open points for the privacy officer: rules whose article still has to be confirmed.</summary>
    [JsonIgnore]
    public IReadOnlyList<PolicyRule> RulesToVerify =>
        [.. Rules.Concat(Municipalities.SelectMany(m => m.ExtraRules)).Where(rule => rule.Verify)];

    [JsonIgnore]
    public IReadOnlyList<RetentionRule> RetentionToVerify => [.. Retention.Where(r => r.Verify)];

    [JsonIgnore]
    public TimeSpan FollowUpAfterClose => TimeSpan.FromDays(FollowUpDaysAfterClose);

    /// <summary>A municipality's own convenant, or null where the regional rule set applies unchanged.</summary>
    public MunicipalityConvenant? ConvenantOf(string? municipality) =>
        municipality is null
            ? null
            : Municipalities.FirstOrDefault(m => string.Equals(m.Name, municipality.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The regional rules without those the municipality's convenant leaves out, plus its own.</summary>
    public IReadOnlyList<PolicyRule> EffectiveRules(string? municipality)
    {
        var convenant = ConvenantOf(municipality);
        return convenant is null
            ? Rules
            : [.. Rules.Where(rule => !convenant.WithoutRules.Contains(rule.Id)).Concat(convenant.ExtraRules)];
    }

    /// <summary>
    /// The rule that lets an organisation type have a category for a purpose in a municipality,
    /// or null: then the category is not shared with that organisation type.
    /// </summary>
    public PolicyRule? RuleFor(string? municipality, OrganisationType type, DataCategory category, string purpose) =>
        EffectiveRules(municipality).FirstOrDefault(rule =>
            rule.OrganisationType == type && rule.Category == category && string.Equals(rule.Purpose, purpose, StringComparison.Ordinal));

    public RetentionRule? FindRetention(string record) =>
        Retention.FirstOrDefault(r => string.Equals(r.Record, record, StringComparison.Ordinal));

    public RetentionRule RetentionFor(string record) =>
        FindRetention(record) ?? throw new KeyNotFoundException($"The sharing policy {Version} has no retention for '{record}'.");

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters = { new PolicyEnumConverterFactory() },
        };
        options.MakeReadOnly();
        return options;
    }
}

public sealed record PolicyPurpose
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    /// <summary>The processing activity this purpose is logged under (Logboek Dataverwerkingen).</summary>
    public string ProcessingActivityId { get; init; } = "";
}

public sealed record PolicyCategory
{
    public DataCategory Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary><c>art9</c>, <c>art10</c> or null; must agree with <see cref="SpecialCategories"/>.</summary>
    public string? Special { get; init; }
}

public sealed record PolicyRule
{
    public string Id { get; init; } = "";

    /// <summary>The organisation type that may exchange (bring in and see) the category in a case.</summary>
    public OrganisationType OrganisationType { get; init; }

    public DataCategory Category { get; init; }

    public string Purpose { get; init; } = "";

    public LegalBasisKind Basis { get; init; }

    public string? Law { get; init; }

    public string? Article { get; init; }

    /// <summary>The exception to the ban of AVG art. 9 or 10 that a special category relies on.</summary>
    public string? SpecialCategoryException { get; init; }

    public IReadOnlyList<ConsentKind> AcceptedConsentKinds { get; init; } = [];

    /// <summary>True while the article is not confirmed: an open point for the privacy officer.</summary>
    public bool Verify { get; init; }

    public string? Note { get; init; }

    /// <summary>Whether a consent record of this kind carries this rule; agreement to receive help never does.</summary>
    public bool Accepts(ConsentKind kind) =>
        Basis == LegalBasisKind.Toestemming && kind != ConsentKind.HelpAgreement && AcceptedConsentKinds.Contains(kind);
}

public sealed record RetentionRule
{
    /// <summary>What is kept, e.g. <c>casusoverleg</c> or <c>disclosureLog</c> (see <see cref="RetentionRecords"/>).</summary>
    public string Record { get; init; } = "";

    public int Years { get; init; }

    public string Source { get; init; } = "";

    public bool Verify { get; init; }

    public string? Note { get; init; }
}

/// <summary>A municipality whose convenant differs from the regional rule set.</summary>
public sealed record MunicipalityConvenant
{
    public string Name { get; init; } = "";

    public string Convenant { get; init; } = "";

    public IReadOnlyList<PolicyRule> ExtraRules { get; init; } = [];

    /// <summary>Ids of regional rules that do not apply in this municipality.</summary>
    public IReadOnlyList<string> WithoutRules { get; init; } = [];

    public string? Note { get; init; }
}

/// <summary>The retention records the app itself relies on; the policy must give each one.</summary>
public static class RetentionRecords
{
    public const string Casusoverleg = "casusoverleg";
    public const string DisclosureLog = "disclosureLog";
    public const string Identity = "identity";

    public static readonly IReadOnlyList<string> Required = [Casusoverleg, DisclosureLog, Identity];
}

/// <summary>The special categories, fixed in code so a policy file cannot quietly make them ordinary.</summary>
public static class SpecialCategories
{
    public const string Art9 = "art9";
    public const string Art10 = "art10";

    public static string? ArticleOf(DataCategory category) => category switch
    {
        DataCategory.Gezondheid => Art9,
        DataCategory.Justitie => Art10,
        _ => null,
    };

    public static string Describe(string special) => special == Art9 ? "AVG art. 9" : "AVG art. 10";
}

/// <summary>
/// Enums as their exact C# names. An unknown name reads as an undefined value instead of failing,
/// so <see cref="PolicyLoader"/> can name every unknown name in the file at once.
/// </summary>
internal sealed class PolicyEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(PolicyEnumConverter<>).MakeGenericType(typeToConvert))!;
}

internal sealed class PolicyEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } name && Enum.GetNames<T>().Contains(name, StringComparer.Ordinal))
        {
            return Enum.Parse<T>(name);
        }

        reader.Skip();
        return (T)Enum.ToObject(typeof(T), -1);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
