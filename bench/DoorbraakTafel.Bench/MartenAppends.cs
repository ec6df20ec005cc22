using System.Diagnostics;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Disclosures;
using Marten;

namespace DoorbraakTafel.Bench;

/// <summary>
/// Marten's canonical write path on the app's own store: FetchForWriting, AppendOne,
/// SaveChangesAsync, one session per append. The session carries the metadata the app's
/// RequestSessionFactory stamps (user, role, organisation, correlation, causation), so the
/// rows match what the API writes and the difference is what the HTTP path adds. With
/// <paramref name="records"/> it also queues what the API adds to the same commit: the
/// contribution's disclosure record and the idempotency record.
/// </summary>
internal sealed class MartenAppends(IDocumentStore store, BenchSettings settings, DisclosureLog? records = null)
{
    private readonly Guid[] streams = Enumerable.Range(0, settings.Streams).Select(_ => Guid.CreateVersion7()).ToArray();

    public IReadOnlyList<Guid> Streams => streams;

    /// <summary>Opens the cases these appends go to, with their inline read model, as the API would.</summary>
    public async Task PrepareAsync()
    {
        await using var session = OpenSession();
        for (var i = 0; i < streams.Length; i++)
        {
            session.Events.StartStream<Case>(streams[i], Workload.Opened(streams[i], i, DateTimeOffset.UtcNow));
        }

        await session.SaveChangesAsync();
    }

    public async Task AppendAsync(int writer, long sequence)
    {
        var id = streams[Workload.StreamOf(settings, writer, sequence)];
        await using var session = OpenSession();
        var stream = await session.Events.FetchForWriting<CaseDetails>(id);
        stream.AppendOne(Workload.Contribution(id, DateTimeOffset.UtcNow));
        if (records is not null)
        {
            var version = (stream.StartingVersion ?? 0) + 1;
            records.Queue(session, Components.SharingRecord(id, version));
            session.Insert(new IdempotentRequest($"{Workload.User.UserId}|{Guid.NewGuid()}", "POST", $"/api/cases/{id}/contributions", 201,
                $$"""{"id":"{{Guid.CreateVersion7()}}","caseId":"{{id}}","version":{{version}}}""", $"/api/cases/{id}", version, DateTimeOffset.UtcNow));
        }

        await session.SaveChangesAsync();
    }

    private IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        session.CorrelationId = ActivityTraceId.CreateRandom().ToString();
        session.CausationId = ActivitySpanId.CreateRandom().ToString();
        session.LastModifiedBy = Workload.User.UserId;
        session.SetHeader(RequestSessionFactory.RoleHeader, Workload.User.Role);
        session.SetHeader(RequestSessionFactory.OrganisationHeader, Workload.User.Organisation.Id);
        return session;
    }
}
