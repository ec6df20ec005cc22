using DoorbraakTafel.Infrastructure;
using Marten;

namespace DoorbraakTafel.Privacy.Consents;

/// <summary>
/// The daily job and the privacy officer's worklist: consents that end within
/// <see cref="WindowDays"/> days, so someone asks the resident in time whether to renew.
/// </summary>
public sealed class ExpiringConsents(IDocumentStore store, TimeProvider clock)
{
    public const int WindowDays = 30;

    public static async Task<IReadOnlyList<ConsentRecord>> List(IQuerySession query, DateOnly today, CancellationToken cancellationToken)
    {
        var horizon = today.AddDays(WindowDays);
        return await query.Query<ConsentRecord>()
            .Where(c => c.WithdrawnAt == null && c.ValidUntil != null && c.ValidUntil >= today && c.ValidUntil <= horizon)
            .OrderBy(c => c.ValidUntil)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Marks newly expiring consents once, so the worklist can show what is new since yesterday.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = "system:expiring-consents";
        foreach (var consent in (await List(session, clock.Today(), cancellationToken)).Where(c => !c.ExpiryNoted))
        {
            session.Events.Append(consent.Id, new ConsentExpiryNoted(consent.Id, consent.ValidUntil!.Value, clock.GetUtcNow()));
        }

        await session.SaveChangesAsync(cancellationToken);
    }
}
