using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Privacy;

public sealed class CheckpointTests : AppTest
{
    [Test]
    public void A_recurring_job_writes_the_checkpoints()
    {
        using var connection = App.Services.GetRequiredService<JobStorage>().GetConnection();

        var job = connection.GetRecurringJobs().SingleOrDefault(j => j.Id == "disclosure-checkpoint");

        Assert.That(job, Is.Not.Null);
        Assert.That(job!.Job.Type, Is.EqualTo(typeof(DisclosureCheckpointJob)));
        Assert.That(job.Cron, Is.EqualTo(DisclosureCheckpoints.DefaultSchedule));
    }

    [Test]
    public async Task A_checkpoint_holds_every_chain_head_signed_and_the_privacy_officer_downloads_the_latest()
    {
        var (_, caseId, _) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        await (await App.SignedInAs("sanne")).Get($"/api/cases/{caseId}");
        var checkpoints = App.Services.GetRequiredService<DisclosureCheckpoints>();

        var path = await checkpoints.WriteAsync(CancellationToken.None);
        var officer = await App.SignedInAs("pieter");
        var latest = await officer.GetAsync("/api/privacy/disclosures/checkpoints/latest");
        var publicKey = await officer.GetStringAsync("/api/privacy/disclosures/checkpoints/public-key");
        var chair = await (await App.SignedInAs("sanne")).GetAsync("/api/privacy/disclosures/checkpoints/latest");

        Assert.That(latest.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(chair.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var downloaded = await latest.Content.ReadAsStringAsync();
        Assert.That(downloaded, Is.EqualTo(await File.ReadAllTextAsync(path)));
        var file = JsonDocument.Parse(downloaded).RootElement;
        var text = file.GetProperty("text").GetString()!;
        var heads = await ScalarAsync<string>("select string_agg(shard || ' ' || position || ' ' || hash, E'\\n' order by shard) from privacy.disclosure_heads");
        Assert.That(text, Does.EndWith("\n" + heads + "\n"), "one line per chain: shard, position, hash");
        Assert.That(heads.Split('\n'), Has.Length.EqualTo(DisclosureLog.Shards));
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKey);
        Assert.That(key.VerifyData(Encoding.UTF8.GetBytes(text), Convert.FromBase64String(file.GetProperty("signature").GetString()!), HashAlgorithmName.SHA256), Is.True,
            "anyone with the public key can check a checkpoint");
        var longerChain0 = text.Replace("\n0 ", "\n0 9", StringComparison.Ordinal);
        Assert.That(longerChain0, Is.Not.EqualTo(text));
        Assert.That(key.VerifyData(Encoding.UTF8.GetBytes(longerChain0), Convert.FromBase64String(file.GetProperty("signature").GetString()!), HashAlgorithmName.SHA256), Is.False);

        var verified = await officer.Get("/api/privacy/disclosures/verify");
        Assert.That(verified.GetProperty("intact").GetBoolean(), Is.True, verified.ToString());
        Assert.That(verified.GetProperty("checkpoint").GetString(), Is.EqualTo(Path.GetFileName(path)));
    }
}
