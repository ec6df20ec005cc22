using DoorbraakTafel.Meetings;
using DoorbraakTafel.Tables;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.SignalR;

namespace DoorbraakTafel.Live;

/// <summary>
/// Pushes committed events to the meetings they concern, one commit after the other in commit
/// order: an event of a meeting's stream to that meeting, an event of a case to every meeting
/// not closed whose agenda holds the case. Each message is filtered once per audience (meeting
/// and organisation) and sent to that audience's group. A failed push is logged and not
/// retried: clients notice the gap by stream version and catch up with JoinMeeting.
/// </summary>
internal sealed class LiveNotifier(
    LiveFeed feed, IDocumentStore store, IHubContext<MeetingHub> hub, MeetingRooms rooms, LiveAccess access, AudienceFilter filter, ILogger<LiveNotifier> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var events in feed.Committed.ReadAllAsync(stoppingToken))
        {
            if (feed.TakeDropped() is > 0 and var dropped)
            {
                logger.LogWarning("The live notifier fell behind and dropped {Count} commits; clients catch up when they rejoin", dropped);
            }

            try
            {
                await PushAsync(events, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Live push of events {First}..{Last} failed", events[0].Sequence, events[^1].Sequence);
            }
        }
    }

    private async Task PushAsync(IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        foreach (var @event in events.OrderBy(e => e.Sequence))
        {
            if (@event.Data is OrganisationLeftTable left)
            {
                await access.OrganisationLeftAsync(left.TableId, left.OrganisationId, cancellationToken);
            }
            else if (@event.Data is Privacy.Consents.ConsentWithdrawn withdrawn)
            {
                await access.ConsentWithdrawnAsync(withdrawn.ResidentId, cancellationToken);
            }
            else if (LiveUpdates.IsMeetingEvent(@event.Data))
            {
                if (await query.LoadAsync<MeetingBoard>(@event.StreamId, cancellationToken) is { } board)
                {
                    await PushToMeetingAsync(query, @event, board, cancellationToken);
                }
            }
            else
            {
                // Any other stream: the meetings whose agenda holds it. Streams that are no case are on no agenda.
                var boards = await query.Query<MeetingBoard>()
                    .Where(m => m.Agenda.Contains(@event.StreamId) && m.Status != MeetingStatus.Closed)
                    .ToListAsync(cancellationToken);
                foreach (var board in boards)
                {
                    await PushToMeetingAsync(query, @event, board, cancellationToken);
                }
            }
        }
    }

    private async Task PushToMeetingAsync(IQuerySession query, IEvent @event, MeetingBoard board, CancellationToken cancellationToken)
    {
        var table = await query.LoadAsync<TableDetails>(board.TableId, cancellationToken);
        if (table is null)
        {
            return;
        }

        var update = await LiveUpdates.ForMeetingAsync(query, @event, board, cancellationToken);
        // Filtered for all audiences at once (one read of the case, one durable disclosure write), then sent to each.
        var audiences = Audiences(board, table).ToList();
        var views = await filter.ViewForAsync(audiences, table, @event, update, cancellationToken);
        for (var i = 0; i < audiences.Count; i++)
        {
            if (views[i] is { } view)
            {
                await hub.Clients.Group(audiences[i].Group).SendAsync(view.Kind, view, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The organisations at the table now, and those on this node that take part otherwise (a chair
    /// or team leader from elsewhere). Checked against the table as it stands, so a connection
    /// that slipped into a group while its organisation was leaving gets nothing.
    /// </summary>
    private IEnumerable<Audience> Audiences(MeetingBoard board, TableDetails table) =>
        table.CurrentMembers.Select(o => o.Id)
            .Concat(rooms.Connections(board.Id).Where(c => LiveAccess.MayTakePart(table, c)).Select(c => c.OrganisationId))
            .Distinct(StringComparer.Ordinal)
            .Select(organisation => new Audience(board.Id, organisation));
}
