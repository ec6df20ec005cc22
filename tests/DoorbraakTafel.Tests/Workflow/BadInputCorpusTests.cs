using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Workflow;

/// <summary>
/// The project's bad-input corpus, generated from the running app's API description: for every
/// write endpoint, requests that are wrong in one way each (a wrong type, an enum value outside
/// the enum, NUL and control characters, a text one character over its documented maximum, a
/// null in a list, an unknown id, malformed JSON, a wrong content type, a bad Idempotency-Key).
/// Every answer is a 4xx problem, none a 5xx, and the database holds as many events and
/// documents afterwards as before.
/// </summary>
public sealed class BadInputCorpusTests : AppTest
{
    private static readonly string[] WriteMethods = ["post", "put", "patch", "delete"];

    [Test]
    public async Task Every_write_endpoint_refuses_every_bad_input_with_a_4xx_problem_and_changes_nothing()
    {
        var world = await World.CreateAsync();
        var document = JsonNode.Parse(await App.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var clients = new Dictionary<string, HttpClient>();
        var failures = new List<string>();
        var undocumented = new List<string>();
        var bodies = new List<string>();
        var sent = 0;
        // The async daemon still builds documents from the setup's events; counted once it is done.
        await App.CatchUpProjectionsAsync();
        var before = await StoredCountAsync();

        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject().Where(o => WriteMethods.Contains(o.Key)))
            {
                var user = UserFor(path);
                if (!clients.TryGetValue(user, out var client))
                {
                    client = user == "anonymous" ? App.Anonymous() : await App.SignedInAs(user);
                    clients[user] = client;
                }

                var schema = operation!["requestBody"]?["content"]?["application/json"]?["schema"];
                if (schema?["$ref"] is JsonNode reference)
                {
                    bodies.Add((string)reference!);
                }

                var corpus = new Corpus(schemas, world, undocumented);
                var body = schema is null ? null : corpus.Valid(schema, "");
                foreach (var (what, request) in corpus.Requests(method.ToUpperInvariant(), path, schema, body))
                {
                    sent++;
                    var response = await client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"{method.ToUpperInvariant()} {path} with {what}: {status} {text[..Math.Min(300, text.Length)]}");
                    }
                }
            }
        }

        TestContext.Progress.WriteLine($"Bad-input corpus: {sent} requests.");
        Assert.That(bodies.Count(b => b.EndsWith("/Request", StringComparison.Ordinal)), Is.Zero, "each request type has a schema of its own, named after its slice");
        Assert.That(bodies.Distinct().Count(), Is.GreaterThan(25), "the endpoints' bodies do not share one schema");
        Assert.That(undocumented.Distinct(), Is.Empty, "every text has a documented maximum length (maxLength)");
        Assert.That(failures, Is.Empty, $"{failures.Count} of {sent} bad requests were not refused with a 4xx problem:\n{string.Join("\n", failures.Take(60))}");
        Assert.That(sent, Is.GreaterThan(500));
        await App.CatchUpProjectionsAsync();
        Assert.That(await StoredCountAsync(), Is.EqualTo(before), "events and documents, as many as before");
    }

    /// <summary>Who may call an endpoint at all, so the corpus reaches its input checks rather than a 403.</summary>
    private static string UserFor(string path) => path switch
    {
        _ when path.StartsWith("/dev/", StringComparison.Ordinal) => "anonymous",
        _ when (path.StartsWith("/api/tables", StringComparison.Ordinal) && !path.Contains("/meetings", StringComparison.Ordinal)) || path.StartsWith("/api/teams", StringComparison.Ordinal) => "ingrid",
        _ when path.StartsWith("/api/privacy", StringComparison.Ordinal) || path.EndsWith("/erasure", StringComparison.Ordinal) => "pieter",
        _ when path.StartsWith("/api/residents", StringComparison.Ordinal) || path.StartsWith("/api/consents", StringComparison.Ordinal) => "fatima",
        _ => "sanne",
    };

    /// <summary>Every event and every stored document (Marten's tables in all schemas, the disclosure log).</summary>
    private static async Task<long> StoredCountAsync()
    {
        var tables = new List<string>();
        await using (var list = App.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(
            "select table_schema || '.' || table_name from information_schema.tables where (table_name like 'mt_doc_%' or table_name = 'mt_events' or table_name = 'disclosure_log') and table_type = 'BASE TABLE'"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        return await ScalarAsync<long>($"select {string.Join(" + ", tables.Select(t => $"(select count(*) from {t})"))}");
    }

    /// <summary>Real ids of everything an endpoint's path can name, so requests reach their checks.</summary>
    private sealed record World(Guid Table, Guid Meeting, Guid Case, Guid Proposal, Guid Action, Guid Signal, Guid Resident, Guid Consent, Guid Team, Guid Decision)
    {
        public static async Task<World> CreateAsync()
        {
            var (table, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
            var chair = await App.SignedInAs("sanne");
            var proposal = await chair.CreatedId($"/api/cases/{caseId}/proposals", new { text = "Voorstel", category = "Wonen" });
            var action = await chair.CreatedId($"/api/cases/{caseId}/actions", new { description = "Bellen", due = Scenario.Today.AddDays(7), vuistregel = "Wonen" });
            var signal = await chair.CreatedId($"/api/cases/{caseId}/signals", new { flaw = "Regel knelt", ruleOrPolicy = "Huurbeleid", escalatedTo = "Wethouder" });
            var decision = await chair.CreatedId($"/api/cases/{caseId}/decisions", new { what = "Budgetbeheer", why = "Schulden", category = "Financien" });
            var ggz = await App.SignedInAs("fatima");
            var resident = await ggz.CreatedId("/api/residents", new { name = PrivacyScenario.Name, bsn = PrivacyScenario.ValidBsn, birthDate = new DateOnly(1984, 3, 1) });
            var consent = await ggz.CreatedId($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Wonen", "Woningcorporatie"));
            var team = await (await App.SignedInAs("ingrid")).CreatedId("/api/teams", new { name = "Team Stadsweiden", leaders = new[] { "demo-lotte" }, tables = new[] { table } });
            return new World(table, meeting, caseId, proposal, action, signal, resident, consent, team, decision);
        }

        public string Fill(string path, bool unknown) =>
            string.Join('/', path.Split('/').Select((segment, i) => segment.StartsWith('{') ? Param(path.Split('/'), i, unknown) : segment));

        private string Param(string[] segments, int i, bool unknown) => segments[i] switch
        {
            "{organisationId}" => unknown ? "onbekende-organisatie" : "schuldhulp-veluwe",
            _ when unknown => Guid.NewGuid().ToString(),
            "{tableId}" => Table.ToString(),
            "{proposalId}" => Proposal.ToString(),
            "{signalId}" => Signal.ToString(),
            "{actionId}" => Action.ToString(),
            "{decisionId}" => Decision.ToString(),
            _ => segments[i - 1] switch
            {
                "cases" => Case.ToString(),
                "tables" => Table.ToString(),
                "meetings" => Meeting.ToString(),
                "residents" => Resident.ToString(),
                "consents" => Consent.ToString(),
                "teams" => Team.ToString(),
                var other => throw new InvalidOperationException($"No id known for {{id}} after {other}."),
            },
        };

        /// <summary>An id field's real value, so a request is wrong only where the corpus makes it wrong.</summary>
        public Guid IdFor(string field) => field switch
        {
            "caseId" => Case,
            "tableId" => Table,
            "meetingId" => Meeting,
            "proposalId" => Proposal,
            "residentId" => Resident,
            _ => Guid.NewGuid(),
        };
    }

    /// <summary>Valid bodies from the schemas, and the bad requests made from them, one fault each.</summary>
    private sealed class Corpus(JsonObject schemas, World world, List<string> undocumented)
    {
        /// <summary>Stands for a lone surrogate until the body is written: a JSON writer would replace the character itself by U+FFFD.</summary>
        private const string LoneSurrogate = "lone-surrogate-here";

        public IEnumerable<(string What, HttpRequestMessage Request)> Requests(string method, string path, JsonNode? schema, JsonNode? body)
        {
            var url = world.Fill(path, unknown: false);
            foreach (var key in new[] { "", new string('k', 256), "eerste, tweede", "\"niet afgesloten" })
            {
                var request = Request(method, url, body?.ToJsonString() ?? "{}");
                request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
                yield return ($"the Idempotency-Key '{key[..Math.Min(20, key.Length)]}'", request);
            }

            if (path.Contains('{'))
            {
                yield return ("unknown ids in the path", Request(method, world.Fill(path, unknown: true), body?.ToJsonString() ?? "{}"));
            }

            if (schema is null)
            {
                yield break;
            }

            yield return ("malformed JSON", Request(method, url, """{"text": "niet af"""));
            yield return ("an array for the body", Request(method, url, "[]"));
            yield return ("a number for the body", Request(method, url, "42"));
            var plain = Request(method, url, body!.ToJsonString());
            plain.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "text/plain");
            yield return ("a wrong content type", plain);
            foreach (var (what, bad) in Faults(schema, body, ""))
            {
                yield return (what, Request(method, url, bad.ToJsonString()));
            }
        }

        public JsonNode? Valid(JsonNode schema, string field)
        {
            var resolved = Resolve(schema);
            if (resolved["enum"] is JsonArray values)
            {
                return values.First(v => v is not null)!.DeepClone();
            }

            return TypeOf(resolved) switch
            {
                "object" => new JsonObject((resolved["properties"]?.AsObject() ?? []).Select(p => KeyValuePair.Create(p.Key, Valid(p.Value!, p.Key)))),
                "array" => new JsonArray(Valid(resolved["items"]!, field)),
                "boolean" => true,
                "integer" or "number" => 1,
                "string" when (string?)resolved["format"] == "uuid" => world.IdFor(field).ToString(),
                "string" when (string?)resolved["format"] == "date" => Scenario.Today.AddDays(7).ToString("yyyy-MM-dd"),
                "string" when (string?)resolved["format"] == "date-time" => DateTimeOffset.UtcNow.AddDays(7).ToString("O"),
                _ => "x",
            };
        }

        /// <summary>Each fault of the value at <paramref name="at"/> and below, as the whole body with only that fault in it.</summary>
        private IEnumerable<(string What, JsonNode Body)> Faults(JsonNode schema, JsonNode body, string at)
        {
            var resolved = Resolve(schema);
            if (resolved["enum"] is JsonArray values)
            {
                var names = values.Where(v => v is not null).Select(v => (string)v!).ToList();
                foreach (var bad in new JsonNode?[] { 99, "99", "GeenVanDeze", string.Join(", ", names.Take(2)), true })
                {
                    yield return ($"{at} = {bad?.ToJsonString()}", With(body, at, bad));
                }

                yield break;
            }

            switch (TypeOf(resolved))
            {
                case "object":
                    if (at.Length > 0)
                    {
                        yield return ($"{at} = 42", With(body, at, 42));
                    }

                    foreach (var (name, property) in resolved["properties"]?.AsObject() ?? [])
                    {
                        foreach (var fault in Faults(property!, body, at.Length == 0 ? name : $"{at}.{name}"))
                        {
                            yield return fault;
                        }
                    }

                    break;
                case "array":
                    yield return ($"{at} = \"x\"", With(body, at, "x"));
                    yield return ($"{at} = [null]", With(body, at, new JsonArray((JsonNode?)null)));
                    foreach (var fault in Faults(resolved["items"]!, body, $"{at}[0]"))
                    {
                        yield return fault;
                    }

                    break;
                case "boolean":
                    yield return ($"{at} = \"x\"", With(body, at, "x"));
                    break;
                case "integer" or "number":
                    yield return ($"{at} = \"x\"", With(body, at, "x"));
                    yield return ($"{at} = {{}}", With(body, at, new JsonObject()));
                    break;
                case "string" when resolved["format"] is JsonNode format:
                    yield return ($"{at} = \"geen {format}\"", With(body, at, $"geen {format}"));
                    yield return ($"{at} = 42", With(body, at, 42));
                    if ((string?)format == "uuid" && !at.EndsWith("residentId", StringComparison.Ordinal))
                    {
                        yield return ($"{at} = an unknown id", With(body, at, Guid.NewGuid().ToString()));
                    }

                    break;
                case "string":
                    yield return ($"{at} = 42", With(body, at, 42));
                    yield return ($"{at} with NUL", With(body, at, "a\u0000b"));
                    yield return ($"{at} with BEL", With(body, at, "a\u0007b"));
                    yield return ($"{at} with a lone surrogate", With(body, at, LoneSurrogate));
                    if (resolved["maxLength"] is JsonNode max)
                    {
                        yield return ($"{at} one character too long", With(body, at, new string('x', (int)max + 1)));
                    }
                    else
                    {
                        undocumented.Add(at);
                    }

                    break;
            }
        }

        private JsonObject Resolve(JsonNode schema)
        {
            if (schema["$ref"] is JsonNode reference)
            {
                return Resolve(schemas[((string)reference!).Split('/')[^1]]!);
            }

            if (schema["oneOf"] is JsonArray alternatives)
            {
                return Resolve(alternatives.First(a => (string?)a!["type"] != "null")!);
            }

            return schema.AsObject();
        }

        private static string? TypeOf(JsonObject schema) => schema["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t is not "null" and not "string") ?? types.Select(t => (string?)t).FirstOrDefault(t => t is not "null"),
            JsonNode type => (string?)type,
            _ => schema["properties"] is not null ? "object" : null,
        };

        /// <summary>A copy of the body with the value at a path ("a.b[0].c") replaced.</summary>
        private static JsonNode With(JsonNode body, string at, JsonNode? value)
        {
            var copy = body.DeepClone();
            JsonNode parent = copy;
            var steps = at.Replace("[", ".[", StringComparison.Ordinal).Split('.');
            for (var i = 0; i < steps.Length; i++)
            {
                var step = steps[i];
                var last = i == steps.Length - 1;
                if (step.StartsWith('['))
                {
                    var index = int.Parse(step[1..^1]);
                    if (last)
                    {
                        parent.AsArray()[index] = value;
                    }
                    else
                    {
                        parent = parent.AsArray()[index]!;
                    }
                }
                else if (last)
                {
                    parent.AsObject()[step] = value;
                }
                else
                {
                    parent = parent[step]!;
                }
            }

            return copy;
        }

        private static HttpRequestMessage Request(string method, string url, string json) =>
            new(new HttpMethod(method), url) { Content = new StringContent(json.Replace(LoneSurrogate, "a\\ud800b", StringComparison.Ordinal), Encoding.UTF8, "application/json") };
    }
}
