using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Marten.Services;

namespace DoorbraakTafel.Live;

/// <summary>
/// Marten's post-commit hook: hands the events of every committed session to
/// <see cref="LiveNotifier"/> and returns at once. It runs inside SaveChangesAsync, after the
/// commit, so it must neither block the request nor throw into it (the write already
/// happened). Chosen over an async-daemon subscription for latency; see docs/live.md.
/// </summary>
internal sealed class LiveFeed : DocumentSessionListenerBase
{
    /// <summary>Commits waiting to be pushed; when the notifier is stuck this long, the oldest go and clients catch up on rejoin.</summary>
    private const int Capacity = 10_000;

    private readonly Channel<IReadOnlyList<IEvent>> committed;
    private long dropped;

    public LiveFeed() =>
        committed = Channel.CreateBounded<IReadOnlyList<IEvent>>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref dropped));

    public ChannelReader<IReadOnlyList<IEvent>> Committed => committed.Reader;

    /// <summary>How many commits were dropped since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref dropped, 0);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        // The change set is the session's live unit of work: copy the events now.
        var events = commit.GetEvents().ToArray();
        if (events.Length > 0)
        {
            committed.Writer.TryWrite(events);
        }

        return Task.CompletedTask;
    }
}
