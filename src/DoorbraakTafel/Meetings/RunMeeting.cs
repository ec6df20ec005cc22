using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Meetings;

/// <summary>
/// The chair runs the meeting: open, move the current item, close. Only a chair of the table may;
/// the other participants record their own attendance.
/// </summary>
internal static class RunMeeting
{
    public sealed record CurrentItemRequest(Guid? CaseId);

    public sealed record AttendanceRequest([property: Text(100)] string? UserId, [property: Text(200)] string? DisplayName, [property: Text(100)] string? OrganisationId);

    public static object[] Open(Meeting meeting, bool isChair, string by, DateTimeOffset now)
    {
        EnsureChair(isChair, "open");
        return meeting.Status switch
        {
            MeetingStatus.Planned => [new MeetingOpened(meeting.Id, by, now)],
            MeetingStatus.Open => [],
            _ => throw Rejected.Conflict("This meeting is closed; plan a new one.", "Deze bijeenkomst is al afgelopen. Plan een nieuwe."),
        };
    }

    public static object[] MoveTo(Meeting meeting, Guid caseId, bool isChair, string by, DateTimeOffset now)
    {
        EnsureChair(isChair, "move the current item of");
        if (meeting.Status != MeetingStatus.Open)
        {
            throw Rejected.Conflict("Open the meeting before moving through its agenda.", "Open eerst de bijeenkomst.");
        }

        return meeting.Agenda.Contains(caseId)
            ? [new CurrentItemMoved(meeting.Id, caseId, by, now)]
            : throw Rejected.Invalid("caseId", $"Case {caseId} is not on the agenda of this meeting.");
    }

    public static object[] Close(Meeting meeting, bool isChair, string by, DateTimeOffset now)
    {
        EnsureChair(isChair, "close");
        return meeting.Status switch
        {
            MeetingStatus.Open => [new MeetingClosed(meeting.Id, by, now)],
            MeetingStatus.Closed => [],
            _ => throw Rejected.Conflict("Only an open meeting can be closed.", "Alleen een bijeenkomst die bezig is, kan worden afgesloten."),
        };
    }

    public static object[] Attend(Meeting meeting, TableDetails table, CurrentUser user, AttendanceRecorded attendance)
    {
        if (meeting.Status == MeetingStatus.Closed)
        {
            throw Rejected.Conflict("This meeting is closed.", "Deze bijeenkomst is al afgelopen.");
        }

        var self = attendance.UserId == user.UserId;
        if (!(self ? table.SeatsParticipant(user) || table.IsChair(user.UserId) : table.IsChair(user.UserId)))
        {
            throw Rejected.Forbidden(
                "Participants record their own attendance for an organisation at this table; a chair records anyone's.",
                "Alleen deelnemers van een organisatie aan deze tafel melden zich aan.");
        }

        return meeting.Attendees.Contains(attendance.UserId) ? [] : [attendance];
    }

    private static void EnsureChair(bool isChair, string what)
    {
        if (!isChair)
        {
            throw Rejected.Forbidden($"Only a chair of this table may {what} the meeting.", "Alleen de voorzitter van deze tafel mag dit doen.");
        }
    }

    public static Task<IResult> HandleOpen(Guid id, CurrentUser user, TimeProvider clock, HttpContext http) =>
        Writes.Run(http, Opening(id, user, clock.GetUtcNow(), http.RequestAborted));

    public static Task<IResult> HandleClose(Guid id, CurrentUser user, TimeProvider clock, HttpContext http) =>
        Writes.Run(http, Closing(id, user, clock.GetUtcNow(), http.RequestAborted));

    public static Task<IResult> HandleAttendance(Guid id, AttendanceRequest request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var attendance = new AttendanceRecorded(id, request.UserId?.Trim() is { Length: > 0 } other ? other : user.UserId,
            request.DisplayName?.Trim() is { Length: > 0 } name ? name : user.DisplayName,
            request.OrganisationId?.Trim() is { Length: > 0 } organisation ? organisation : user.OrganisationId, clock.GetUtcNow());
        return Writes.Run(http, Attending(id, user, attendance, http.RequestAborted));
    }

    /// <summary>Moving to a case takes it up: the case goes from geagendeerd to in behandeling.</summary>
    public static Task<IResult> HandleCurrentItem(Guid id, CurrentItemRequest request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var caseId = errors.Require("caseId", request.CaseId);
        errors.ThrowIfAny();

        return Writes.Run(http, MovingTo(id, caseId, user, clock.GetUtcNow(), http.RequestAborted));
    }

    /// <summary>The case's side of coming up at the table: a case on the agenda is in treatment from its first discussion on.</summary>
    public static object[] TakeUp(Case state, Guid meetingId, DateTimeOffset now) =>
        state.Status == CaseStatus.Geagendeerd ? [new CaseTakenUp(state.Id, meetingId, now)] : [];

    // The writes below are shared by the API handlers above and the live board's forms.
    public static Func<IDocumentSession, long?, Task<WriteAnswer>> Opening(Guid id, CurrentUser user, DateTimeOffset now, CancellationToken cancellationToken) =>
        Changing(id, (meeting, table) => Open(meeting, table.IsChair(user.UserId), user.UserId, now), cancellationToken);

    public static Func<IDocumentSession, long?, Task<WriteAnswer>> Closing(Guid id, CurrentUser user, DateTimeOffset now, CancellationToken cancellationToken) =>
        Changing(id, (meeting, table) => Close(meeting, table.IsChair(user.UserId), user.UserId, now), cancellationToken);

    public static Func<IDocumentSession, long?, Task<WriteAnswer>> Attending(Guid id, CurrentUser user, AttendanceRecorded attendance, CancellationToken cancellationToken) =>
        Changing(id, (meeting, table) => Attend(meeting, table, user, attendance), cancellationToken);

    public static Func<IDocumentSession, long?, Task<WriteAnswer>> MovingTo(Guid id, Guid caseId, CurrentUser user, DateTimeOffset now, CancellationToken cancellationToken) =>
        async (session, expected) =>
        {
            var table = await TableOf(session, id, cancellationToken);
            var version = await session.Decide<Meeting>(id, expected, "Meeting", meeting => MoveTo(meeting, caseId, table.IsChair(user.UserId), user.UserId, now), cancellationToken);
            await session.DecideOnCase(caseId, null, state => TakeUp(state, id, now), cancellationToken);
            return WriteAnswer.Ok(new Written(id, version), version);
        };

    private static Func<IDocumentSession, long?, Task<WriteAnswer>> Changing(Guid id, Func<Meeting, TableDetails, IReadOnlyList<object>> decide, CancellationToken cancellationToken) =>
        async (session, expected) =>
        {
            var table = await TableOf(session, id, cancellationToken);
            var version = await session.Decide<Meeting>(id, expected, "Meeting", meeting => decide(meeting, table), cancellationToken);
            return WriteAnswer.Ok(new Written(id, version), version);
        };

    public static async Task<TableDetails> TableOf(IQuerySession session, Guid meetingId, CancellationToken cancellationToken)
    {
        var board = await session.LoadAsync<MeetingBoard>(meetingId, cancellationToken) ?? throw Rejected.NotFound("Meeting", meetingId);
        return await session.LoadAsync<TableDetails>(board.TableId, cancellationToken) ?? throw Rejected.NotFound("Table", board.TableId);
    }
}
