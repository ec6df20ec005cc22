using DoorbraakTafel.Meetings;

namespace DoorbraakTafel.Live;

/// <summary>
/// One committed event as a participant's screen gets it, as <c>MeetingUpdated</c> (an event of
/// the meeting's own stream) or <c>CaseUpdated</c> (an event of a case on its agenda).
/// <see cref="Position"/> is Marten's global sequence, for catching up; <see cref="Version"/> is
/// the stream version, for noticing a gap. Only ids and a neutral label: <see cref="Content"/>
/// (the event's texts) and <see cref="Board"/> (the board's parts it changed, as HTML) stay null
/// until the privacy gate fills them per audience in <see cref="AudienceFilter"/>.
/// </summary>
internal sealed record LiveUpdate(
    string Kind, Guid StreamId, long Version, string EventType, long Position, Guid MeetingId, string Label, MeetingFacts? Facts, object? Content = null,
    BoardParts? Board = null);

/// <summary>
/// The part of the board a change alters, rendered for the audience as the page renders it: the
/// whole case in focus (when the focus moves, or a change to the case as a whole), or one item of it.
/// </summary>
public sealed record BoardParts(string? Focus, BoardItemPart? Item);

/// <summary>One item of the case in focus: <see cref="Html"/> replaces the element with <c>data-item</c> <see cref="Id"/>, or joins the list <c>data-list</c> <see cref="List"/>.</summary>
public sealed record BoardItemPart(string List, Guid Id, string Html);

/// <summary>The non-personal facts of the board after a meeting-control event.</summary>
internal sealed record MeetingFacts(MeetingStatus Status, Guid? CurrentCaseId, IReadOnlyList<Guid> Agenda)
{
    public static MeetingFacts Of(MeetingBoard board) => new(board.Status, board.CurrentCaseId, board.Agenda);
}

/// <summary>Someone with at least one connection in the meeting; several tabs count once.</summary>
internal sealed record PresentUser(string UserId, string DisplayName, string OrganisationId);

internal sealed record PresenceChanged(Guid MeetingId, IReadOnlyList<PresentUser> Present);

/// <summary>Live access ended: for the whole meeting (<see cref="CaseId"/> null) or one case's content. The screen drops what it shows.</summary>
internal sealed record AccessEnded(Guid MeetingId, Guid? CaseId, string Reason);

/// <summary>
/// The answer to <c>JoinMeeting</c>: what the caller missed since its last position, in order,
/// the position it has now caught up to, and who is there. <see cref="More"/> says the list was
/// cut at <see cref="CatchUp.MaxMessages"/>: join again from <see cref="Position"/> for the rest.
/// </summary>
internal sealed record JoinedMeeting(Guid MeetingId, IReadOnlyList<LiveUpdate> Missed, long Position, bool More, IReadOnlyList<PresentUser> Present);

/// <summary>The names of the client methods the hub calls.</summary>
internal static class LiveMethods
{
    public const string MeetingUpdated = nameof(MeetingUpdated);
    public const string CaseUpdated = nameof(CaseUpdated);
    public const string PresenceChanged = nameof(PresenceChanged);
    public const string AccessEnded = nameof(AccessEnded);
}
