using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DoorbraakTafel.Tests.Infrastructure;

/// <summary>
/// The API description at /openapi/v1.json tells the truth, so an integrator can generate a client
/// from it: each schema describes one type and says which, each operation has an id of its own,
/// each answer has a schema, and each write documents the problems it can answer.
/// </summary>
public sealed partial class OpenApiDescriptionTests
{
    private static readonly string[] WriteMethods = ["post", "put", "patch", "delete"];

    /// <summary>Writes to something their path names that take no If-Match: they start a stream of their own or store a document whole.</summary>
    private static readonly HashSet<string> WithoutIfMatch =
    [
        "POST /api/tables/{tableId}/meetings", "POST /api/residents/{id}/consents", "POST /api/residents/{id}/erasure", "PUT /api/teams/{id}",
    ];

    /// <summary>Writes that the state can refuse (409): to a case or a meeting (closed), a resident registered already, an erasure held up by a step it cannot read.</summary>
    private static readonly HashSet<string> CanConflict =
    [
        "POST /api/cases/{id}/voice", "POST /api/cases/{id}/assessments", "POST /api/cases/{id}/contributions", "POST /api/cases/{id}/proposals",
        "POST /api/cases/{id}/proposals/{proposalId}/positions", "POST /api/cases/{id}/decisions", "POST /api/cases/{id}/decisions/{decisionId}/corrections",
        "POST /api/cases/{id}/actions", "POST /api/cases/{id}/housing-profile", "POST /api/cases/{id}/roadmap", "POST /api/cases/{id}/signals",
        "POST /api/cases/{id}/signals/{signalId}/status", "POST /api/cases/{id}/involvements", "POST /api/cases/{id}/close", "POST /api/actions/{actionId}/complete",
        "POST /api/meetings/{id}/agenda", "POST /api/meetings/{id}/open", "POST /api/meetings/{id}/attendance", "POST /api/meetings/{id}/current-item",
        "POST /api/meetings/{id}/close", "POST /api/residents", "POST /api/residents/{id}/erasure",
    ];

    private static JsonNode document = null!;

    private static JsonObject Schemas => document["components"]!["schemas"]!.AsObject();

    [OneTimeSetUp]
    public async Task ReadDescriptionAsync() =>
        document = JsonNode.Parse(await TestRun.App.Anonymous().GetStringAsync("/openapi/v1.json"))!;

    [Test]
    public void Every_schema_is_named_after_a_type_of_its_own()
    {
        Assert.That(Schemas.Select(s => s.Key).Where(name => name.StartsWith("AnonymousType", StringComparison.Ordinal) || name.Contains('<') || name.Contains('`')), Is.Empty);
    }

    [Test]
    public void No_two_types_share_a_schema()
    {
        // Each body and answer is followed from the type its endpoint declares into every schema it
        // references, property by property, so a schema that two types claim (two slices' Request
        // records once were one "Request") is found wherever it is.
        var json = TestRun.App.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var claims = new Dictionary<string, HashSet<Type>>();
        var followed = 0;

        void Follow(JsonNode? schema, Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (schema is not JsonObject described)
            {
                return;
            }

            if (described["$ref"] is JsonNode reference)
            {
                var name = ((string)reference!).Split('/')[^1];
                if (!claims.TryGetValue(name, out var types))
                {
                    claims[name] = types = [];
                }

                if (types.Add(type))
                {
                    Follow(Schemas[name], type);
                }

                return;
            }

            foreach (var alternative in new[] { "oneOf", "anyOf", "allOf" }.SelectMany(key => described[key]?.AsArray() ?? new JsonArray()))
            {
                Follow(alternative, type);
            }

            if (described["items"] is null && described["additionalProperties"] is null && described["properties"] is null)
            {
                return;
            }

            var info = json.GetTypeInfo(type);
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Enumerable:
                    Follow(described["items"], info.ElementType!);
                    break;
                case JsonTypeInfoKind.Dictionary:
                    Follow(described["additionalProperties"], info.ElementType!);
                    break;
                case JsonTypeInfoKind.Object:
                    foreach (var property in info.Properties)
                    {
                        Follow(described["properties"]?[property.Name], property.PropertyType);
                    }

                    break;
            }
        }

        foreach (var api in TestRun.App.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(g => g.Items))
        {
            var path = "/" + RouteParameter().Replace(api.RelativePath!, "{$1}");
            if (document["paths"]?[path]?[api.HttpMethod!.ToLowerInvariant()] is not JsonObject operation)
            {
                continue;
            }

            followed++;
            foreach (var body in api.ParameterDescriptions.Where(p => p.Source == BindingSource.Body))
            {
                foreach (var (_, content) in operation["requestBody"]?["content"]?.AsObject() ?? new JsonObject())
                {
                    Follow(content?["schema"], body.Type);
                }
            }

            foreach (var answer in api.SupportedResponseTypes.Where(r => r.Type is not null && r.Type != typeof(void)))
            {
                foreach (var (_, content) in operation["responses"]?[answer.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?.AsObject() ?? new JsonObject())
                {
                    Follow(content?["schema"], answer.Type!);
                }
            }
        }

        Assert.That(claims.Where(c => c.Value.Count > 1).Select(c => $"{c.Key}: {string.Join(", ", c.Value.Select(t => t.FullName))}"), Is.Empty);
        Assert.That(followed, Is.GreaterThan(50), "the endpoints were found in the description");
        Assert.That(claims, Has.Count.GreaterThan(50), "the schemas were reached from the endpoints' types");
    }

    [Test]
    public void Every_operation_has_an_operationId_of_its_own()
    {
        var operations = Operations().ToList();
        Assert.That(operations.Where(o => o.Operation["operationId"] is null).Select(o => o.Name), Is.Empty, "operations without an operationId");
        Assert.That(operations.GroupBy(o => (string?)o.Operation["operationId"]).Where(g => g.Key is not null && g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => o.Name))}"), Is.Empty, "operationIds used twice");
    }

    [Test]
    public void Every_write_documents_its_answer_and_the_problems_it_can_answer()
    {
        var failures = new List<string>();
        foreach (var (_, name, path, operation) in Operations().Where(o => WriteMethods.Contains(o.Method)))
        {
            var responses = operation["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (success.Count != 1 || success[0].Value?["content"]?["application/json"]?["schema"]?["$ref"] is null)
            {
                failures.Add($"{name}: one success answer with a named schema");
            }

            // The development sign-in is anonymous, absent in Production, and refuses an unknown user alone.
            int[] expected = path.StartsWith("/dev/", StringComparison.Ordinal) ? [400] : [400, 401, 403, 422];
            foreach (var status in expected)
            {
                CheckProblem(failures, name, responses, status);
            }

            // A write can answer 404 only for something its path names; 409 where the state can refuse
            // it; 412 where it takes If-Match, which every write to something its path names does
            // unless it starts a stream of its own or stores a document whole.
            var namesSomething = path.Contains('{');
            var takesIfMatch = namesSomething && !WithoutIfMatch.Contains(name);
            foreach (var (status, documented) in new[] { (404, namesSomething), (409, CanConflict.Contains(name)), (412, takesIfMatch) })
            {
                if (documented)
                {
                    CheckProblem(failures, name, responses, status);
                }
                else if (responses.ContainsKey(status.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    failures.Add($"{name}: documents {status}, which it cannot answer");
                }
            }

            var ifMatch = operation["parameters"]?.AsArray().Any(p => (string?)p?["in"] == "header" && (string?)p["name"] == "If-Match") == true;
            if (ifMatch != takesIfMatch)
            {
                failures.Add(takesIfMatch ? $"{name}: the If-Match header is not documented" : $"{name}: documents an If-Match header it does not take");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Every_read_documents_what_it_answers()
    {
        var failures = new List<string>();
        foreach (var (_, name, path, operation) in Operations().Where(o => o.Method == "get"))
        {
            var content = operation["responses"]?["200"]?["content"]?.AsObject();
            if (content is not { Count: > 0 })
            {
                failures.Add($"{name}: 200 without content");
                continue;
            }

            foreach (var (mediaType, described) in content)
            {
                var schema = described?["schema"];
                // A JSON answer is a named type or a list of one; a file (PDF, CSV, a key, the signed checkpoint as written) is its media type's bytes.
                var named = schema?["$ref"] is not null || schema?["items"]?["$ref"] is not null;
                var file = (string?)schema?["type"] == "string";
                if (!(mediaType == "application/json" ? named || (file && path.EndsWith("/latest", StringComparison.Ordinal)) : file))
                {
                    failures.Add($"{name}: {mediaType} answer without a schema that says what it is: {schema?.ToJsonString() ?? "none"}");
                }
            }

            if (path.Contains('{'))
            {
                CheckProblem(failures, name, operation["responses"]!.AsObject(), 404);
            }

            if (!path.StartsWith("/dev/", StringComparison.Ordinal))
            {
                CheckProblem(failures, name, operation["responses"]!.AsObject(), 401);
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task The_refusals_of_sign_in_and_role_are_problem_details_as_documented()
    {
        var anonymous = await TestRun.App.Anonymous().GetAsync("/api/tables");
        var chair = await (await TestRun.App.SignedInAs("sanne")).PostAsync("/api/tables", System.Net.Http.Json.JsonContent.Create(new { name = "Tafel" }));

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(anonymous.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(chair.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(chair.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public void The_description_names_the_version_of_the_app()
    {
        var version = typeof(DoorbraakTafel.Infrastructure.Writes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        Assert.That((string?)document["info"]!["version"], Is.EqualTo(version));
    }

    [Test]
    public void A_text_documents_its_maximum_length()
    {
        var what = Schemas["RecordDecisionRequest"]!["properties"]!["what"]!;

        Assert.That((int?)what["maxLength"], Is.EqualTo(4000));
    }

    private static IEnumerable<(string Method, string Name, string Path, JsonObject Operation)> Operations() =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => (o.Key, $"{o.Key.ToUpperInvariant()} {path.Key}", path.Key, o.Value!.AsObject())));

    private static void CheckProblem(List<string> failures, string name, JsonObject responses, int status)
    {
        var schema = (string?)responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?["application/problem+json"]?["schema"]?["$ref"];
        if (schema is not ("#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails"))
        {
            failures.Add($"{name}: no {status} problem details (application/problem+json, RFC 9457)");
        }
    }

    [GeneratedRegex(@"\{([^}:=?]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
