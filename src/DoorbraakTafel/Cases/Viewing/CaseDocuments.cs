using DoorbraakTafel.Infrastructure;
using Marten;

namespace DoorbraakTafel.Cases.Viewing;

/// <summary>
/// Builds a case's document again from its stream as the app reads it (<see cref="StoredEvents"/>):
/// a step it cannot read is marked in the document (<see cref="CaseDetails.StepsNotRead"/>) and the
/// rest applies, where Marten's own rebuild would fail on that step (docs/decisions.md: a stored
/// event never makes a case unreadable).
/// </summary>
public sealed class CaseDocuments(IDocumentStore store, StoredEvents stored)
{
    public async Task RebuildAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var events = await stored.StreamAsync(session, caseId, cancellationToken);
        // Marten's own aggregation of the case document (the registered projection), over the events as the app read them.
        var document = await ((DocumentStore)store).Options.Projections.AggregatorFor<CaseDetails>().BuildAsync(events, session, null, cancellationToken);
        if (document is not null)
        {
            session.Store(document);
            await session.SaveChangesAsync(cancellationToken);
        }
    }
}
