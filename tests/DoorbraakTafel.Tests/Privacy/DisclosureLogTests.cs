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
