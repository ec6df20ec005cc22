using System.Text.Json;
using System.Text.Json.Nodes;
using DoorbraakTafel.Privacy.Policy;

namespace DoorbraakTafel.UnitTests.Privacy;

/// <summary>The shipped policy file and modified copies of it in temporary files.</summary>
internal static class PolicyFile
{
    public static readonly string RepoRoot = FindRepoRoot();

    private static readonly List<string> TempFiles = [];

    public static string ShippedPath => Path.Combine(RepoRoot, "privacy", "policy.json");

    public static JsonObject ShippedJson() => JsonNode.Parse(File.ReadAllText(ShippedPath))!.AsObject();

    public static string WriteTemp(JsonObject json) => WriteTemp(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public static string WriteTemp(string text)
    {
        var file = Path.Combine(Path.GetTempPath(), $"doorbraak-policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, text);
        TempFiles.Add(file);
        return file;
    }

    public static void DeleteTempFiles()
    {
        TempFiles.ForEach(File.Delete);
        TempFiles.Clear();
    }

    /// <summary>The regional rule for an organisation type and category in the case conference, with its JSON path.</summary>
    public static (JsonObject Rule, string Path) Rule(JsonObject json, string organisationType, string category)
    {
        var rules = json["rules"]!.AsArray();
        var rule = rules.Single(r =>
            (string?)r!["organisationType"] == organisationType
            && (string?)r["category"] == category
            && (string?)r["purpose"] == SharingPolicy.CaseConferencePurpose)!.AsObject();
        return (rule, $"$.rules[{rules.IndexOf(rule)}]");
    }

    public static JsonObject Municipality(JsonObject json, string name) =>
        json["municipalities"]!.AsArray().Single(m => (string?)m!["name"] == name)!.AsObject();

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DoorbraakTafel.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No DoorbraakTafel.sln above {TestContext.CurrentContext.TestDirectory}.");
    }
}
