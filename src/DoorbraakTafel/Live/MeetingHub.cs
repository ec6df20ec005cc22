using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Tables;
using Marten;
using Microsoft.AspNetCore.SignalR;

namespace DoorbraakTafel.Live;

/// <summary>
/// The live meeting board at <c>/hubs/meeting</c> (DESIGN.md, Hub contract). Clients only listen
/// and (re)join; every change goes through the API and reaches them from <see cref="LiveNotifier"/>.
/// </summary>
internal sealed class MeetingHub(IQuerySession query, StoredEvents stored, MeetingRooms rooms, LiveAccess access, AudienceFilter filter) : Hub
{
    /// <summary>
    /// Authorises, then adds this connection to the meeting's group for the caller's organisation
    /// and answers what it missed since <paramref name="lastSeenPosition"/> (0: everything).
    /// Joining again (after a reconnect or on a gap) is safe; the client drops duplicates.
    /// </summary>
    public async Task<JoinedMeeting> JoinMeeting(Guid meetingId, long lastSeenPosition)
    {
        var cancellationToken = Context.ConnectionAborted;
        var user = Caller();
        var board = await query.LoadAsync<MeetingBoard>(meetingId, cancellationToken)
            ?? throw new HubException($"There is no meeting with id {meetingId}.");
        var table = await query.LoadAsync<TableDetails>(board.TableId, cancellationToken)
            ?? throw new HubException($"The table of meeting {meetingId} no longer exists.");
        // A team leader follows only the tables of a team she leads; the recurring checks then take her as admitted.
        if (!LiveAccess.MayTakePart(table, user.UserId, user.OrganisationId, user.Role) || !await query.AdmitsAsync(table, user, cancellationToken))
        {
            throw new HubException(
                "You may not follow this meeting: your organisation does not sit at its table, and you are neither its chair nor a team leader.");
        }

        var connection = new LiveConnection(Context.ConnectionId, user.UserId, user.DisplayName, user.OrganisationId, user.OrganisationType, user.Role);
        var audience = connection.AudienceIn(meetingId);
        // Into the groups before reading what was missed, so no event falls between the two;
        // one that lands in both reaches the client twice and it drops the second.
        await Groups.AddToGroupAsync(Context.ConnectionId, audience.Group, cancellationToken);
        await Groups.AddToGroupAsync(Context.ConnectionId, Audience.MeetingGroup(meetingId), cancellationToken);
        if (rooms.Enter(meetingId, connection))
        {
            await access.PresenceChangedAsync(meetingId, cancellationToken);
        }

        var (missed, position, more) = await CatchUp.SinceAsync(query, stored, board, table, audience, Math.Max(0, lastSeenPosition), filter, cancellationToken);
        return new JoinedMeeting(meetingId, missed, position, more, rooms.Presence(meetingId));
    }

    public async Task LeaveMeeting(Guid meetingId)
    {
        if (rooms.Leave(meetingId, Context.ConnectionId) is not { } left)
        {
            return;
        }

        await Groups.RemoveFromGroupAsync(Context.ConnectionId, left.Connection.AudienceIn(meetingId).Group);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Audience.MeetingGroup(meetingId));
        if (left.PresenceChanged)
        {
            await access.PresenceChangedAsync(meetingId, CancellationToken.None);
        }
    }

    /// <summary>SignalR drops the groups of a closed connection itself; presence is ours to update.</summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var meetingId in rooms.MeetingsOf(Context.ConnectionId))
        {
            if (rooms.Leave(meetingId, Context.ConnectionId) is { PresenceChanged: true })
            {
                await access.PresenceChangedAsync(meetingId, CancellationToken.None);
            }
        }

        await base.OnDisconnectedAsync(exception);
    }

    private CurrentUser Caller() =>
        Context.User is { } principal && CurrentUser.From(principal) is { } user
            ? user
            : throw new HubException("Sign in again: your sign-in does not say who you are or which organisation you act for.");
}
