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
/// meeting, an event of a case to every meeting not closed whose agenda holds the case. Streams
/// are pushed side by side in <see cref="Lanes"/> lanes, each stream always in the same lane, so
/// its events go out in commit order (clients order and heal by stream version) while one slow
/// case does not hold up the others. Each message is filtered once per audience (meeting and
/// organisation) and sent to that audience's group. A failed push is logged and not retried:
/// clients notice the gap by stream version and catch up with JoinMeeting.
/// </summary>
internal sealed class LiveNotifier(
    LiveFeed feed, IDocumentStore store, IHubContext<MeetingHub> hub, MeetingRooms rooms, LiveAccess access, AudienceFilter filter, ILogger<LiveNotifier> logger)
    : BackgroundService
{
    /// <summary>
    /// A push mostly waits on the database (the case, the table, the durable disclosure record), so
    /// a few lanes keep up with a hundred meetings writing at once (bench/DoorbraakTafel.LiveBench).
    /// </summary>
    private const int Lanes = 8;

    /// <summary>Events waiting per lane; when a lane is full the feed waits, and the feed drops its oldest commits.</summary>
    private const int LaneCapacity = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = Enumerable.Range(0, Lanes)
            .Select(_ => Channel.CreateBounded<(IEvent Event, object? Document)>(new BoundedChannelOptions(LaneCapacity) { SingleReader = true, SingleWriter = true }))
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
                    await lanes[(uint)@event.StreamId.GetHashCode() % Lanes].Writer.WriteAsync((@event, commit.Documents.GetValueOrDefault(@event.StreamId)), stoppingToken);
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

    private async Task PushAllAsync(ChannelReader<(IEvent Event, object? Document)> lane, CancellationToken cancellationToken)
    {
        await foreach (var (@event, document) in lane.ReadAllAsync(cancellationToken))
        {
            try
            {
                await PushAsync(@event, document, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Live push of event {Sequence} of stream {Stream} failed", @event.Sequence, @event.StreamId);
            }
        }
    }

    /// <param name="document">The stream's case or meeting document as the event's commit stored it, if it did.</param>
    private async Task PushAsync(IEvent @event, object? document, CancellationToken cancellationToken)
    {
        if (@event.Data is OrganisationLeftTable left)
        {
            await access.OrganisationLeftAsync(left.TableId, left.OrganisationId, cancellationToken);
            return;
        }

        if (@event.Data is Privacy.Consents.ConsentWithdrawn withdrawn)
        {
            await access.ConsentWithdrawnAsync(withdrawn.ResidentId, cancellationToken);
            return;
        }

        await using var query = store.QuerySession();
        if (LiveUpdates.IsMeetingEvent(@event.Data))
        {
            if ((document as MeetingBoard ?? await query.LoadAsync<MeetingBoard>(@event.StreamId, cancellationToken)) is { } board
                && await query.LoadAsync<TableDetails>(board.TableId, cancellationToken) is { } table)
            {
                await PushToMeetingAsync(query, @event, board, table, null, cancellationToken);
            }

            return;
        }

        // Any other stream: the meetings whose agenda holds it (streams that are no case are on none)
        // and, for a case, what the gate needs to know about it, in one round trip. The case itself is
        // the one its commit stored; its tables are the meetings' tables. (Marten's Include would go
        // through a temporary table, which costs PostgreSQL more than a load.)
        var details = document as CaseDetails;
        if (details is { Schedule.Count: 0 })
        {
            // Putting a case on an agenda schedules it in the same commit: a case never scheduled is on no agenda.
            return;
        }

        var batch = query.CreateBatchQuery();
        var boards = batch.Query<MeetingBoard>().Where(m => m.Agenda.Contains(@event.StreamId) && m.Status != MeetingStatus.Closed).ToList();
        var facts = details is null ? null : PrivacyGate.QueueFacts(batch, [details]);
        await batch.Execute(cancellationToken);
        var (cases, tables) = facts is null ? (null, []) : await facts;
        var gated = details is null ? null : new GatedCase(details, cases![details.Id]);
        foreach (var board in await boards)
        {
            if ((tables.FirstOrDefault(t => t.Id == board.TableId) ?? await query.LoadAsync<TableDetails>(board.TableId, cancellationToken)) is { } table)
            {
                await PushToMeetingAsync(query, @event, board, table, gated, cancellationToken);
            }
        }
    }

    private async Task PushToMeetingAsync(IQuerySession query, IEvent @event, MeetingBoard board, TableDetails table, GatedCase? gated, CancellationToken cancellationToken)
    {
        var update = await LiveUpdates.ForMeetingAsync(query, @event, board, cancellationToken);
        // Filtered for all audiences at once (one durable disclosure write), then sent to each.
        var audiences = Audiences(board, table).ToList();
        var views = await filter.ViewForAsync(audiences, table, gated, @event, update, cancellationToken);
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
