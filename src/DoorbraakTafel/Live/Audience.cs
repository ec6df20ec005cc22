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

/// <summary>
/// The one decision of what an audience may see of an event, for live pushes and catch-up alike.
/// Until the privacy gate exists every audience gets ids and a neutral label, never content.
/// The gate plugs in here: fill <see cref="LiveUpdate.Content"/> with the filtered view (and log
/// the disclosure), or answer null to send this audience nothing about the event.
/// </summary>
internal sealed class AudienceFilter
{
    public ValueTask<LiveUpdate?> ViewForAsync(Audience audience, IEvent @event, LiveUpdate update, CancellationToken cancellationToken) =>
        ValueTask.FromResult<LiveUpdate?>(update with { Content = null });
}
