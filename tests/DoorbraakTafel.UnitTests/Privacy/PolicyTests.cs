using System.Text.Json;
using System.Text.Json.Nodes;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Policy;

namespace DoorbraakTafel.UnitTests.Privacy;

public sealed class PolicyTests
{
    private const string CaseConference = SharingPolicy.CaseConferencePurpose;

    private static readonly SharingPolicy Shipped = PolicyLoader.Load(PolicyFile.ShippedPath);

    [TearDown]
    public void DeleteTempFiles() => PolicyFile.DeleteTempFiles();

    [Test]
    public void The_shipped_policy_loads_without_faults()
    {
        var policy = PolicyLoader.Load(PolicyFile.ShippedPath);

        Assert.That(policy.Version, Is.Not.Empty);
        Assert.That(policy.Rules, Is.Not.Empty);
        Assert.That(policy.Purposes.Select(p => p.Id), Does.Contain(CaseConference));
        Assert.That(policy.Categories.Select(c => c.Name), Is.EquivalentTo(Enum.GetValues<DataCategory>()));
    }

    [Test]
    public void The_app_output_carries_the_same_policy_as_the_repository()
    {
        Assert.That(File.Exists(PolicyModule.DefaultPath), Is.True, $"{PolicyModule.DefaultPath} is not copied to the output");
        Assert.That(File.ReadAllText(PolicyModule.DefaultPath), Is.EqualTo(File.ReadAllText(PolicyFile.ShippedPath)));
    }

    [TestCaseSource(nameof(SpoiledPolicies))]
    public void An_invalid_policy_is_refused_with_the_fault_and_where_it_is(Func<JsonObject, string[]> spoil)
    {
        var json = PolicyFile.ShippedJson();
        var expected = spoil(json);
        var file = PolicyFile.WriteTemp(json);

        var failure = Assert.Throws<InvalidPolicyException>(() => PolicyLoader.Load(file));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure!.Message, Does.Contain(file));
            foreach (var fragment in expected)
            {
                Assert.That(failure.Message, Does.Contain(fragment));
            }

            Assert.That(failure.Faults, Has.Count.EqualTo(1), failure.Message);
        }
    }

    private static IEnumerable<TestCaseData> SpoiledPolicies()
    {
        yield return Spoiled("unknown category", json =>
        {
            var (rule, path) = PolicyFile.Rule(json, "Gemeente", "Wonen");
            rule["category"] = "Wonnen";
            return ["unknown category 'Wonnen'", Id(rule), $"{path}.category"];
        });
        yield return Spoiled("unknown organisation type", json =>
        {
            var (rule, path) = PolicyFile.Rule(json, "Welzijn", "Netwerk");
            rule["organisationType"] = "Buurtteam";
            return ["unknown organisation type 'Buurtteam'", Id(rule), $"{path}.organisationType"];
        });
        yield return Spoiled("unknown purpose", json =>
        {
            var (rule, path) = PolicyFile.Rule(json, "Gemeente", "Financien");
            rule["purpose"] = "doorbraaktafel-marketing";
            return ["unknown purpose 'doorbraaktafel-marketing'", Id(rule), $"{path}.purpose"];
        });
        yield return Spoiled("unknown basis", json =>
        {
            var (rule, path) = PolicyFile.Rule(json, "Schuldhulpverlening", "Financien");
            rule["basis"] = "Overeenkomst";
            return ["unknown basis 'Overeenkomst'", Id(rule), $"{path}.basis"];
        });
        yield return Spoiled("unknown consent kind", json =>
        {
            var (rule, path) = PolicyFile.Rule(json, "GGZ", "Ondersteuning");
            rule["acceptedConsentKinds"]!.AsArray().Add("Mondeling");
            return ["unknown consent kind 'Mondeling'", Id(rule), $"{path}.acceptedConsentKinds"];
        });
        yield return Spoiled("legal task without law", json =>
        {
            var (rule, _) = PolicyFile.Rule(json, "Gemeente", "Ondersteuning");
            rule.Remove("law");
            return ["legal task (WettelijkeTaak) without law", Id(rule)];
        });
        yield return Spoiled("legal task without article", json =>
        {
            var (rule, _) = PolicyFile.Rule(json, "Schuldhulpverlening", "Identificatie");
            rule["article"] = " ";
            return ["legal task (WettelijkeTaak) without article", Id(rule)];
        });
        yield return Spoiled("duplicate rule in the regional set", json =>
        {
            var (rule, _) = PolicyFile.Rule(json, "Gemeente", "Wonen");
            var copy = rule.DeepClone().AsObject();
            copy["id"] = "gemeente-wonen-nogmaals";
            json["rules"]!.AsArray().Add(copy);
            return ["duplicate rule", "gemeente-wonen-nogmaals", $"rule '{Id(rule)}' already covers Gemeente / Wonen / {CaseConference}"];
        });
        yield return Spoiled("duplicate rule in a municipality's effective set", json =>
        {
            var (rule, _) = PolicyFile.Rule(json, "Woningcorporatie", "Leefomgeving");
            var copy = rule.DeepClone().AsObject();
            copy["id"] = "ermelo-corporatie-leefomgeving";
            PolicyFile.Municipality(json, "Ermelo")["extraRules"]!.AsArray().Add(copy);
            return ["duplicate rule in the effective rules of Ermelo", "ermelo-corporatie-leefomgeving", Id(rule)];
        });
        yield return Spoiled("duplicate rule id", json =>
        {
            var (rule, _) = PolicyFile.Rule(json, "Welzijn", "Daginvulling");
            var (other, _) = PolicyFile.Rule(json, "Welzijn", "Netwerk");
            other["id"] = Id(rule);
            return ["duplicate rule id", Id(rule)];
        });
        yield return Spoiled("special category under legal task without exception", json =>
        {
            var (rule, _) = PolicyFile.Rule(json, "Politie", "Justitie");
            rule.Remove("specialCategoryException");
            return ["special category Justitie (AVG art. 10) under WettelijkeTaak without specialCategoryException", Id(rule)];
        });
        yield return Spoiled("special category under consent without consent kinds", json =>
        {
            var (rule, _) = PolicyFile.Rule(json, "GGZ", "Gezondheid");
            rule["acceptedConsentKinds"] = new JsonArray();
            return ["consent (Toestemming) without accepted consent kinds for special category Gezondheid (AVG art. 9)", Id(rule)];
        });
        yield return Spoiled("identification for experts by experience", json =>
        {
            var (rule, _) = PolicyFile.Rule(json, "Ervaringsdeskundigen", "Wonen");
            rule["category"] = "Identificatie";
            return ["gives Ervaringsdeskundigen Identificatie", Id(rule)];
        });
        yield return Spoiled("agreement to receive help as consent", json =>
        {
            var (rule, path) = PolicyFile.Rule(json, "Zorgaanbieder", "Ondersteuning");
            rule["acceptedConsentKinds"]!.AsArray().Add("HelpAgreement");
            return ["lists HelpAgreement as accepted consent kind", Id(rule), path];
        });
        yield return Spoiled("retention without years", json =>
        {
            var retention = json["retention"]!.AsArray();
            var wmo = retention.Single(r => (string?)r!["record"] == "wmo")!.AsObject();
            wmo.Remove("years");
            return [$"retention 'wmo' ($.retention[{retention.IndexOf(wmo)}]): retention without years"];
        });
        yield return Spoiled("municipality leaving out an unknown rule", json =>
        {
            PolicyFile.Municipality(json, "Oldebroek")["withoutRules"]!.AsArray().Add("politie-bestaat-niet");
            return ["municipality 'Oldebroek'", "withoutRules names unknown rule id 'politie-bestaat-niet'"];
        });
        yield return Spoiled("misspelt property", json =>
        {
            var (rule, path) = PolicyFile.Rule(json, "Gemeente", "Identificatie");
            rule["verfy"] = false;
            return [$"{path}.verfy", Id(rule), "unknown property 'verfy'"];
        });
        yield return Spoiled("special category made ordinary", json =>
        {
            var gezondheid = json["categories"]!.AsArray().Single(c => (string?)c!["name"] == "Gezondheid")!;
            gezondheid["special"] = null;
            return ["category Gezondheid", "special must be 'art9'"];
        });
    }

    [Test]
    public void Malformed_JSON_is_refused_with_its_line_and_position()
    {
        var text = File.ReadAllText(PolicyFile.ShippedPath).Replace("\"version\": \"2025.1\",", "\"version\": \"2025.1\"", StringComparison.Ordinal);
        var file = PolicyFile.WriteTemp(text);

        var failure = Assert.Throws<InvalidPolicyException>(() => PolicyLoader.Load(file));

        Assert.That(failure!.Message, Does.Contain(file).And.Contain("malformed JSON at line 3, position"));
    }

    [Test]
    public void A_missing_policy_file_is_refused_naming_the_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"no-policy-{Guid.NewGuid():N}.json");

        var failure = Assert.Throws<InvalidPolicyException>(() => PolicyLoader.Load(file));

        Assert.That(failure!.Message, Does.Contain(file).And.Contain("cannot be read"));
    }

    [Test]
    public void Every_fault_of_a_policy_is_named_at_once()
    {
        var json = PolicyFile.ShippedJson();
        var (wonen, _) = PolicyFile.Rule(json, "Gemeente", "Wonen");
        var (justitie, _) = PolicyFile.Rule(json, "Politie", "Justitie");
        wonen["category"] = "Wonnen";
        justitie.Remove("specialCategoryException");
        json["retention"]![0]!.AsObject().Remove("years");

        var failure = Assert.Throws<InvalidPolicyException>(() => PolicyLoader.Load(PolicyFile.WriteTemp(json)));

        Assert.That(failure!.Faults, Has.Count.EqualTo(3));
        Assert.That(failure.Message, Does.Contain("3 faults"));
    }

    [Test]
    public void Every_purpose_and_category_of_the_policy_is_in_the_processing_register()
    {
        var register = File.ReadAllText(Path.Combine(PolicyFile.RepoRoot, "privacy", "processing-register.md"));

        using (Assert.EnterMultipleScope())
        {
            foreach (var purpose in Shipped.Purposes)
            {
                Assert.That(register, Does.Contain(purpose.Id), $"purpose {purpose.Id}");
                Assert.That(register, Does.Contain(purpose.ProcessingActivityId), $"processing activity of {purpose.Id}");
            }

            foreach (var category in Shipped.Categories)
            {
                Assert.That(register, Does.Contain(category.Name.ToString()), $"category {category.Name}");
            }
        }
    }

    [Test]
    public void The_retention_document_gives_the_same_years_as_the_policy()
    {
        var lines = File.ReadAllLines(Path.Combine(PolicyFile.RepoRoot, "privacy", "retention.md"));

        using (Assert.EnterMultipleScope())
        {
            foreach (var retention in Shipped.Retention)
            {
                var row = lines.FirstOrDefault(line => line.StartsWith($"| `{retention.Record}`", StringComparison.Ordinal));
                Assert.That(row, Does.Contain($"| {retention.Years} |"), $"retention.md row for {retention.Record}");
            }

            Assert.That(string.Join('\n', lines), Does.Contain($"{Shipped.FollowUpDaysAfterClose} dagen"));
        }
    }

    [Test]
    public void Every_open_point_of_the_policy_is_in_the_DPIA()
    {
        var dpia = File.ReadAllText(Path.Combine(PolicyFile.RepoRoot, "privacy", "dpia.md"));

        using (Assert.EnterMultipleScope())
        {
            foreach (var rule in Shipped.RulesToVerify)
            {
                Assert.That(dpia, Does.Contain($"`{rule.Id}`"), $"open point {rule.Id}");
            }
        }
    }

    [Test]
    public void Open_points_are_the_rules_marked_verify_including_a_municipality_s_own()
    {
        var open = Shipped.RulesToVerify;

        Assert.That(open, Is.Not.Empty.And.All.Matches<PolicyRule>(rule => rule.Verify));
        Assert.That(open.Select(r => r.Id), Does.Contain("zeewolde-politie-leefomgeving").And.Contain("gemeente-wonen"));
        Assert.That(open.Select(r => r.Id), Does.Not.Contain("schuldhulp-financien"));
    }

    [Test]
    public void RuleFor_follows_a_municipality_s_convenant()
    {
        var regional = Shipped.RuleFor(null, OrganisationType.Politie, DataCategory.Justitie, CaseConference);
        var harderwijk = Shipped.RuleFor("Harderwijk", OrganisationType.Politie, DataCategory.Justitie, CaseConference);
        var oldebroek = Shipped.RuleFor("Oldebroek", OrganisationType.Politie, DataCategory.Justitie, CaseConference);
        var zeewoldeJustitie = Shipped.RuleFor("Zeewolde", OrganisationType.Politie, DataCategory.Justitie, CaseConference);
        var zeewoldeLeefomgeving = Shipped.RuleFor("zeewolde", OrganisationType.Politie, DataCategory.Leefomgeving, CaseConference);

        Assert.That(regional?.Id, Is.EqualTo("politie-justitie"));
        Assert.That(harderwijk, Is.SameAs(regional));
        Assert.That(oldebroek, Is.Null);
        Assert.That(zeewoldeJustitie, Is.Null);
        Assert.That(zeewoldeLeefomgeving?.Id, Is.EqualTo("zeewolde-politie-leefomgeving"));
    }

    [Test]
    public void A_municipality_without_differences_follows_the_regional_rules()
    {
        Assert.That(Shipped.EffectiveRules("Putten"), Is.EquivalentTo(Shipped.Rules));
        Assert.That(Shipped.EffectiveRules("Ermelo"), Is.EquivalentTo(Shipped.Rules));
    }

    [Test]
    public void A_category_without_a_rule_is_not_shared()
    {
        Assert.That(Shipped.RuleFor(null, OrganisationType.Overig, DataCategory.Wonen, CaseConference), Is.Null);
        Assert.That(Shipped.RuleFor(null, OrganisationType.Gemeente, DataCategory.Gezondheid, CaseConference), Is.Null);
        Assert.That(Shipped.RuleFor(null, OrganisationType.Gemeente, DataCategory.Wonen, "doorbraaktafel-leersessie"), Is.Null);
    }

    [Test]
    public void Gezondheid_and_Justitie_are_never_available_to_a_Woningcorporatie()
    {
        string?[] municipalities = [null, .. Shipped.Municipalities.Select(m => m.Name)];
        var rules =
            from municipality in municipalities
            from purpose in Shipped.Purposes
            from category in (DataCategory[])[DataCategory.Gezondheid, DataCategory.Justitie]
            select Shipped.RuleFor(municipality, OrganisationType.Woningcorporatie, category, purpose.Id);

        Assert.That(rules, Is.All.Null);
    }

    [Test]
    public void Experts_by_experience_never_get_identifying_data()
    {
        string?[] municipalities = [null, .. Shipped.Municipalities.Select(m => m.Name)];
        var rules =
            from municipality in municipalities
            from purpose in Shipped.Purposes
            select Shipped.RuleFor(municipality, OrganisationType.Ervaringsdeskundigen, DataCategory.Identificatie, purpose.Id);

        Assert.That(rules, Is.All.Null);
    }

    [Test]
    public void Professional_secrecy_is_lifted_only_by_a_SecrecyLift_and_help_agreement_carries_nothing()
    {
        var gezondheid = Shipped.RuleFor("Harderwijk", OrganisationType.GGZ, DataCategory.Gezondheid, CaseConference)!;

        Assert.That(gezondheid.Accepts(ConsentKind.SecrecyLift), Is.True);
        Assert.That(gezondheid.Accepts(ConsentKind.AvgConsent), Is.False);
        Assert.That(Shipped.Rules.Where(rule => rule.Accepts(ConsentKind.HelpAgreement)), Is.Empty);
    }

    [Test]
    public void Retention_is_looked_up_by_record_and_the_log_outlives_the_cases()
    {
        var cases = Shipped.RetentionFor(RetentionRecords.Casusoverleg);
        var log = Shipped.RetentionFor(RetentionRecords.DisclosureLog);

        Assert.That(log.Years, Is.GreaterThanOrEqualTo(cases.Years));
        Assert.That(Shipped.FollowUpAfterClose, Is.EqualTo(TimeSpan.FromDays(Shipped.FollowUpDaysAfterClose)));
        Assert.That(() => Shipped.RetentionFor("onbekend"), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("onbekend"));
    }

    [Test]
    public void The_policy_serialises_back_to_the_shape_of_the_file()
    {
        var written = JsonNode.Parse(JsonSerializer.Serialize(Shipped, SharingPolicy.JsonOptions))!;

        Assert.That(written["rules"]![0]!["organisationType"]!.GetValue<string>(), Is.EqualTo(Shipped.Rules[0].OrganisationType.ToString()));
        Assert.That(written["rulesToVerify"], Is.Null);
        Assert.That(PolicyLoader.Parse(written.ToJsonString(), "round trip").Rules, Has.Count.EqualTo(Shipped.Rules.Count));
    }

    private static TestCaseData Spoiled(string fault, Func<JsonObject, string[]> spoil) =>
        new TestCaseData(spoil).SetArgDisplayNames(fault);

    private static string Id(JsonObject rule) => (string)rule["id"]!;
}
