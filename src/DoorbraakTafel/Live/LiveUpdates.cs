using DoorbraakTafel.Cases;
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

    /// <summary>A neutral Dutch label: says what kind of thing happened, never what was said.</summary>
    public static string Label(object data) => data switch
    {
        MeetingPlanned => "Overleg gepland",
        CaseAddedToAgenda => "Casus op de agenda",
        AgendaReordered => "Agenda aangepast",
        AttendanceRecorded => "Aanwezigheid bijgewerkt",
        MeetingOpened => "Overleg geopend",
        CurrentItemMoved => "Volgend agendapunt",
        MeetingClosed => "Overleg gesloten",
        CaseOpened => "Casus aangemeld",
        ResidentVoiceRecorded => "Stem van de bewoner vastgelegd",
        CaseScheduled => "Casus ingepland",
        CaseTakenUp => "Casus in behandeling",
        VuistregelAssessed => "Vuistregel beoordeeld",
        ContributionAdded => "Nieuwe inbreng",
        ProposalMade => "Nieuw voorstel",
        PositionTaken => "Standpunt ingenomen",
        DecisionRecorded => "Besluit vastgelegd",
        ActionAssigned => "Actie toegewezen",
        ActionCompleted => "Actie afgerond",
        ActionReminderRecorded => "Herinnering voor actie",
        ActionMarkedOverdue => "Actie over tijd",
        HousingProfileRecorded => "Woonprofiel bijgewerkt",
        RoadmapStepReached => "Stap in woonroute",
        SystemSignalRaised => "Systeemsignaal gemeld",
        SystemSignalStatusChanged => "Systeemsignaal bijgewerkt",
        OrganisationInvolved => "Organisatie betrokken",
        CaseClosed => "Casus afgesloten",
        _ => "Bijgewerkt",
    };
}
