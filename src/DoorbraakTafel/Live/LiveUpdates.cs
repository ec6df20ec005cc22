using System.Collections.Concurrent;
using System.Reflection;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using JasperFx.Events;
using Marten;

namespace DoorbraakTafel.Live;

/// <summary>
/// Turns a stored event into the message for one meeting, the same way for a live push and for
/// a catch-up, so a client that rejoins sees exactly what it would have seen.
/// </summary>
internal static class LiveUpdates
{
    public static bool IsMeetingEvent(object data) =>
        data is MeetingPlanned or CaseAddedToAgenda or AgendaReordered or AttendanceRecorded or MeetingOpened or CurrentItemMoved or MeetingClosed;

    /// <param name="board">The meeting's board as stored now; its facts are used when it stands at the event's version.</param>
    public static async Task<LiveUpdate> ForMeetingAsync(IQuerySession query, IEvent @event, MeetingBoard board, CancellationToken cancellationToken)
    {
        if (@event.StreamId != board.Id)
        {
            return ForCase(@event, board.Id);
        }

        MeetingFacts? facts = null;
        if (IsControl(@event.Data))
        {
            // Facts as they were right after this event, also when later events already moved the board on.
            var then = board.Version == @event.Version ? board : await query.Events.AggregateStreamAsync<MeetingBoard>(board.Id, @event.Version, token: cancellationToken);
            facts = then is null ? null : MeetingFacts.Of(then);
        }

        return new LiveUpdate(LiveMethods.MeetingUpdated, @event.StreamId, @event.Version, @event.EventType.Name, @event.Sequence, board.Id, Label(@event.Data), facts);
    }

    /// <summary>An event of a case on the meeting's agenda, before the gate adds what an audience may see of it.</summary>
    public static LiveUpdate ForCase(IEvent @event, Guid meetingId) =>
        new(LiveMethods.CaseUpdated, @event.StreamId, @event.Version, @event.EventType.Name, @event.Sequence, meetingId, Label(@event.Data), null);

    /// <summary>The events that steer the board; their updates carry status, current item and agenda.</summary>
    private static bool IsControl(object data) => data is MeetingOpened or CurrentItemMoved or MeetingClosed or CaseAddedToAgenda or AgendaReordered;

    /// <summary>A neutral Dutch label: says what kind of thing happened, never what was said; declared next to the event (<see cref="StepLabelAttribute"/>).</summary>
    public static string Label(object data) => Labels.GetOrAdd(data.GetType(), static type => type.GetCustomAttribute<StepLabelAttribute>()?.Text ?? "Bijgewerkt");

    private static readonly ConcurrentDictionary<Type, string> Labels = new();
}
