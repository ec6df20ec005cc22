using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DoorbraakTafel.Tests.Privacy;

public sealed class DisclosureLogTests : AppTest
{
    [Test]
    public async Task The_apps_database_role_may_not_update_or_delete_the_log()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("sanne")).Get($"/api/cases/{caseId}");
        var dataSource = App.Services.GetRequiredService<NpgsqlDataSource>();

        var update = Assert.ThrowsAsync<PostgresException>(async () => await dataSource.CreateCommand("update privacy.disclosure_log set user_id = 'someone-else'").ExecuteNonQueryAsync());
        var delete = Assert.ThrowsAsync<PostgresException>(async () => await dataSource.CreateCommand("delete from privacy.disclosure_log").ExecuteNonQueryAsync());

        Assert.That(update!.MessageText, Does.Contain("append-only"));
        Assert.That(delete!.MessageText, Does.Contain("append-only"));
    }

    [Test]
    public async Task Tampering_with_one_row_through_SQL_is_detected_and_that_row_named()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var chair = await App.SignedInAs("sanne");
        for (var i = 0; i < 5; i++)
        {
            await chair.Get($"/api/cases/{caseId}");
        }

        var officer = await App.SignedInAs("pieter");
        var intact = await officer.Get("/api/privacy/disclosures/verify");
        var victim = await ScalarAsync<long>("select max(id) - 2 from privacy.disclosure_log");
        var original = await ScalarAsync<string>("select user_id from privacy.disclosure_log where id = $1", victim);
        await AsSuperuserAsync($"update privacy.disclosure_log set user_id = 'demo-mallory' where id = {victim}");
        try
        {
            var broken = await officer.Get("/api/privacy/disclosures/verify");

            Assert.That(intact.GetProperty("intact").GetBoolean(), Is.True, intact.ToString());
            Assert.That(broken.GetProperty("intact").GetBoolean(), Is.False);
            Assert.That(broken.GetProperty("firstBrokenRecord").GetInt64(), Is.EqualTo(victim));
            Assert.That(broken.GetProperty("problem").GetString(), Does.Contain(victim.ToString()));
        }
        finally
        {
            await AsSuperuserAsync($"update privacy.disclosure_log set user_id = '{original}' where id = {victim}");
        }
    }

    [Test]
    public async Task Records_appended_together_are_consecutive_links_of_one_chain_in_their_order_and_stay_as_given()
    {
        var log = App.Services.GetRequiredService<DisclosureLog>();
        var objectId = Guid.NewGuid().ToString();
        var at = DateTimeOffset.Parse("2026-11-30T10:15:30.123456Z", System.Globalization.CultureInfo.InvariantCulture);
        var records = Enumerable.Range(0, 5).Select(i => new DisclosureRecord(
            at.AddMinutes(i), $"demo-user-{i}", "Professional", $"org-{i % 2}", "Woningcorporatie", "case-conference", "pa-1",
            $"Wonen=rule:r{i}", i == 2 ? "c-1" : "", i == 3 ? null : $"resident-{i}", "Wonen", i == 4 ? "Gezondheid" : "", Channel.Hub, "case", objectId, 40 + i,
            i == 1 ? null : $"trace-{i}", i == 1 ? null : $"span-{i}", "2026.1")).ToList();

        await log.AppendAsync(records, CancellationToken.None);
        var stored = await log.SearchAsync(new DisclosureFilter(null, null, null, objectId, null, null), CancellationToken.None);

        Assert.That(stored.Select(s => s.Record), Is.EqualTo(records), "every field as given, nulls too, in the order given");
        Assert.That(stored.Select(s => s.Shard).Distinct().Count(), Is.EqualTo(1), "one chain");
        Assert.That(stored.Select(s => s.Position), Is.EqualTo(Enumerable.Range(0, 5).Select(i => stored[0].Position + i)), "consecutive links");
        for (var i = 0; i < stored.Count; i++)
        {
            var previous = i == 0 ? stored[0].PreviousHash : stored[i - 1].Hash;
            Assert.That(stored[i].PreviousHash, Is.EqualTo(previous));
            Assert.That(stored[i].Hash, Is.EqualTo(DisclosureLog.HashOf(records[i], stored[i].Position, previous)));
        }
    }

    [Test]
    public async Task Batches_and_single_records_appended_side_by_side_keep_every_chain_intact()
    {
        var log = App.Services.GetRequiredService<DisclosureLog>();
        var objectId = Guid.NewGuid().ToString();
        DisclosureRecord Record(int writer, int i) => new(
            DateTimeOffset.UnixEpoch.AddDays(20_000).AddSeconds(i), $"demo-writer-{writer}", "Professional", "org", "Gemeente", "case-conference", "pa-1",
            "", "", null, "", "", Channel.Hub, "case", objectId, i, null, null, "2026.1");

        // More writers than chains, so writers meet on chain heads.
        await Task.WhenAll(Enumerable.Range(0, 2 * DisclosureLog.Shards).Select(writer => Task.Run(async () =>
        {
            for (var round = 0; round < 5; round++)
            {
                if (writer % 2 == 0)
                {
                    await log.AppendAsync([.. Enumerable.Range(0, 4).Select(i => Record(writer, (round * 4) + i))], CancellationToken.None);
                }
                else
                {
                    await log.AppendAsync(Record(writer, round), CancellationToken.None);
                }
            }
        })));

        var stored = await log.SearchAsync(new DisclosureFilter(null, null, null, objectId, null, null), CancellationToken.None);
        var verified = await log.VerifyAsync(CancellationToken.None);

        Assert.That(stored, Has.Count.EqualTo((DisclosureLog.Shards * 5 * 4) + (DisclosureLog.Shards * 5)));
        Assert.That(verified.Intact, Is.True, verified.Problem);
    }

    /// <summary>What an attacker with database superuser rights could do: bypass the append-only trigger.</summary>
    private static async Task AsSuperuserAsync(string sql)
    {
        var database = new NpgsqlConnectionStringBuilder(App.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).Database;
        var admin = new NpgsqlConnectionStringBuilder(TestRun.Server.AdminConnectionString) { Database = database }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"set session_replication_role = replica; {sql}; set session_replication_role = origin;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
