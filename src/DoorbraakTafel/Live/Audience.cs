using JasperFx.Events;

namespace DoorbraakTafel.Live;

/// <summary>
/// Everyone of one organisation in one meeting: they may see the same, so a message is filtered
/// once for them and sent to their group, not once per connection.
/// </summary>
internal sealed record Audience(Guid MeetingId, string OrganisationId)
{
    public string Group => $"meeting:{MeetingId:N}:org:{OrganisationId}";

    /// <summary>Every connection in the meeting, whatever its organisation: for presence, which is the same for all.</summary>
    public static string MeetingGroup(Guid meetingId) => $"meeting:{meetingId:N}";
}
