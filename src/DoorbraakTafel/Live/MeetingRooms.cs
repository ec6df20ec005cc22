namespace DoorbraakTafel.Live;

/// <summary>A hub connection in a meeting, and who it belongs to.</summary>
internal sealed record LiveConnection(string ConnectionId, string UserId, string DisplayName, string OrganisationId, Identity.OrganisationType OrganisationType, string Role)
{
    public Audience AudienceIn(Guid meetingId) => new(meetingId, OrganisationId);
}

/// <summary>
/// The connections in each meeting on this node: presence (a user with several tabs counts once),
/// the audiences to push to, and whom to cut off when access ends. SignalR cannot list a group's
/// members, so this is the list. With the Redis backplane every node holds only its own
/// connections: presence then shows the people on this node (see docs/live.md).
/// </summary>
internal sealed class MeetingRooms
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Dictionary<string, LiveConnection>> rooms = [];
    /// <summary>The meetings of each connection: nearly always one, so an array rather than a set of its own per connection.</summary>
    private readonly Dictionary<string, Guid[]> meetingsOf = [];

    /// <returns>Whether the meeting's presence changed (false for a second tab of someone already there).</returns>
    public bool Enter(Guid meetingId, LiveConnection connection)
    {
        lock (gate)
        {
            if (!rooms.TryGetValue(meetingId, out var room))
            {
                rooms[meetingId] = room = [];
            }

            var wasThere = room.Values.Any(c => c.UserId == connection.UserId);
            room[connection.ConnectionId] = connection;
            var meetings = meetingsOf.GetValueOrDefault(connection.ConnectionId, []);
            if (!meetings.Contains(meetingId))
            {
                meetingsOf[connection.ConnectionId] = [.. meetings, meetingId];
            }

            return !wasThere;
        }
    }

    /// <returns>The connection that left, and whether the meeting's presence changed; null when it was not there.</returns>
    public (LiveConnection Connection, bool PresenceChanged)? Leave(Guid meetingId, string connectionId)
    {
        lock (gate)
        {
            if (!rooms.TryGetValue(meetingId, out var room) || !room.Remove(connectionId, out var left))
            {
                return null;
            }

            if (room.Count == 0)
            {
                rooms.Remove(meetingId);
            }

            if (meetingsOf.TryGetValue(connectionId, out var meetings))
            {
                Guid[] staying = [.. meetings.Where(m => m != meetingId)];
                if (staying.Length == 0)
                {
                    meetingsOf.Remove(connectionId);
                }
                else
                {
                    meetingsOf[connectionId] = staying;
                }
            }

            return (left, room.Values.All(c => c.UserId != left.UserId));
        }
    }

    public IReadOnlyList<Guid> MeetingsOf(string connectionId)
    {
        lock (gate)
        {
            return meetingsOf.GetValueOrDefault(connectionId, []);
        }
    }

    /// <summary>Whether anyone on this node follows any meeting.</summary>
    public bool AnyoneInAnyMeeting
    {
        get
        {
            lock (gate)
            {
                return rooms.Count > 0;
            }
        }
    }

    public IReadOnlyList<LiveConnection> Connections(Guid meetingId)
    {
        lock (gate)
        {
            return rooms.TryGetValue(meetingId, out var room) ? [.. room.Values] : [];
        }
    }

    public IReadOnlyList<PresentUser> Presence(Guid meetingId) =>
        [.. Connections(meetingId).DistinctBy(c => c.UserId).OrderBy(c => c.DisplayName, StringComparer.CurrentCulture).Select(c => new PresentUser(c.UserId, c.DisplayName, c.OrganisationId))];
}
