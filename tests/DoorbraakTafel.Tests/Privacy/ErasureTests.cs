using System.Net;
using System.Text.Json;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Live;
using DoorbraakTafel.Privacy.Rights;
using DoorbraakTafel.Tests.Export;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Live;
using DoorbraakTafel.Tests.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DoorbraakTafel.Tests.Privacy;

public sealed class ErasureTests : AppTest
{
    /// <summary>A free text of the resident, each one told apart by its number, each naming them.</summary>
    private static string Said(int n) => $"{PrivacyScenario.Name} vertelde kenmerk{n:00}";

    [Test]
    public async Task After_erasure_no_table_column_or_file_holds_the_name_the_BSN_or_a_free_text_and_every_answer_shows_the_marker()
    {
        var (resident, caseId, meeting, signalId, table) = await SeedEverywhereAsync();
        var needles = new[] { PrivacyScenario.Name, PrivacyScenario.ValidBsn }.Concat(Enumerable.Range(1, FreeTexts).Select(Said)).ToList();
        await App.CatchUpProjectionsAsync();
        var before = await ColumnsHoldingAsync(needles);
        Assert.That(before.SelectMany(c => c.Value).Distinct(), Is.EquivalentTo(needles), "the scan must find every seeded text before erasure");
        Assert.That(await FilesHoldingAsync(PrivacyScenario.ValidBsn), Is.Not.Empty, "the files must hold the BSN before erasure");

        var officer = await App.SignedInAs("pieter");
        var erased = await officer.PostOk($"/api/residents/{resident}/erasure", new { });
        await App.CatchUpProjectionsAsync();

        var columnsAfter = await ColumnsHoldingAsync(needles);
        var filesAfter = await FilesHoldingAsync(PrivacyScenario.ValidBsn);
        Assert.Multiple(() =>
        {
            Assert.That(erased.GetProperty("cases").EnumerateArray().Select(c => c.GetGuid()), Is.EqualTo(new[] { caseId }));
            Assert.That(erased.GetProperty("meetings").EnumerateArray().Select(c => c.GetGuid()), Is.EqualTo(new[] { meeting }));
            Assert.That(erased.GetProperty("consents").GetArrayLength(), Is.EqualTo(1));
            Assert.That(erased.GetProperty("filesVacuumedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(columnsAfter, Is.Empty);
            Assert.That(filesAfter, Is.Empty);
        });

        var ggz = await App.SignedInAs("fatima");
        var chair = await App.SignedInAs("sanne");
        var lead = await App.SignedInAs("lotte");
        var caseView = await ggz.Get($"/api/cases/{caseId}");
        var timeline = await ggz.GetAsync($"/api/cases/{caseId}/timeline");
        var answers = new Dictionary<string, string>
        {
            ["case"] = caseView.GetRawText(),
            ["timeline"] = await timeline.Content.ReadAsStringAsync(),
            ["signals"] = (await chair.Get($"/api/tables/{table}/signals")).GetRawText(),
            ["board"] = (await chair.Get($"/api/meetings/{meeting}")).GetRawText(),
            ["worklist"] = (await ggz.Get("/api/actions/mine")).GetRawText(),
            ["report"] = await (await lead.GetAsync($"/api/reports/tables/{table}/report.csv")).Content.ReadAsStringAsync(),
            ["summary"] = (await PdfText.GetAsync(lead, $"/api/cases/{caseId}/summary.pdf")).Text.All,
            ["access report"] = (await officer.Get($"/api/residents/{resident}/access-report")).GetRawText(),
            ["case page"] = await ggz.GetStringAsync($"/casussen/{caseId}"),
            ["table page"] = await chair.GetStringAsync($"/tafels/{table}"),
            ["board page"] = await chair.GetStringAsync($"/bijeenkomsten/{meeting}"),
            ["actions page"] = await ggz.GetStringAsync("/acties"),
        };
        var report = await officer.Get($"/api/residents/{resident}/access-report");

        Assert.Multiple(() =>
        {
            Assert.That(timeline.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the timeline still answers");
            foreach (var (what, answer) in answers)
            {
                Assert.That(needles.Where(n => answer.Contains(n, StringComparison.OrdinalIgnoreCase)), Is.Empty, what);
            }

            var details = caseView.GetProperty("case");
            Assert.That(details.GetProperty("erasedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(details.GetProperty("title").GetString(), Is.EqualTo(Erasure.Masked));
            Assert.That(details.GetProperty("contributions")[1].GetProperty("weighing").GetProperty("notInformedReason").GetString(), Is.EqualTo(Erasure.Masked));
            Assert.That(details.GetProperty("decisions")[0].GetProperty("ruleDeviation").GetProperty("mandate").GetProperty("person").GetString(), Is.EqualTo(Erasure.Masked));
            Assert.That(details.GetProperty("signals")[0].GetProperty("flaw").GetString(), Is.EqualTo(Erasure.Masked));
            Assert.That(answers["signals"], Does.Contain(Erasure.Masked));
            Assert.That(answers["board"], Does.Contain(Erasure.Masked));
            Assert.That(answers["case page"], Does.Contain(Erasure.Masked).And.Contain("Woorden verwijderd"));
            Assert.That(report.GetProperty("identity").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(report.GetProperty("erasure").GetProperty("at").GetDateTimeOffset(), Is.EqualTo(erased.GetProperty("at").GetDateTimeOffset()));
            Assert.That(report.GetProperty("consents")[0].GetProperty("evidence").GetProperty("documentReference").GetString(), Is.EqualTo(Erasure.Masked));
        });
    }

    [Test]
    public async Task Erasing_an_unknown_resident_is_not_found_and_a_second_erasure_answers_the_first()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var officer = await App.SignedInAs("pieter");

        var unknown = await officer.PostAsync($"/api/residents/{Guid.NewGuid()}/erasure", null);
        var first = await officer.PostOk($"/api/residents/{resident}/erasure", new { });
        var eventsAfterFirst = await ScalarAsync<long>("select count(*) from doorbraak.mt_events where stream_id = $1", caseId);
        var second = await officer.PostOk($"/api/residents/{resident}/erasure", new { });
        var eventsAfterSecond = await ScalarAsync<long>("select count(*) from doorbraak.mt_events where stream_id = $1", caseId);
        var left = await ColumnsHoldingAsync([PrivacyScenario.Name, PrivacyScenario.ValidBsn]);

        Assert.Multiple(() =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(second.GetProperty("at").GetDateTimeOffset(), Is.EqualTo(first.GetProperty("at").GetDateTimeOffset()));
            Assert.That(second.GetProperty("cases").EnumerateArray().Select(c => c.GetGuid()), Is.EqualTo(new[] { caseId }));
            // The second masks again (a marker more on the case), and finds nothing left to mask.
            Assert.That(eventsAfterSecond, Is.EqualTo(eventsAfterFirst + 1));
            Assert.That(left, Is.Empty);
        });
    }

    [Test]
    public async Task Erasure_reaches_the_records_other_organisations_keep_of_the_same_person()
    {
        var (resident, _, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var municipality = await App.SignedInAs("ahmed");
        var sameAtMunicipality = await municipality.CreatedId("/api/residents", new { name = PrivacyScenario.Name, bsn = PrivacyScenario.ValidBsn, birthDate = new DateOnly(1984, 3, 1) });
        var municipalCase = await municipality.CreatedId("/api/cases", new
        {
            title = "Schulden",
            bottleneck = $"{PrivacyScenario.Name} heeft schulden",
            bottleneckCategory = "Financien",
            residentId = sameAtMunicipality,
            residentInformed = true,
            tableId = await Scenario.TableAsync(App),
        });

        var erased = await (await App.SignedInAs("pieter")).PostOk($"/api/residents/{resident}/erasure", new { });
        var left = await ColumnsHoldingAsync([PrivacyScenario.Name, PrivacyScenario.ValidBsn]);
        var other = await (await App.SignedInAs("pieter")).Get($"/api/residents/{sameAtMunicipality}/access-report");

        Assert.That(erased.GetProperty("samePerson").EnumerateArray().Select(e => e.GetGuid()), Is.EqualTo(new[] { sameAtMunicipality }));
        Assert.That(left, Is.Empty);
        Assert.That(other.GetProperty("erasure").GetProperty("cases").EnumerateArray().Select(e => e.GetGuid()), Is.EqualTo(new[] { municipalCase }));
    }

    [Test]
    public async Task Erasure_while_a_meeting_shows_the_case_live_succeeds_and_the_board_hears_of_it()
    {
        var (resident, caseId, meeting) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var chair = await App.SignedInAs("sanne");
        await chair.PostOk($"/api/meetings/{meeting}/open", new { });
        await chair.PostOk($"/api/meetings/{meeting}/current-item", new { caseId });
        await using var watching = await LiveClient.ConnectAsync(App, "bram");
        await watching.JoinAsync(meeting);

        await (await App.SignedInAs("pieter")).PostOk($"/api/residents/{resident}/erasure", new { });

        var update = await watching.NextAsync<LiveUpdate>(u => u.EventType == nameof(CaseTextsErased));
        var view = (await (await App.SignedInAs("fatima")).Get($"/api/cases/{caseId}")).GetProperty("case");
        Assert.That(update.Label, Is.EqualTo("Woorden verwijderd"));
        Assert.That(view.GetProperty("contributions")[0].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo(Erasure.Masked));
        Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("InBehandeling"), "the case goes on, without the words");
    }

    [Test]
    public async Task The_access_report_lists_identity_consents_cases_and_every_disclosure()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("fatima")).PostCreated($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Wonen", "Woningcorporatie"));
        await (await App.SignedInAs("bram")).Get($"/api/cases/{caseId}");

        var report = await (await App.SignedInAs("pieter")).Get($"/api/residents/{resident}/access-report");

        Assert.That(report.GetProperty("identity").GetProperty("bsn").GetString(), Is.EqualTo(PrivacyScenario.ValidBsn));
        Assert.That(report.GetProperty("consents").GetArrayLength(), Is.EqualTo(1));
        Assert.That(report.GetProperty("cases")[0].GetProperty("id").GetGuid(), Is.EqualTo(caseId));
        Assert.That(report.GetProperty("disclosures").EnumerateArray().Select(d => d.GetProperty("record").GetProperty("userId").GetString()), Does.Contain("demo-bram"));
        Assert.That(report.GetProperty("erasure").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    private const int FreeTexts = 29;

    /// <summary>
    /// A resident in every kind of event, document and export that can name them: every free text
    /// of the case (numbered <see cref="Said"/>), a consent with the BSN in its reference and a
    /// withdrawal reason, the resident attending a meeting that discussed them.
    /// </summary>
    private static async Task<(Guid Resident, Guid Case, Guid Meeting, Guid Signal, Guid Table)> SeedEverywhereAsync()
    {
        var ggz = await App.SignedInAs("fatima");
        var chair = await App.SignedInAs("sanne");
        var corporation = await App.SignedInAs("bram");
        var table = await Scenario.TableAsync(App);
        var resident = await ggz.CreatedId("/api/residents", new { name = PrivacyScenario.Name, bsn = PrivacyScenario.ValidBsn, birthDate = new DateOnly(1984, 3, 1), address = "Dorpsstraat 1, Harderwijk" });
        var caseId = await ggz.CreatedId("/api/cases", new
        {
            title = Said(1),
            bottleneck = Said(2),
            bottleneckCategory = "Wonen",
            residentId = resident,
            residentInformed = false,
            residentNotInformedReason = Said(3),
            tableId = table,
        });
        var meeting = await chair.CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today });
        await Done(chair, $"/api/meetings/{meeting}/agenda", new { caseId });
        await Done(chair, $"/api/meetings/{meeting}/attendance", new { userId = "inwoner", displayName = PrivacyScenario.Name, organisationId = "inwoner" });

        await Done(ggz, $"/api/cases/{caseId}/voice", new { words = Said(4), wishes = Said(5), category = "Wonen" });
        await Done(ggz, $"/api/cases/{caseId}/assessments", new { vuistregel = "Wonen", status = "Zorgelijk", note = Said(6) });
        await Done(ggz, $"/api/cases/{caseId}/contributions", new { text = "Diagnose stabiel", category = "Gezondheid", weighing = Scenario.Weighing });
        await Done(ggz, $"/api/cases/{caseId}/contributions", new
        {
            text = Said(7),
            category = "Netwerk",
            weighing = new { purpose = Said(8), basis = "Toestemming", necessity = "Nodig", proportionality = "Passend", subsidiarity = "Minder volstaat niet", residentInformed = false, notInformedReason = Said(9) },
        });
        var proposal = (await Done(ggz, $"/api/cases/{caseId}/proposals", new { text = Said(10), category = "Wonen" })).GetProperty("id").GetGuid();
        await Done(corporation, $"/api/cases/{caseId}/proposals/{proposal}/positions", new { position = "Object", reason = Said(11) });
        var decision = (await Done(chair, $"/api/cases/{caseId}/decisions", new
        {
            what = "Jaarkaart",
            why = "Reizen is daginvulling",
            category = "Daginvulling",
            ruleDeviation = new { rule = Said(12), reason = Said(13), legalHook = Said(14), mandate = new { person = Said(15), role = "Wethouder", organisation = "Gemeente Harderwijk", reference = Said(16) } },
            costComparison = new
            {
                current = new[] { new { label = Said(17), amount = 50000m, period = "PerYear", category = "Justitie" } },
                proposed = new[] { new { label = "NS-jaarkaart", amount = 3000m, period = "PerYear", category = "Financien" } },
            },
        })).GetProperty("id").GetGuid();
        await Done(chair, $"/api/cases/{caseId}/decisions/{decision}/corrections", new
        {
            what = Said(26),
            why = Said(27),
            costComparison = new
            {
                current = new[] { new { label = Said(28), amount = "50.000", period = "PerYear", category = "Justitie" } },
                proposed = new[] { new { label = "NS-jaarkaart", amount = "3.000", period = "PerYear", category = "Financien" } },
            },
            reason = Said(29),
        });
        var action = (await Done(ggz, $"/api/cases/{caseId}/actions", new { description = Said(18), due = Scenario.Today.AddDays(3), vuistregel = "Ondersteuning" })).GetProperty("id").GetGuid();
        await Done(ggz, $"/api/actions/{action}/complete", new { note = Said(19) });
        await Done(ggz, $"/api/cases/{caseId}/housing-profile", new { wishes = Said(20), risks = "Geen" });
        await Done(ggz, $"/api/cases/{caseId}/roadmap", new { step = "Inventarisatie", on = Scenario.Today, note = Said(21) });
        var signal = (await Done(chair, $"/api/cases/{caseId}/signals", new { flaw = Said(22), ruleOrPolicy = "Participatiewet art. 18", escalatedTo = "Beleidsteam" })).GetProperty("id").GetGuid();
        await Done(chair, $"/api/cases/{caseId}/signals/{signal}/status", new { status = "Escalated", note = Said(23) });
        var consent = (await Done(ggz, $"/api/residents/{resident}/consents", new
        {
            purpose = "doorbraaktafel-casusoverleg",
            categories = new[] { "Wonen" },
            recipientOrganisationTypes = new[] { "Woningcorporatie" },
            kind = "AvgConsent",
            evidenceHow = "Schriftelijk",
            documentReference = $"Formulier BSN {PrivacyScenario.ValidBsn}",
            validUntil = Scenario.Today.AddMonths(6),
        })).GetProperty("id").GetGuid();
        await Done(ggz, $"/api/consents/{consent}/withdraw", new { reason = Said(24) });
        await Done(chair, $"/api/cases/{caseId}/involvements", new
        {
            organisationId = DemoUsers.Welzijn.Id,
            organisationName = DemoUsers.Welzijn.Name,
            organisationType = "Welzijn",
            reason = Said(25),
            reasonCategory = "Netwerk",
        });
        return (resident, caseId, meeting, signal, table);
    }

    /// <summary>A write that must succeed (200 or 201), and its answer.</summary>
    private static async Task<JsonElement> Done(HttpClient client, string path, object body)
    {
        var response = await client.SendAsync(Api.Post(path, body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{path}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Per column of every table of every schema (cast to text), the needles it holds.</summary>
    private static async Task<Dictionary<string, List<string>>> ColumnsHoldingAsync(IReadOnlyList<string> needles)
    {
        await using var connection = await AdminConnectionAsync();
        var columns = new List<(string Schema, string Table, string Column)>();
        await using (var command = new NpgsqlCommand("""
            select c.table_schema, c.table_name, c.column_name from information_schema.columns c
              join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
             where c.table_schema not in ('pg_catalog', 'information_schema')
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var found = new Dictionary<string, List<string>>();
        foreach (var (schema, table, column) in columns)
        {
            foreach (var needle in needles)
            {
                await using var probe = new NpgsqlCommand($"select exists (select 1 from \"{schema}\".\"{table}\" where \"{column}\"::text ilike '%' || $1 || '%')", connection);
                probe.Parameters.AddWithValue(needle);
                if ((bool)(await probe.ExecuteScalarAsync())!)
                {
                    (found.TryGetValue($"{schema}.{table}.{column}", out var list) ? list : found[$"{schema}.{table}.{column}"] = []).Add(needle);
                }
            }
        }

        return found;
    }

    /// <summary>The files (heap, TOAST, indexes) of the tables erasure writes to that hold <paramref name="needle"/>, dead rows included, once flushed.</summary>
    private static async Task<List<string>> FilesHoldingAsync(string needle)
    {
        await using var connection = await AdminConnectionAsync();
        await using (var checkpoint = new NpgsqlCommand("checkpoint", connection))
        {
            await checkpoint.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("""
            select r.oid::regclass::text from pg_class r
             where (r.oid = any($1::regclass[]) or r.oid in (select reltoastrelid from pg_class where oid = any($1::regclass[]))
                    or r.oid in (select indexrelid from pg_index where indrelid = any($1::regclass[]) or indrelid in (select reltoastrelid from pg_class where oid = any($1::regclass[]))))
               and pg_relation_size(r.oid) > 0
               and position(convert_to($2, 'UTF8') in pg_read_binary_file(pg_relation_filepath(r.oid))) > 0
            """, connection);
        command.Parameters.AddWithValue(Erasure.ErasedTables.ToArray());
        command.Parameters.AddWithValue(needle);
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    /// <summary>The app's database as the server's administrator: the scans read every schema and the files, whatever the app's own role may.</summary>
    private static async Task<NpgsqlConnection> AdminConnectionAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(App.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).Database;
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestRun.Server.AdminConnectionString) { Database = database }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
