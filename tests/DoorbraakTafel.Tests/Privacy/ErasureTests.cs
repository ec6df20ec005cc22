using System.Net;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DoorbraakTafel.Tests.Privacy;

public sealed class ErasureTests : AppTest
{
    [Test]
    public async Task After_erasure_no_table_holds_the_name_or_BSN_and_the_timeline_still_answers()
    {
        var (resident, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var ggz = await App.SignedInAs("fatima");
        await ggz.PostCreated($"/api/cases/{caseId}/contributions",
            new { text = $"{PrivacyScenario.Name} (BSN {PrivacyScenario.ValidBsn}) belde zelf", category = "Netwerk", weighing = Scenario.Weighing });
        await ggz.PostCreated($"/api/cases/{caseId}/actions", new { description = $"Bel {PrivacyScenario.Name} terug", due = Scenario.Today.AddDays(3), vuistregel = "Ondersteuning" });
        await App.CatchUpProjectionsAsync();
        Assert.That(await TablesHoldingAsync(PrivacyScenario.Name), Is.Not.Empty, "the scan must find the name before erasure");

        var officer = await App.SignedInAs("pieter");
        await officer.PostOk($"/api/residents/{resident}/erasure", new { });

        Assert.That(await TablesHoldingAsync(PrivacyScenario.Name), Is.Empty);
        Assert.That(await TablesHoldingAsync(PrivacyScenario.ValidBsn), Is.Empty);
        var timeline = await ggz.GetAsync($"/api/cases/{caseId}/timeline");
        Assert.That(timeline.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var view = (await ggz.Get($"/api/cases/{caseId}")).GetProperty("case");
        Assert.That(view.GetProperty("erasedAt").ValueKind, Is.Not.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(view.GetProperty("contributions")[1].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("[verwijderd]"));
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
    }

    /// <summary>Every text-like column of every table of the app's database that contains <paramref name="needle"/>.</summary>
    private static async Task<List<string>> TablesHoldingAsync(string needle)
    {
        var dataSource = App.Services.GetRequiredService<NpgsqlDataSource>();
        var columns = new List<(string Schema, string Table, string Column)>();
        await using (var command = dataSource.CreateCommand("""
            select c.table_schema, c.table_name, c.column_name from information_schema.columns c
              join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
             where c.table_schema not in ('pg_catalog', 'information_schema') and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'character')
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var found = new List<string>();
        foreach (var (schema, table, column) in columns)
        {
            await using var probe = dataSource.CreateCommand($"select exists (select 1 from \"{schema}\".\"{table}\" where \"{column}\"::text like '%' || $1 || '%')");
            probe.Parameters.AddWithValue(needle);
            if ((bool)(await probe.ExecuteScalarAsync())!)
            {
                found.Add($"{schema}.{table}.{column}");
            }
        }

        return found;
    }
}
