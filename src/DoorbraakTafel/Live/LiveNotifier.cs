using System.Diagnostics;
using System.Threading.Channels;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Pages.Meetings;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.SignalR;

namespace DoorbraakTafel.Live;

/// <summary>
/// Tells the meetings what was committed (docs/live.md): an event of a meeting's stream to that
/// meeting, an event of a case to every meeting not closed whose agenda holds it. After the commit
/// it reads what it needs, asks the gate once per audience (meeting and organisation), which logs
/// the disclosure for each recipient, and sends each audience's group its own message: the event's
/// texts, and where the meeting discusses that case, the case in focus as the page renders it.
/// Streams are pushed side by side in <see cref="Lanes"/> lanes, each stream always in the same
/// lane, so its events go out in commit order (clients order and heal by stream version) while one
/// slow push does not hold up the others. A failed push is logged and not retried: clients notice
/// the gap by stream version and catch up with JoinMeeting.
/// </summary>
internal sealed class LiveNotifier(
    LiveFeed feed, IServiceScopeFactory scopes, IHubContext<MeetingHub> hub, LiveAccess access, MeetingRooms rooms, IConfiguration configuration,
    ILogger<LiveNotifier> logger)
    : BackgroundService
{
    /// <summary>Each push reads and logs before it sends, so a few lanes keep one slow push from holding up the rest.</summary>
    private const int Lanes = 8;

    /// <summary>Events waiting per lane; when a lane is full the feed waits, and the feed drops its oldest commits.</summary>
    private const int LaneCapacity = 1_000;

    /// <summary>Whether other nodes hold connections too (the Redis backplane); without it every connection is on this node.</summary>
    private readonly bool backplane = LiveModule.HasBackplane(configuration);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = Enumerable.Range(0, Lanes)
            .Select(_ => Channel.CreateBounded<(IEvent Event, MeetingBoard? Board, CaseDetails? Case, string? Trace)>(new BoundedChannelOptions(LaneCapacity) { SingleReader = true, SingleWriter = true }))
            .ToArray();
        foreach (var lane in lanes)
        {
            _ = Task.Run(() => PushAllAsync(lane.Reader, stoppingToken), stoppingToken);
        }

        try
        {
            await foreach (var commit in feed.Committed.ReadAllAsync(stoppingToken))
            {
                if (feed.TakeDropped() is > 0 and var dropped)
                {
                    logger.LogWarning("The live notifier fell behind and dropped {Count} commits; clients catch up when they rejoin", dropped);
                }

                foreach (var @event in commit.Events.OrderBy(e => e.Sequence))
                {
                    await lanes[(uint)@event.StreamId.GetHashCode() % Lanes].Writer.WriteAsync(
                        (@event, commit.Boards.GetValueOrDefault(@event.StreamId), commit.Cases.GetValueOrDefault(@event.StreamId), commit.Trace), stoppingToken);
                }
            }
        }
        finally
        {
            // The pushers end with the stopping token; completing the lanes lets them finish otherwise.
            foreach (var lane in lanes)
            {
                lane.Writer.TryComplete();
            }
        }
    }

    private async Task PushAllAsync(ChannelReader<(IEvent Event, MeetingBoard? Board, CaseDetails? Case, string? Trace)> lane, CancellationToken cancellationToken)
    {
        await foreach (var (@event, board, details, trace) in lane.ReadAllAsync(cancellationToken))
        {
            // In the write's trace: what the push reads and logs is part of that write's story.
            using var activity = trace is null ? null : new Activity("Live push").SetParentId(trace).Start();
            try
            {
                await PushAsync(@event, board, details, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Live push of event {Sequence} of stream {Stream} failed", @event.Sequence, @event.StreamId);
            }
        }
    }

    /// <param name="committed">The meeting's board as the event's commit stored it, for an event of a meeting.</param>
    /// <param name="details">The case as the event's commit stored it, for an event of a case.</param>
    private async Task PushAsync(IEvent @event, MeetingBoard? committed, CaseDetails? details, CancellationToken cancellationToken)
    {
        switch (@event.Data)
        {
            case OrganisationLeftTable left:
                await access.OrganisationLeftAsync(left.TableId, left.OrganisationId, cancellationToken);
                return;
            case Privacy.Consents.ConsentWithdrawn withdrawn:
                await access.ConsentWithdrawnAsync(withdrawn.ResidentId, cancellationToken);
                return;
        }

        // With nobody here in any meeting and no other node, there is no one to tell (work between meetings): nothing is read.
        if (!backplane && !rooms.AnyoneInAnyMeeting)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var query = services.GetRequiredService<IQuerySession>();
        var meetingEvent = LiveUpdates.IsMeetingEvent(@event.Data);
        var boards = meetingEvent
            ? (committed ?? await query.LoadAsync<MeetingBoard>(@event.StreamId, cancellationToken)) is { } own ? [own] : []
            : await query.Query<MeetingBoard>().Where(MeetingBoard.OpenHolding(@event.StreamId)).ToListAsync(cancellationToken);
        var followed = boards.Where(b => backplane || rooms.Connections(b.Id).Count > 0).ToList();
        if (followed.Count == 0)
        {
            return;
        }

        var tables = await query.LoadManyAsync<TableDetails>(cancellationToken, followed.Select(b => b.TableId).Distinct());
        var filter = services.GetRequiredService<AudienceFilter>();
        foreach (var board in followed)
        {
            if (tables.FirstOrDefault(t => t.Id == board.TableId) is not { } table)
            {
                continue;
            }

            var update = meetingEvent ? await LiveUpdates.ForMeetingAsync(query, @event, board, cancellationToken) : LiveUpdates.ForCase(@event, board.Id);
            // A meeting's own event carries no case words; one that brings another case into focus brings that case's board part.
            var about = meetingEvent ? (MovesFocus(@event.Data) ? board.CurrentCaseId : null) : @event.StreamId;
            if (about is not { } caseId)
            {
                foreach (var audience in filter.AudiencesOf(board, table))
                {
                    await hub.Clients.Group(audience.Group).SendAsync(update.Kind, update, cancellationToken);
                }

                continue;
            }

            var fragments = services.GetRequiredService<BoardFragments>();
            // A change to one item brings that item; a focus that moves brings the whole case.
            var part = meetingEvent ? null : BoardFragments.PartChangedBy(@event.Data);
            // Audiences the gate gave the same verdicts see the same part: rendered once for them all.
            var rendered = new Dictionary<string, BoardParts>(StringComparer.Ordinal);
            foreach (var push in await filter.PushesAsync(board, table, caseId, meetingEvent ? null : details, @event.Data, part, cancellationToken))
            {
                BoardParts? parts = null;
                if (push.Case is { } view && !rendered.TryGetValue(SameView(view), out parts))
                {
                    parts = rendered[SameView(view)] = await fragments.FocusAsync(board, table, view, part, cancellationToken);
                }

                await hub.Clients.GroupExcept(push.Audience.Group, filter.JoinedSince(push))
                    .SendAsync(update.Kind, update with { Content = push.Content, Board = parts }, cancellationToken);
            }
        }
    }

    /// <summary>What a rendered case depends on beyond the case itself: the reason for access and each category's verdict.</summary>
    private static string SameView(CaseView view) =>
        string.Join('|', view.Categories.Select(c => $"{c.Category}:{c.Shown}:{c.Explanation}").Prepend(view.Access));

    /// <summary>The meeting events after which the board discusses another case (or the same one anew).</summary>
    private static bool MovesFocus(object data) => data is MeetingOpened or CurrentItemMoved;
}
