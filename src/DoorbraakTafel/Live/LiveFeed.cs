using System.Diagnostics;
using System.Threading.Channels;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Meetings;
using JasperFx.Events;
using Marten;
using Marten.Services;

namespace DoorbraakTafel.Live;

/// <summary>
/// A committed session's events, with the meeting boards and case documents its inline projections
/// stored in the same transaction (by id: the push tells of the case as that commit left it, without
/// reading it again) and the trace of the write (a W3C trace parent), so its pushes and their
/// disclosure records are traced as the write's.
/// </summary>
internal sealed record Commit(IReadOnlyList<IEvent> Events, IReadOnlyDictionary<Guid, MeetingBoard> Boards, IReadOnlyDictionary<Guid, CaseDetails> Cases, string? Trace);

/// <summary>
/// Marten's hook after every commit: the committed events go to <see cref="LiveNotifier"/> at once.
/// The write knows nothing of the live board: whatever a push needs (the meetings, the gate's
/// verdicts, the disclosure records) is read and written after the commit, by the notifier. This
/// runs inside SaveChangesAsync, after the commit, so it must neither block the request nor throw
/// into it (the write already happened). Chosen over an async-daemon subscription for latency;
/// see docs/live.md.
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
            var stored = commit.Inserted.Concat(commit.Updated).ToList();
            var boards = stored.OfType<MeetingBoard>().GroupBy(b => b.Id).ToDictionary(g => g.Key, g => g.Last());
            var cases = stored.OfType<CaseDetails>().GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.Last());
            committed.Writer.TryWrite(new Commit(events, boards, cases, Activity.Current?.Id));
        }

        return Task.CompletedTask;
    }
}
