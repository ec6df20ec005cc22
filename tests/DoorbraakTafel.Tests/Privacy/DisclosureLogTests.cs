using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DoorbraakTafel.Tests.Privacy;

public sealed class DisclosureLogTests : AppTest
{
    [TestCase("update privacy.disclosure_log set user_id = 'someone-else'")]
    [TestCase("delete from privacy.disclosure_log")]
    [TestCase("truncate privacy.disclosure_log")]
    [TestCase("insert into privacy.disclosure_log overriding system value select * from privacy.disclosure_log limit 1")]
    [TestCase("update privacy.disclosure_heads set position = 0")]
    [TestCase("set session_replication_role = replica")]
    [TestCase("alter table privacy.disclosure_log disable trigger disclosure_log_append_only")]
    [TestCase("alter table privacy.disclosure_log disable trigger all")]
    [TestCase("drop trigger disclosure_log_append_only on privacy.disclosure_log")]
    [TestCase("drop trigger disclosure_log_no_truncate on privacy.disclosure_log")]
    [TestCase("create or replace function privacy.refuse_change() returns trigger language plpgsql as 'begin return new; end'")]
    [TestCase("alter procedure privacy.append_disclosure security invoker")]
    public async Task The_apps_database_role_can_neither_change_the_log_nor_switch_its_guard_off(string sql)
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("sanne")).Get($"/api/cases/{caseId}");
        const string Snapshot = "select count(*) || ':' || coalesce(sum(hashtext(hash || user_id)), 0) from privacy.disclosure_log";
        var before = await ScalarAsync<string>(Snapshot);
        var dataSource = App.Services.GetRequiredService<NpgsqlDataSource>();

        var refused = Assert.ThrowsAsync<PostgresException>(async () => await dataSource.CreateCommand(sql).ExecuteNonQueryAsync());

        Assert.That(refused!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege), refused.MessageText);
        Assert.That(await ScalarAsync<string>(Snapshot), Is.EqualTo(before));
    }

    [Test]
    public async Task The_apps_database_role_is_no_superuser_and_owns_nothing()
    {
        var owned = await ScalarAsync<string>("""
            select r.rolsuper || ':' || r.rolbypassrls || ':' || r.rolreplication || ':' ||
                   ((select count(*) from pg_class where relowner = r.oid) + (select count(*) from pg_namespace where nspowner = r.oid)
                  + (select count(*) from pg_proc where proowner = r.oid) + (select count(*) from pg_database where datdba = r.oid))
              from pg_roles r where r.rolname = current_user
            """);

        Assert.That(owned, Is.EqualTo("false:false:false:0"));
    }

    [Test]
    public async Task Even_the_owner_role_cannot_update_the_log_while_its_guard_is_on()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("sanne")).Get($"/api/cases/{caseId}");
        await using var owner = NpgsqlDataSource.Create(App.Database.OwnerConnectionString);

        var update = Assert.ThrowsAsync<PostgresException>(async () => await owner.CreateCommand("update privacy.disclosure_log set user_id = 'someone-else'").ExecuteNonQueryAsync());
        var delete = Assert.ThrowsAsync<PostgresException>(async () => await owner.CreateCommand("delete from privacy.disclosure_log").ExecuteNonQueryAsync());

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
            Assert.That(stored[i].Hash, Is.EqualTo(DisclosureLog.HashOf(ChainKey, records[i], stored[i].Position, previous)), "the HMAC under the configured key");
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

    private static ChainKey ChainKey => App.Services.GetRequiredService<ChainKeys>().Current;

    /// <summary>What an attacker with database superuser rights could do: bypass the append-only trigger.</summary>
    private static async Task AsSuperuserAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(App.Database.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"set session_replication_role = replica; {sql}; set session_replication_role = origin;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
