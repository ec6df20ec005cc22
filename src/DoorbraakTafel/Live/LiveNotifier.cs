using System.Threading.Channels;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.SignalR;

namespace DoorbraakTafel.Live;

/// <summary>
/// Pushes committed events to the meetings they concern: an event of a meeting's stream to that
/// meeting, an event of a case as <see cref="LiveFeed"/> prepared it before its commit (to every
/// meeting not closed whose agenda holds the case). Streams are pushed side by side in
/// <see cref="Lanes"/> lanes, each stream always in the same lane, so its events go out in commit
/// order (clients order and heal by stream version) while one slow push does not hold up the
/// others. Each message is filtered once per audience (meeting and organisation) and sent to that
/// audience's group. A failed push is logged and not retried: clients notice the gap by stream
/// version and catch up with JoinMeeting.
/// </summary>
internal sealed class LiveNotifier(
    LiveFeed feed, IDocumentStore store, IHubContext<MeetingHub> hub, LiveAccess access, AudienceFilter filter, ILogger<LiveNotifier> logger)
    : BackgroundService
{
    /// <summary>
    /// A push of a case event only sends; revocations and the chair's controls still read (the
    /// meeting's table, who is connected), so a few lanes keep one slow push from holding up the rest.
    /// </summary>
    private const int Lanes = 8;

    /// <summary>Events waiting per lane; when a lane is full the feed waits, and the feed drops its oldest commits.</summary>
    private const int LaneCapacity = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = Enumerable.Range(0, Lanes)
            .Select(_ => Channel.CreateBounded<(IEvent Event, MeetingBoard? Board, IReadOnlyList<PreparedPush>? Pushes)>(
                new BoundedChannelOptions(LaneCapacity) { SingleReader = true, SingleWriter = true }))
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
                        (@event, commit.Boards.GetValueOrDefault(@event.StreamId), commit.Pushes.GetValueOrDefault(@event)), stoppingToken);
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

    private async Task PushAllAsync(ChannelReader<(IEvent Event, MeetingBoard? Board, IReadOnlyList<PreparedPush>? Pushes)> lane, CancellationToken cancellationToken)
    {
        await foreach (var (@event, board, pushes) in lane.ReadAllAsync(cancellationToken))
        {
            try
            {
                await PushAsync(@event, board, pushes, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Live push of event {Sequence} of stream {Stream} failed", @event.Sequence, @event.StreamId);
            }
        }
    }

    /// <param name="board">The meeting's board as the event's commit stored it, for an event of a meeting.</param>
    /// <param name="pushes">What <see cref="LiveFeed"/> prepared for an event of a case on an agenda.</param>
    private async Task PushAsync(IEvent @event, MeetingBoard? board, IReadOnlyList<PreparedPush>? pushes, CancellationToken cancellationToken)
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

        if (LiveUpdates.IsMeetingEvent(@event.Data))
        {
            await PushMeetingEventAsync(@event, board, cancellationToken);
            return;
        }

        foreach (var push in pushes ?? [])
        {
            var update = LiveUpdates.ForCase(@event, push.MeetingId);
            foreach (var audience in push.Audiences)
            {
                await hub.Clients.GroupExcept(audience.Audience.Group, filter.JoinedSince(audience))
                    .SendAsync(update.Kind, update with { Content = audience.Content }, cancellationToken);
            }
        }
    }

    /// <summary>A meeting's own event carries no personal content: the same message to every audience of the meeting.</summary>
    private async Task PushMeetingEventAsync(IEvent @event, MeetingBoard? committed, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        if ((committed ?? await query.LoadAsync<MeetingBoard>(@event.StreamId, cancellationToken)) is { } board
            && await query.LoadAsync<TableDetails>(board.TableId, cancellationToken) is { } table)
        {
            var update = await LiveUpdates.ForMeetingAsync(query, @event, board, cancellationToken);
            foreach (var audience in filter.AudiencesOf(board, table))
            {
                await hub.Clients.Group(audience.Group).SendAsync(update.Kind, update, cancellationToken);
            }
        }
    }
}
