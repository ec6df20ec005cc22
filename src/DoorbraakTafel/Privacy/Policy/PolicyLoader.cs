using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DoorbraakTafel.Identity;

namespace DoorbraakTafel.Privacy.Policy;

/// <summary>The policy file cannot be used; the message names the file and every fault found in it.</summary>
public sealed class InvalidPolicyException(string file, IReadOnlyList<string> faults) : Exception(Describe(file, faults))
{
    public string File { get; } = file;

    public IReadOnlyList<string> Faults { get; } = faults;

    private static string Describe(string file, IReadOnlyList<string> faults) =>
        $"The sharing policy {file} is invalid ({faults.Count} {(faults.Count == 1 ? "fault" : "faults")}); " +
        "the app does not start without a valid policy." +
        string.Concat(faults.Select(fault => $"{Environment.NewLine}  - {fault}"));
}

/// <summary>Reads the sharing policy and refuses it unless every rule is complete and lawful in shape.</summary>
public static class PolicyLoader
{
    public static SharingPolicy Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidPolicyException(path, [$"the file cannot be read: {e.Message}"]);
        }

        return Parse(json, path);
    }

    /// <param name="source">Names the file in the exception message.</param>
    public static SharingPolicy Parse(string json, string source)
    {
        var faults = new List<string>();
        var policy = Read(json, faults, out var root);
        if (policy is not null && root is not null)
        {
            new Validator(policy, root, faults).Run();
        }

        return faults.Count == 0 && policy is not null ? policy : throw new InvalidPolicyException(source, faults);
    }

    private static SharingPolicy? Read(string json, List<string> faults, out JsonObject? root)
    {
        root = null;
        try
        {
            if (!FindDuplicateProperties(json, faults))
            {
                return null;
            }
        }
        catch (JsonException e)
        {
            faults.Add($"malformed JSON{Location(e)}: {WithoutLocation(e.Message)}");
            return null;
        }

        root = JsonNode.Parse(json) as JsonObject;
        if (root is null)
        {
            faults.Add("the file must hold one JSON object");
            return null;
        }

        FindUnknownProperties(root, typeof(SharingPolicy), "$", faults);
        try
        {
            return JsonSerializer.Deserialize<SharingPolicy>(json, SharingPolicy.JsonOptions)
                ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            faults.Add($"{e.Path ?? "$"}: {WithoutLocation(e.Message)}{Location(e)}");
            return null;
        }
    }

    /// <summary>Reads the whole file once: a syntax fault throws with its line, a repeated key is reported with its path.</summary>
    /// <returns>False when a key occurs twice in one object: which one would count is not for the loader to guess.</returns>
    private static bool FindDuplicateProperties(string json, List<string> faults)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        var open = new Stack<Container>();
        var name = "";
        var found = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    name = reader.GetString()!;
                    if (!open.Peek().Keys!.Add(name))
                    {
                        var line = bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n') + 1;
                        faults.Add($"{open.Peek().Path}.{name}: duplicate property '{name}' at line {line}");
                        found = true;
                    }

                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var path = open.TryPeek(out var container) ? container.PathOf(name) : "$";
                    open.Push(new Container(path, reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null));
                    break;
                default:
                    if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                    {
                        open.Pop();
                    }

                    if (open.TryPeek(out var parent))
                    {
                        parent.Index++;
                    }

                    break;
            }
        }

        return !found;
    }

    private sealed class Container(string path, HashSet<string>? keys)
    {
        public string Path { get; } = path;

        /// <summary>The keys seen so far in an object; null for an array.</summary>
        public HashSet<string>? Keys { get; } = keys;

        /// <summary>The position of the next value in an array.</summary>
        public int Index { get; set; }

        public string PathOf(string property) => Keys is null ? $"{Path}[{Index}]" : $"{Path}.{property}";
    }

    // The serializer ignores properties it does not know; in a policy a misspelt "verify" must not pass silently.
    private static void FindUnknownProperties(JsonNode? node, Type type, string path, List<string> faults)
    {
        var info = SharingPolicy.JsonOptions.GetTypeInfo(type);
        if (info.Kind == JsonTypeInfoKind.Enumerable && node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                FindUnknownProperties(array[i], info.ElementType!, $"{path}[{i}]", faults);
            }
        }
        else if (info.Kind == JsonTypeInfoKind.Object && node is JsonObject obj)
        {
            var owner = Text(obj["id"]) is { } id ? $" (in '{id}')" : "";
            foreach (var (name, value) in obj)
            {
                var property = info.Properties.FirstOrDefault(p => p.Name == name);
                if (property is null)
                {
                    faults.Add($"{path}.{name}{owner}: unknown property '{name}'");
                }
                else
                {
                    FindUnknownProperties(value, property.PropertyType, $"{path}.{name}", faults);
                }
            }
        }
    }

    private static string Location(JsonException e) =>
        e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";

    // System.Text.Json appends "Path: ... | LineNumber: ..."; the fault gives the location itself.
    private static string WithoutLocation(string message)
    {
        foreach (var marker in (string[])[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            message = cut < 0 ? message : message[..cut];
        }

        return message.Trim();
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Show(JsonNode node) => Text(node) is { } text ? $"'{text}'" : node.ToJsonString();

    /// <summary>Checks the deserialised policy; the JSON tree gives the raw text of unknown names and what was missing.</summary>
    private sealed class Validator(SharingPolicy policy, JsonObject root, List<string> faults)
    {
        private readonly HashSet<string> purposeIds = new(policy.Purposes.Where(p => p is not null).Select(p => p.Id), StringComparer.Ordinal);
        private readonly Dictionary<string, string> ruleIds = new(StringComparer.Ordinal);

        public void Run()
        {
            RequireText(policy.Version, "$.version");
            RequireText(policy.ControllerNote, "$.controllerNote");
            if (root["followUpDaysAfterClose"] is null)
            {
                faults.Add("$.followUpDaysAfterClose: missing; give the days need-to-know access lasts after a case closes (0 for none)");
            }
            else if (policy.FollowUpDaysAfterClose < 0)
            {
                faults.Add($"$.followUpDaysAfterClose: {policy.FollowUpDaysAfterClose} is negative");
            }

            CheckPurposes();
            CheckOrganisationTypes();
            CheckCategories();
            var regional = CheckRules(policy.Rules, root["rules"] as JsonArray, "$.rules");
            ReportDuplicates(regional, [], null);
            CheckRetention();
            CheckMunicipalities(regional);
        }

        private void CheckPurposes()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var activities = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < policy.Purposes.Count; i++)
            {
                var purpose = policy.Purposes[i];
                var path = $"$.purposes[{i}]";
                if (purpose is null)
                {
                    faults.Add($"{path}: null instead of a purpose");
                    continue;
                }

                var at = Name("purpose", purpose.Id, path);
                if (RequireText(purpose.Id, $"{path}.id") && !seen.Add(purpose.Id))
                {
                    faults.Add($"{at}: duplicate purpose id");
                }

                RequireText(purpose.Name, $"{path}.name");
                RequireText(purpose.Description, $"{path}.description");
                if (RequireText(purpose.ProcessingActivityId, $"{path}.processingActivityId") && !activities.Add(purpose.ProcessingActivityId))
                {
                    faults.Add($"{at}: processingActivityId '{purpose.ProcessingActivityId}' is used by another purpose too");
                }
            }

            if (!purposeIds.Contains(SharingPolicy.CaseConferencePurpose))
            {
                faults.Add($"$.purposes: missing the purpose '{SharingPolicy.CaseConferencePurpose}' every case is processed for");
            }
        }

        private void CheckOrganisationTypes()
        {
            var nodes = root["organisationTypes"] as JsonArray;
            var seen = new HashSet<OrganisationType>();
            for (var i = 0; i < policy.OrganisationTypes.Count; i++)
            {
                var type = policy.OrganisationTypes[i];
                if (!Enum.IsDefined(type))
                {
                    faults.Add($"$.organisationTypes[{i}]: unknown organisation type {ShowAt(nodes?[i])}; known: {Known<OrganisationType>()}");
                }
                else if (!seen.Add(type))
                {
                    faults.Add($"$.organisationTypes[{i}]: {type} is listed twice");
                }
            }
        }

        private void CheckCategories()
        {
            var nodes = root["categories"] as JsonArray;
            var described = new HashSet<DataCategory>();
            for (var i = 0; i < policy.Categories.Count; i++)
            {
                var category = policy.Categories[i];
                var path = $"$.categories[{i}]";
                if (category is null)
                {
                    faults.Add($"{path}: null instead of a category");
                    continue;
                }

                if (!KnownValue(category.Name, nodes?[i] as JsonObject, "name", "category", path, path))
                {
                    continue;
                }

                var at = $"category {category.Name} ({path})";
                if (!described.Add(category.Name))
                {
                    faults.Add($"{at}: described twice");
                }

                RequireText(category.Description, $"{path}.description");
                var special = SpecialCategories.ArticleOf(category.Name);
                if (category.Special is not null and not SpecialCategories.Art9 and not SpecialCategories.Art10)
                {
                    faults.Add($"{at}: unknown special '{category.Special}'; use '{SpecialCategories.Art9}', '{SpecialCategories.Art10}' or null");
                }
                else if (category.Special != special)
                {
                    faults.Add(special is null
                        ? $"{at}: is not a special category of personal data; special must be null"
                        : $"{at}: is a special category ({SpecialCategories.Describe(special)}); special must be '{special}'");
                }
            }

            foreach (var missing in Enum.GetValues<DataCategory>().Where(c => !described.Contains(c)))
            {
                faults.Add($"$.categories: category {missing} is not described");
            }
        }

        private List<(PolicyRule Rule, string Path)> CheckRules(IReadOnlyList<PolicyRule> rules, JsonArray? nodes, string path)
        {
            var checkedRules = new List<(PolicyRule, string)>();
            for (var i = 0; i < rules.Count; i++)
            {
                var rulePath = $"{path}[{i}]";
                if (rules[i] is null)
                {
                    faults.Add($"{rulePath}: null instead of a rule");
                    continue;
                }

                CheckRule(rules[i], nodes?[i] as JsonObject, rulePath);
                checkedRules.Add((rules[i], rulePath));
            }

            return checkedRules;
        }

        private void CheckRule(PolicyRule rule, JsonObject? node, string path)
        {
            var at = Name("rule", rule.Id, path);
            if (RequireText(rule.Id, $"{path}.id") && !ruleIds.TryAdd(rule.Id, path))
            {
                faults.Add($"{at}: duplicate rule id; {ruleIds[rule.Id]} has it too");
            }

            var typeKnown = KnownValue(rule.OrganisationType, node, "organisationType", "organisation type", at, path);
            if (typeKnown && !policy.OrganisationTypes.Contains(rule.OrganisationType))
            {
                faults.Add($"{at}: organisation type {rule.OrganisationType} is not listed in organisationTypes");
            }

            var categoryKnown = KnownValue(rule.Category, node, "category", "category", at, path);
            if (string.IsNullOrWhiteSpace(rule.Purpose))
            {
                faults.Add($"{at}: missing purpose");
            }
            else if (!purposeIds.Contains(rule.Purpose))
            {
                faults.Add($"{at}: unknown purpose '{rule.Purpose}' at {path}.purpose; known: {string.Join(", ", purposeIds)}");
            }

            var basisKnown = KnownValue(rule.Basis, node, "basis", "basis", at, path);
            CheckConsentKinds(rule, node, at, path, basisKnown);
            if (basisKnown && rule.Basis == LegalBasisKind.WettelijkeTaak)
            {
                if (string.IsNullOrWhiteSpace(rule.Law))
                {
                    faults.Add($"{at}: legal task (WettelijkeTaak) without law; name the law that gives the task");
                }

                if (string.IsNullOrWhiteSpace(rule.Article))
                {
                    faults.Add($"{at}: legal task (WettelijkeTaak) without article; name the article (mark verify: true while unconfirmed)");
                }
            }

            if (categoryKnown && basisKnown && SpecialCategories.ArticleOf(rule.Category) is { } special
                && rule.Basis != LegalBasisKind.Toestemming && string.IsNullOrWhiteSpace(rule.SpecialCategoryException))
            {
                faults.Add($"{at}: special category {rule.Category} ({SpecialCategories.Describe(special)}) under {rule.Basis} " +
                    "without specialCategoryException; name the legal exception to the ban (e.g. a UAVG article)");
            }

            if (typeKnown && categoryKnown && rule.OrganisationType == OrganisationType.Ervaringsdeskundigen && rule.Category == DataCategory.Identificatie)
            {
                faults.Add($"{at}: gives Ervaringsdeskundigen Identificatie; experts by experience never see identifying data");
            }
        }

        private void CheckConsentKinds(PolicyRule rule, JsonObject? node, string at, string path, bool basisKnown)
        {
            var kinds = node?["acceptedConsentKinds"] as JsonArray;
            for (var j = 0; j < rule.AcceptedConsentKinds.Count; j++)
            {
                var kind = rule.AcceptedConsentKinds[j];
                if (!Enum.IsDefined(kind))
                {
                    faults.Add($"{at}: unknown consent kind {ShowAt(kinds?[j])} at {path}.acceptedConsentKinds[{j}]; known: {Known<ConsentKind>()}");
                }
                else if (kind == ConsentKind.HelpAgreement)
                {
                    faults.Add($"{at}: lists HelpAgreement as accepted consent kind; agreement to receive help is no legal basis");
                }
            }

            if (!basisKnown)
            {
                return;
            }

            var usable = rule.AcceptedConsentKinds.Count(k => k is ConsentKind.AvgConsent or ConsentKind.SecrecyLift);
            if (rule.Basis == LegalBasisKind.Toestemming && usable == 0)
            {
                var special = SpecialCategories.ArticleOf(rule.Category) is { } article && Enum.IsDefined(rule.Category)
                    ? $" for special category {rule.Category} ({SpecialCategories.Describe(article)})"
                    : "";
                faults.Add($"{at}: consent (Toestemming) without accepted consent kinds{special}; list AvgConsent and/or SecrecyLift");
            }
            else if (rule.Basis != LegalBasisKind.Toestemming && rule.AcceptedConsentKinds.Count > 0)
            {
                faults.Add($"{at}: acceptedConsentKinds only apply to basis Toestemming, not {rule.Basis}");
            }
        }

        /// <summary>Two rules for the same organisation type, category and purpose make the basis ambiguous.</summary>
        private void ReportDuplicates(List<(PolicyRule Rule, string Path)> kept, List<(PolicyRule Rule, string Path)> added, string? municipality)
        {
            var seen = new Dictionary<(OrganisationType, DataCategory, string), PolicyRule>();
            foreach (var (rule, path) in kept.Concat(added))
            {
                if (!Enum.IsDefined(rule.OrganisationType) || !Enum.IsDefined(rule.Category) || string.IsNullOrWhiteSpace(rule.Purpose))
                {
                    continue;
                }

                var key = (rule.OrganisationType, rule.Category, rule.Purpose);
                var report = municipality is null || added.Any(a => ReferenceEquals(a.Rule, rule));
                if (!seen.TryAdd(key, rule) && report)
                {
                    var scope = municipality is null ? "" : $" in the effective rules of {municipality}";
                    faults.Add($"{Name("rule", rule.Id, path)}: duplicate rule{scope}: rule '{seen[key].Id}' already covers " +
                        $"{rule.OrganisationType} / {rule.Category} / {rule.Purpose}");
                }
            }
        }

        private void CheckRetention()
        {
            var seen = new Dictionary<string, RetentionRule>(StringComparer.Ordinal);
            for (var i = 0; i < policy.Retention.Count; i++)
            {
                var retention = policy.Retention[i];
                var path = $"$.retention[{i}]";
                if (retention is null)
                {
                    faults.Add($"{path}: null instead of a retention");
                    continue;
                }

                var at = Name("retention", retention.Record, path);
                if (RequireText(retention.Record, $"{path}.record") && !seen.TryAdd(retention.Record, retention))
                {
                    faults.Add($"{at}: duplicate retention record");
                }

                if (retention.Years <= 0)
                {
                    faults.Add($"{at}: retention without years; give a positive number of years");
                }

                RequireText(retention.Source, $"{path}.source");
            }

            foreach (var record in RetentionRecords.Required.Where(r => !seen.ContainsKey(r)))
            {
                faults.Add($"$.retention: missing retention for '{record}', which the app needs");
            }

            if (seen.GetValueOrDefault(RetentionRecords.DisclosureLog) is { Years: > 0 } log
                && seen.GetValueOrDefault(RetentionRecords.Casusoverleg) is { Years: > 0 } cases && log.Years < cases.Years)
            {
                faults.Add($"retention '{RetentionRecords.DisclosureLog}': {log.Years} years is shorter than '{RetentionRecords.Casusoverleg}' " +
                    $"({cases.Years} years); the disclosure log is kept at least as long as the data it describes");
            }
        }

        private void CheckMunicipalities(List<(PolicyRule Rule, string Path)> regional)
        {
            var nodes = root["municipalities"] as JsonArray;
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var m = 0; m < policy.Municipalities.Count; m++)
            {
                var municipality = policy.Municipalities[m];
                var path = $"$.municipalities[{m}]";
                if (municipality is null)
                {
                    faults.Add($"{path}: null instead of a municipality");
                    continue;
                }

                var at = Name("municipality", municipality.Name, path);
                if (RequireText(municipality.Name, $"{path}.name") && !names.Add(municipality.Name.Trim()))
                {
                    faults.Add($"{at}: listed twice");
                }

                RequireText(municipality.Convenant, $"{path}.convenant");
                for (var k = 0; k < municipality.WithoutRules.Count; k++)
                {
                    var id = municipality.WithoutRules[k];
                    if (!regional.Any(r => r.Rule.Id == id))
                    {
                        faults.Add($"{at}: withoutRules names unknown rule id '{id}' at {path}.withoutRules[{k}]; only regional rules can be left out");
                    }
                }

                var added = CheckRules(municipality.ExtraRules, (nodes?[m] as JsonObject)?["extraRules"] as JsonArray, $"{path}.extraRules");
                var kept = regional.Where(r => !municipality.WithoutRules.Contains(r.Rule.Id)).ToList();
                ReportDuplicates(kept, added, municipality.Name);
            }
        }

        private bool KnownValue<T>(T value, JsonObject? node, string field, string what, string at, string path)
            where T : struct, Enum
        {
            if (node?[field] is not { } raw)
            {
                faults.Add($"{at}: missing {field}");
                return false;
            }

            if (!Enum.IsDefined(value))
            {
                faults.Add($"{at}: unknown {what} {Show(raw)} at {path}.{field}; known: {Known<T>()}");
                return false;
            }

            return true;
        }

        private bool RequireText(string? value, string path)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return true;
            }

            faults.Add($"{path}: missing or empty");
            return false;
        }

        private static string Name(string what, string? id, string path) =>
            string.IsNullOrWhiteSpace(id) ? $"{what} at {path}" : $"{what} '{id}' ({path})";

        private static string ShowAt(JsonNode? node) => node is null ? "null" : Show(node);

        private static string Known<T>()
            where T : struct, Enum => string.Join(", ", Enum.GetNames<T>());
    }
}
