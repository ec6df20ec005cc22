using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Tables;
using Marten;
using Microsoft.AspNetCore.SignalR;

namespace DoorbraakTafel.Live;

/// <summary>
/// Who may follow a meeting live, and ending that at once when it no longer holds. SignalR groups
/// are routing, not security: the hub checks <see cref="MayTakePart"/> before adding to a group,
/// the notifier checks it again for every audience it pushes to, and <see cref="RevokeAsync"/>
/// takes connections out of the groups when the right ends.
/// </summary>
internal sealed class LiveAccess(MeetingRooms rooms, IHubContext<MeetingHub> hub, IDocumentStore store, ILogger<LiveAccess> logger)
{
    public const string ConsentWithdrawnReason = "De inwoner heeft toestemming ingetrokken; wat u van deze casus ziet, wordt opnieuw bepaald.";

    public const string LeftTableReason = "Uw organisatie zit niet meer aan deze tafel; u volgt dit overleg niet langer.";

    public const string LeftTeamReason = "Deze tafel hoort niet meer bij een team dat u leidt; u volgt dit overleg niet langer.";

    /// <summary>
    /// A current member organisation of the table, a chair of it, or a team leader. Which team
    /// leader is checked at join (<see cref="TableAccess"/>) and again when a team changes
    /// (<see cref="TeamChangedAsync"/>).
    /// </summary>
    public static bool MayTakePart(TableDetails table, string userId, string organisationId, string role) =>
        table.HasMember(organisationId) || table.IsChair(userId) || role == Roles.TeamLead;

    private static bool MayTakePartOtherwise(TableDetails table, LiveConnection connection) =>
        table.HasMember(connection.OrganisationId) || table.IsChair(connection.UserId);

    public static bool MayTakePart(TableDetails table, LiveConnection connection) =>
        MayTakePart(table, connection.UserId, connection.OrganisationId, connection.Role);

    /// <summary>
    /// Ends an organisation's live access in a meeting at once. Without <paramref name="caseId"/>:
    /// its connections that may no longer take part (a chair or team leader of that organisation
    /// keeps access) leave the meeting's groups, so nothing more reaches them, and get
    /// <c>AccessEnded</c>. With <paramref name="caseId"/> (consent withdrawn): the organisation stays
    /// in the meeting, its screens are told to drop that case's content, and
    /// <see cref="AudienceFilter"/> must already have stopped giving it; call this after the
    /// withdrawal is committed.
    /// </summary>
    public async Task RevokeAsync(Guid meetingId, string organisationId, Guid? caseId, string reason, CancellationToken cancellationToken)
    {
        if (caseId is not null)
        {
            await hub.Clients.Group(new Audience(meetingId, organisationId).Group)
                .SendAsync(LiveMethods.AccessEnded, new AccessEnded(meetingId, caseId, reason), cancellationToken);
            return;
        }

        await using var query = store.QuerySession();
        var board = await query.LoadAsync<MeetingBoard>(meetingId, cancellationToken);
        var table = board is null ? null : await query.LoadAsync<TableDetails>(board.TableId, cancellationToken);
        var losing = rooms.Connections(meetingId)
            .Where(c => c.OrganisationId == organisationId && (table is null || !MayTakePart(table, c)))
            .ToList();
        await EndAsync(meetingId, losing, reason, cancellationToken);
    }

    /// <summary>Takes the connections out of the meeting's groups, tells them why, and updates presence.</summary>
    private async Task EndAsync(Guid meetingId, IReadOnlyList<LiveConnection> losing, string reason, CancellationToken cancellationToken)
    {
        if (losing.Count == 0)
        {
            return;
        }

        var presenceChanged = false;
        foreach (var connection in losing)
        {
            await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, connection.AudienceIn(meetingId).Group, cancellationToken);
            await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, Audience.MeetingGroup(meetingId), cancellationToken);
            presenceChanged |= rooms.Leave(meetingId, connection.ConnectionId)?.PresenceChanged == true;
        }

        logger.LogInformation("Live access to meeting {MeetingId} ended for {Count} connections", meetingId, losing.Count);
        await hub.Clients.Clients([.. losing.Select(c => c.ConnectionId)])
            .SendAsync(LiveMethods.AccessEnded, new AccessEnded(meetingId, null, reason), cancellationToken);
        if (presenceChanged)
        {
            await PresenceChangedAsync(meetingId, cancellationToken);
        }
    }

    /// <summary>An organisation left a table: its access to every meeting of that table that is not closed ends.</summary>
    public async Task OrganisationLeftAsync(Guid tableId, string organisationId, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        var meetings = await query.Query<MeetingBoard>()
            .Where(m => m.TableId == tableId && m.Status != MeetingStatus.Closed)
            .Select(m => m.Id)
            .ToListAsync(cancellationToken);
        foreach (var meetingId in meetings)
        {
            await RevokeAsync(meetingId, organisationId, null, LeftTableReason, cancellationToken);
        }
    }

    /// <summary>
    /// A resident withdrew consent: every audience of a meeting not closed that has one of the
    /// resident's cases on its agenda is told to drop that case's content. What it sees from now on
    /// is decided again by the gate, which already counts the withdrawal.
    /// </summary>
    public async Task ConsentWithdrawnAsync(Guid residentId, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        var cases = await query.Query<CaseDetails>().Where(c => c.ResidentId == residentId).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var caseId in cases)
        {
            var boards = await query.Query<MeetingBoard>().Where(MeetingBoard.OpenHolding(caseId)).ToListAsync(cancellationToken);
            foreach (var board in boards)
            {
                foreach (var organisation in rooms.Connections(board.Id).Select(c => c.OrganisationId).Distinct())
                {
                    await RevokeAsync(board.Id, organisation, caseId, ConsentWithdrawnReason, cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// The Admin changed a team: a team leader following a meeting of one of the team's tables (as it
    /// was or is now) keeps following it only while a team she leads still holds that table or she
    /// takes part otherwise (her organisation at the table, or its chair). Call after the change is committed.
    /// </summary>
    public async Task TeamChangedAsync(Team? before, Team after, CancellationToken cancellationToken)
    {
        var leaders = (before?.Leaders ?? []).Union(after.Leaders).ToHashSet(StringComparer.Ordinal);
        var tables = (before?.Tables ?? []).Union(after.Tables).ToList();
        await using var query = store.QuerySession();
        var boards = await query.Query<MeetingBoard>().Where(m => tables.Contains(m.TableId) && m.Status != MeetingStatus.Closed).ToListAsync(cancellationToken);
        foreach (var board in boards)
        {
            var table = await query.LoadAsync<TableDetails>(board.TableId, cancellationToken);
            foreach (var leader in rooms.Connections(board.Id).Where(c => c.Role == Roles.TeamLead && leaders.Contains(c.UserId)).Select(c => c.UserId).Distinct())
            {
                var stillLeads = await query.Query<Team>().AnyAsync(t => t.Leaders.Contains(leader) && t.Tables.Contains(board.TableId), cancellationToken);
                if (table is null || !stillLeads)
                {
                    await EndAsync(board.Id, rooms.Connections(board.Id).Where(c => c.UserId == leader && (table is null || !MayTakePartOtherwise(table, c))).ToList(), LeftTeamReason, cancellationToken);
                }
            }
        }
    }

    public Task PresenceChangedAsync(Guid meetingId, CancellationToken cancellationToken) =>
        hub.Clients.Group(Audience.MeetingGroup(meetingId))
            .SendAsync(LiveMethods.PresenceChanged, new PresenceChanged(meetingId, rooms.Presence(meetingId)), cancellationToken);
}
