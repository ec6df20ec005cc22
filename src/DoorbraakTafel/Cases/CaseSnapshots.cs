using DoorbraakTafel.Cases.Viewing;
using Marten;

namespace DoorbraakTafel.Cases;

/// <summary>
/// Writes read the case's inline snapshot, which exists only for cases written since it was
/// introduced: at start, builds it from the events for every case that has none yet, so cases of
/// an older database stay writable.
/// </summary>
internal sealed class CaseSnapshots(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        var cases = await query.Query<CaseDetails>().Select(c => c.Id).ToListAsync(cancellationToken);
        var snapshots = await query.Query<Case>().Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var id in cases.Except(snapshots))
        {
            await store.Advanced.RebuildSingleStreamAsync<Case>(id, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
