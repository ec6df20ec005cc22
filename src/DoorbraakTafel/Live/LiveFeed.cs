using System.Threading.Channels;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Meetings;
using JasperFx.Events;
using Marten;
using Marten.Services;

namespace DoorbraakTafel.Live;

/// <summary>
/// A committed session's events, with the case and meeting documents its inline projections
/// stored in the same transaction (by stream id): the notifier pushes from these instead of
/// reading them back.
/// </summary>
internal sealed record Commit(IReadOnlyList<IEvent> Events, IReadOnlyDictionary<Guid, object> Documents);

/// <summary>
/// Marten's post-commit hook: hands the events and projected documents of every committed session to
/// <see cref="LiveNotifier"/> and returns at once. It runs inside SaveChangesAsync, after the
/// commit, so it must neither block the request nor throw into it (the write already
/// happened). Chosen over an async-daemon subscription for latency; see docs/live.md.
/// </summary>
internal sealed class LiveFeed : DocumentSessionListenerBase
{
    /// <summary>Commits waiting to be pushed; when the notifier is stuck this long, the oldest go and clients catch up on rejoin.</summary>
    private const int Capacity = 10_000;

    private readonly Channel<Commit> committed;
    private long dropped;

    public LiveFeed() =>
        committed = Channel.CreateBounded<Commit>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref dropped));

    public ChannelReader<Commit> Committed => committed.Reader;

    /// <summary>How many commits were dropped since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref dropped, 0);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        // The change set is the session's live unit of work: copy the events and documents now.
        var events = commit.GetEvents().ToArray();
        if (events.Length > 0)
        {
            var documents = new Dictionary<Guid, object>();
            foreach (var document in commit.Inserted.Concat(commit.Updated))
            {
                switch (document)
                {
                    case CaseDetails details:
                        documents[details.Id] = details;
                        break;
                    case MeetingBoard board:
                        documents[board.Id] = board;
                        break;
                }
            }

            committed.Writer.TryWrite(new Commit(events, documents));
        }

        return Task.CompletedTask;
    }
}
