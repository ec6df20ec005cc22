using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Marten.Services.BatchQuerying;

namespace DoorbraakTafel.Live;

/// <summary>A case event's push to one meeting, decided before its commit: what each audience gets (no content: ids and a label only).</summary>
internal sealed record PreparedPush(Guid MeetingId, IReadOnlyList<AudiencePush> Audiences);

/// <summary>
/// A committed session's events, with the meeting boards its inline projection stored in the same
/// transaction (by id) and the pushes prepared for its case events (by event).
/// </summary>
internal sealed record Commit(IReadOnlyList<IEvent> Events, IReadOnlyDictionary<Guid, MeetingBoard> Boards, IReadOnlyDictionary<IEvent, IReadOnlyList<PreparedPush>> Pushes);

/// <summary>What a push needs of a case, read with the write's fetch of it: the meetings not closed whose agenda holds it, and the gate's facts.</summary>
internal sealed record ReadWithFetch(Guid CaseId, Task<IReadOnlyList<MeetingBoard>> Boards, Task<Func<CaseDetails, (CaseFacts Facts, IReadOnlyList<TableDetails> Tables)?>> Facts);

/// <summary>
/// Marten's hooks around every commit. Before it, the case events of the session are prepared for
/// the meetings whose agenda holds their case: the privacy gate decides what each audience may
/// see, and the disclosure records join the commit, so a push needs no database work of its own
/// and nothing is pushed that is not logged. After it, the events and prepared pushes go to
/// <see cref="LiveNotifier"/> at once: that hook runs inside SaveChangesAsync, after the commit,
/// so it must neither block the request nor throw into it (the write already happened). Chosen
/// over an async-daemon subscription for latency; see docs/live.md. A write that fetches its case
/// through <see cref="Cases.CaseWork"/> reads what its push needs in that same round trip.
/// </summary>
internal sealed class LiveFeed : DocumentSessionListenerBase, ICaseFetchListener
{
    /// <summary>Commits waiting to be pushed; when the notifier is stuck this long, the oldest go and clients catch up on rejoin.</summary>
    private const int Capacity = 10_000;

    private static readonly IReadOnlyDictionary<IEvent, IReadOnlyList<PreparedPush>> NoPushes = new Dictionary<IEvent, IReadOnlyList<PreparedPush>>();

    private readonly AudienceFilter filter;
    private readonly bool backplane;
    private readonly Channel<Commit> committed;
    private readonly ConditionalWeakTable<IDocumentSession, IReadOnlyDictionary<IEvent, IReadOnlyList<PreparedPush>>> prepared = [];
    private readonly ConditionalWeakTable<IDocumentSession, ReadWithFetch> readWithFetch = [];
    private long dropped;

    /// <param name="backplane">Whether other nodes hold connections too (the Redis backplane); without it every connection is on this node.</param>
    public LiveFeed(AudienceFilter filter, bool backplane)
    {
        this.filter = filter;
        this.backplane = backplane;
        committed = Channel.CreateBounded<Commit>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref dropped));
    }

    public ChannelReader<Commit> Committed => committed.Reader;

    /// <summary>How many commits were dropped since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref dropped, 0);

    /// <summary>
    /// Reads what a push of this write needs in the round trip that fetches its case, so deciding the
    /// push before the commit takes none of its own; only while someone on this node follows a
    /// meeting (or another node might), since only then is there anyone to push to.
    /// </summary>
    public void QueueWithFetch(IDocumentSession session, IBatchedQuery batch, Guid caseId, Task<IReadOnlyList<TableDetails>> tables)
    {
        if (backplane || filter.AnyoneInAnyMeeting)
        {
            readWithFetch.AddOrUpdate(session, new ReadWithFetch(
                caseId, batch.Query<MeetingBoard>().Where(MeetingBoard.OpenHolding(caseId)).ToList(), PrivacyGate.QueueFactsOfStored(batch, caseId, tables)));
        }
    }

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        // Inline projections have run: the case documents are as this commit will store them.
        // Putting a case on an agenda schedules it in the same commit: a case never scheduled is on no
        // agenda. With nobody here in any meeting it was scheduled at, and no other node, there is no
        // one to push to (work between meetings): nothing is read.
        var cases = session.PendingChanges.AllChangedFor<CaseDetails>()
            .Where(c => c.Schedule.Count > 0 && (backplane || c.Schedule.Any(s => filter.AnyoneIn(s.MeetingId))))
            .ToList();
        var events = session.PendingChanges.Streams().Where(s => cases.Exists(c => c.Id == s.Id)).SelectMany(s => s.Events).ToList();
        if (events.Count > 0)
        {
            prepared.AddOrUpdate(session, await PrepareAsync(session, cases, events, token));
        }
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        // The change set is the session's live unit of work: copy the events and boards now.
        var events = commit.GetEvents().ToArray();
        var pushes = prepared.TryGetValue(session, out var ready) ? ready : NoPushes;
        prepared.Remove(session);
        if (events.Length > 0)
        {
            var boards = new Dictionary<Guid, MeetingBoard>();
            foreach (var board in commit.Inserted.Concat(commit.Updated).OfType<MeetingBoard>())
            {
                boards[board.Id] = board;
            }

            committed.Writer.TryWrite(new Commit(events, boards, pushes));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The meetings not closed whose agenda holds each case, and what the gate needs to know about
    /// the cases, in one round trip; then per event and meeting what each audience gets, its
    /// disclosure records queued on <paramref name="session"/>.
    /// </summary>
    private async Task<IReadOnlyDictionary<IEvent, IReadOnlyList<PreparedPush>>> PrepareAsync(
        IDocumentSession session, IReadOnlyList<CaseDetails> cases, IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        var (stored, caseFacts, tables) = await ReadAsync(session, cases, cancellationToken);

        // This commit's own boards (a case just put on an agenda, a meeting just closed) count as they will be stored.
        var pending = session.PendingChanges.AllChangedFor<MeetingBoard>().ToList();
        var pushes = new Dictionary<IEvent, IReadOnlyList<PreparedPush>>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < cases.Count; i++)
        {
            var details = cases[i];
            var boards = pending.Concat(stored[i]).DistinctBy(b => b.Id)
                .Where(b => b.Agenda.Contains(details.Id) && b.Status != MeetingStatus.Closed)
                .ToList();
            var gated = new GatedCase(details, caseFacts[details.Id]);
            foreach (var @event in events.Where(e => e.StreamId == details.Id))
            {
                var toMeetings = new List<PreparedPush>();
                foreach (var board in boards)
                {
                    if ((tables.FirstOrDefault(t => t.Id == board.TableId) ?? await session.LoadAsync<TableDetails>(board.TableId, cancellationToken)) is { } table)
                    {
                        toMeetings.Add(new PreparedPush(board.Id, await filter.PushesInWriteAsync(session, filter.AudiencesOf(board, table), table, gated, @event.Data)));
                    }
                }

                pushes[@event] = toMeetings;
            }
        }

        return pushes;
    }

    /// <summary>
    /// The meetings not closed whose agenda holds each case, and the gate's facts of the cases: as read
    /// with the write's fetch when that covers the case as this commit leaves it, otherwise in one round trip.
    /// </summary>
    private async Task<(IReadOnlyList<IReadOnlyList<MeetingBoard>> Boards, IReadOnlyDictionary<Guid, CaseFacts> Facts, IReadOnlyList<TableDetails> Tables)> ReadAsync(
        IDocumentSession session, IReadOnlyList<CaseDetails> cases, CancellationToken cancellationToken)
    {
        if (cases is [var only] && readWithFetch.TryGetValue(session, out var read) && read.CaseId == only.Id && (await read.Facts)(only) is { } known)
        {
            return ([await read.Boards], new Dictionary<Guid, CaseFacts> { [only.Id] = known.Facts }, known.Tables);
        }

        var batch = session.CreateBatchQuery();
        var stored = cases.Select(c => batch.Query<MeetingBoard>().Where(MeetingBoard.OpenHolding(c.Id)).ToList()).ToList();
        var facts = PrivacyGate.QueueFacts(batch, cases);
        await batch.Execute(cancellationToken);
        var (caseFacts, tables) = await facts;
        return ([.. await Task.WhenAll(stored)], caseFacts, tables);
    }
}
