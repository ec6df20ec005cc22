using System.Security.Cryptography;
using System.Text;
using Marten;

namespace DoorbraakTafel.Privacy.Policy;

/// <summary>The text of the policy file the app started with.</summary>
public sealed record PolicyText(string Json);

/// <summary>
/// One version of the sharing policy as it was put in force: its text, kept so the privacy officer's
/// question "what could organisation Y see on date D" is answered by the rules of D, not of today
/// (privacy/dpia.md, M2). Keyed by version and the text's hash, so a changed text is kept beside the old.
/// </summary>
[NonPersonal("the sharing policy: organisation types, categories, rules and articles, never a person")]
public sealed record PolicyVersion(string Id, string Version, DateOnly ValidFrom, string Json, DateTimeOffset RecordedAt)
{
    /// <summary>The version in force on <paramref name="day"/>: the latest to start on or before it (the later recorded on a tie); null before the first.</summary>
    public static PolicyVersion? InForceOn(IEnumerable<PolicyVersion> versions, DateOnly day) =>
        versions.Where(v => v.ValidFrom <= day).OrderBy(v => v.ValidFrom).ThenBy(v => v.RecordedAt).LastOrDefault();
}

/// <summary>Records the policy the app starts with in the policy history, once per version and text.</summary>
internal sealed class PolicyHistory(IDocumentStore store, SharingPolicy policy, PolicyText text, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var id = $"{policy.Version}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Json)))[..16]}";
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<PolicyVersion>(id, cancellationToken) is null)
        {
            session.Store(new PolicyVersion(id, policy.Version, policy.ValidFrom, text.Json, clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
