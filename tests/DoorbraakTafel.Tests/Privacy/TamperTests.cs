using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DoorbraakTafel.Tests.Privacy;

/// <summary>
/// An insider with a superuser connection (but without the app's chain key and checkpoint key)
/// rewrites the disclosure log; verify names the first record that does not match. The tests
/// share a database and app of their own; each starts from a log emptied by the insider.
/// </summary>
public sealed class TamperTests
{
    private const int RecordsPerChain = 4;

    private static readonly string ObjectId = "tamper-" + Guid.NewGuid().ToString("N");

    private DoorbraakApp app = null!;
    private DisclosureLog log = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        app = new DoorbraakApp(await TestRun.Server.CreateDatabaseAsync("tamper"));
        app.StartServer();
        log = app.Services.GetRequiredService<DisclosureLog>();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await app.DisposeAsync();

    [SetUp]
    public async Task FillAsync()
    {
        await AsInsiderAsync($"truncate privacy.disclosure_log restart identity; update privacy.disclosure_heads set position = 0, previous = '{DisclosureLog.Genesis}', hash = '{DisclosureLog.Genesis}'");
        var folder = app.Services.GetRequiredService<DisclosureCheckpoints>().Folder;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        // Batches go on one chain each, chains in turn: every chain gets the same records.
        for (var batch = 0; batch < DisclosureLog.Shards; batch++)
        {
            await log.AppendAsync([.. Enumerable.Range(0, RecordsPerChain).Select(i => Record($"demo-user-{batch}-{i}"))], CancellationToken.None);
        }
    }

    [Test]
    public async Task A_plain_edit_is_named()
    {
        var victim = await RecordAsync(chain: 3, position: 2);
        await AsInsiderAsync($"update privacy.disclosure_log set user_id = 'demo-mallory' where id = {victim.Id}");

        var verified = await log.VerifyAsync(CancellationToken.None);

        Assert.That(verified.Intact, Is.False);
        Assert.That(verified.FirstBrokenRecord, Is.EqualTo(victim.Id), verified.Problem);
        Assert.That(verified.Problem, Does.Contain(victim.Id.ToString(CultureInfo.InvariantCulture)));
    }

    [TestCase("plain SHA-256")]
    [TestCase("another key")]
    public async Task An_edit_with_the_chain_hashed_again_behind_it_without_the_key_is_named(string how)
    {
        var wrongKey = new ChainKey(RandomNumberGenerator.GetBytes(32));
        Func<string, string> hash = how == "another key"
            ? wrongKey.Mac
            : message => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message)));
        var chain = (await log.SearchAsync(new DisclosureFilter(null, null, null, ObjectId, null, null), CancellationToken.None)).Where(r => r.Shard == 5).OrderBy(r => r.Position).ToList();
        var victim = chain[1];

        // The insider's rewrite: the record edited, then every hash from it to the head made to link again.
        var previous = victim.PreviousHash;
        var statements = new StringBuilder();
        foreach (var row in chain.Skip(1))
        {
            var record = row.Id == victim.Id ? row.Record with { UserId = "demo-mallory" } : row.Record;
            var next = hash(string.Create(CultureInfo.InvariantCulture, $"{row.KeyId}|{record.Canonical()}|{row.Position}|{previous}"));
            statements.Append(CultureInfo.InvariantCulture, $"update privacy.disclosure_log set user_id = '{record.UserId}', previous_hash = '{previous}', hash = '{next}' where id = {row.Id};");
            statements.Append(CultureInfo.InvariantCulture, $"update privacy.disclosure_heads set previous = '{previous}', hash = '{next}' where shard = 5 and position = {row.Position};");
            previous = next;
        }

        await AsInsiderAsync(statements.ToString());
        var verified = await log.VerifyAsync(CancellationToken.None);

        Assert.That(verified.Intact, Is.False);
        Assert.That(verified.FirstBrokenRecord, Is.EqualTo(victim.Id), verified.Problem);
        Assert.That(verified.Problem, Does.Contain("keyed hash"));
    }

    [Test]
    public async Task Records_removed_at_a_chains_end_with_its_head_set_back_are_named_against_the_checkpoint()
    {
        await app.Services.GetRequiredService<DisclosureCheckpoints>().WriteAsync(CancellationToken.None);
        var kept = await RecordAsync(chain: 7, position: RecordsPerChain - 2);
        await AsInsiderAsync($"""
            delete from privacy.disclosure_log where shard = 7 and position > {kept.Position};
            update privacy.disclosure_heads set position = {kept.Position}, previous = '{kept.PreviousHash}', hash = '{kept.Hash}' where shard = 7;
            """);

        var verified = await log.VerifyAsync(CancellationToken.None);

        Assert.That(verified.Intact, Is.False);
        Assert.That((verified.Chain, verified.Position), Is.EqualTo((7, kept.Position + 1)), verified.Problem);
        Assert.That(verified.Problem, Does.Contain("checkpoint").And.Contain("removed"));
    }

    [Test]
    public async Task A_truncated_log_with_its_heads_reset_is_named_against_the_checkpoint()
    {
        await app.Services.GetRequiredService<DisclosureCheckpoints>().WriteAsync(CancellationToken.None);
        await AsInsiderAsync($"truncate privacy.disclosure_log; update privacy.disclosure_heads set position = 0, previous = '{DisclosureLog.Genesis}', hash = '{DisclosureLog.Genesis}'");

        var verified = await log.VerifyAsync(CancellationToken.None);

        Assert.That(verified.Intact, Is.False);
        Assert.That(verified.RecordsChecked, Is.Zero);
        Assert.That((verified.Chain, verified.Position), Is.EqualTo((0, 1L)), verified.Problem);
        Assert.That(verified.Problem, Does.Contain("checkpoint").And.Contain("removed"));
    }

    [Test]
    public async Task A_checkpoint_edited_to_match_a_shortened_log_fails_its_signature()
    {
        var checkpoints = app.Services.GetRequiredService<DisclosureCheckpoints>();
        var path = await checkpoints.WriteAsync(CancellationToken.None);
        var seen = (await checkpoints.LatestAsync(CancellationToken.None))!.Heads.Single(h => h.Shard == 2);
        var kept = await RecordAsync(chain: 2, position: 1);
        await AsInsiderAsync($"""
            delete from privacy.disclosure_log where shard = 2 and position > 1;
            update privacy.disclosure_heads set position = 1, previous = '{kept.PreviousHash}', hash = '{kept.Hash}' where shard = 2;
            """);
        var file = await File.ReadAllTextAsync(path);
        Assert.That(file, Does.Contain($"2 {seen.Position} {seen.Hash}"));
        await File.WriteAllTextAsync(path, file.Replace($"2 {seen.Position} {seen.Hash}", $"2 1 {kept.Hash}", StringComparison.Ordinal));

        var verified = await log.VerifyAsync(CancellationToken.None);

        Assert.That(verified.Intact, Is.False);
        Assert.That(verified.Problem, Does.Contain("not signed"));
    }

    [Test]
    public async Task Without_tampering_every_chain_verifies_against_the_checkpoint()
    {
        await app.Services.GetRequiredService<DisclosureCheckpoints>().WriteAsync(CancellationToken.None);
        await log.AppendAsync(Record("demo-after-checkpoint"), CancellationToken.None);

        var verified = await log.VerifyAsync(CancellationToken.None);

        Assert.That(verified.Intact, Is.True, verified.Problem);
        Assert.That(verified.RecordsChecked, Is.EqualTo((DisclosureLog.Shards * RecordsPerChain) + 1));
        Assert.That(verified.CheckpointAt, Is.Not.Null);
    }

    private static DisclosureRecord Record(string userId) => new(
        DateTimeOffset.UnixEpoch.AddDays(20_000), userId, "Professional", "org", "Gemeente", "case-conference", "pa-1",
        "", "", null, "Wonen", "", Channel.Api, "case", ObjectId, 1, null, null, "2026.1");

    private async Task<LoggedDisclosure> RecordAsync(int chain, long position) =>
        (await log.SearchAsync(new DisclosureFilter(null, null, null, ObjectId, null, null), CancellationToken.None)).Single(r => r.Shard == chain && r.Position == position);

    /// <summary>What someone with the database's superuser rights can do: switch the guard off and rewrite.</summary>
    private async Task AsInsiderAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.Database.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"set session_replication_role = replica; {sql}; set session_replication_role = origin;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
