using System.Collections.Immutable;
using System.Linq.Expressions;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using Marten.Events.Aggregation;

namespace DoorbraakTafel.Meetings;

public enum MeetingStatus
{
    Planned,
    Open,
    Closed,
}

[StepLabel("Overleg gepland")]
public sealed record MeetingPlanned(Guid MeetingId, Guid TableId, DateOnly Date, [property: NonPersonal("a user id")] string PlannedBy, DateTimeOffset At);

[StepLabel("Casus op de agenda")]
public sealed record CaseAddedToAgenda(Guid MeetingId, Guid CaseId, [property: NonPersonal("a user id")] string AddedBy, DateTimeOffset At);

[StepLabel("Agenda aangepast")]
public sealed record AgendaReordered(Guid MeetingId, IReadOnlyList<Guid> CaseIds, [property: NonPersonal("a user id")] string By, DateTimeOffset At);

[StepLabel("Aanwezigheid bijgewerkt")]
/// <remarks>Whoever a chair records as present, a resident or a relative too: a name is identification data.</remarks>
public sealed record AttendanceRecorded(
    Guid MeetingId, [property: PersonalText(DataCategory.Identificatie)] string UserId, [property: PersonalText(DataCategory.Identificatie)] string DisplayName, [property: NonPersonal("an organisation id")] string OrganisationId, DateTimeOffset At);

[StepLabel("Overleg geopend")]
public sealed record MeetingOpened(Guid MeetingId, [property: NonPersonal("a user id")] string By, DateTimeOffset At);

[StepLabel("Volgend agendapunt")]
public sealed record CurrentItemMoved(Guid MeetingId, Guid CaseId, [property: NonPersonal("a user id")] string By, DateTimeOffset At);

[StepLabel("Overleg gesloten")]
public sealed record MeetingClosed(Guid MeetingId, [property: NonPersonal("a user id")] string By, DateTimeOffset At);

/// <summary>Write state of a meeting: what its decide functions check.</summary>
public sealed record Meeting(Guid Id, Guid TableId, MeetingStatus Status, ImmutableList<Guid> Agenda, [property: PersonalText(DataCategory.Identificatie)] ImmutableHashSet<string> Attendees)
{
    public static Meeting Create(MeetingPlanned planned) => new(planned.MeetingId, planned.TableId, MeetingStatus.Planned, [], []);

    public Meeting Apply(CaseAddedToAgenda added) => this with { Agenda = Agenda.Add(added.CaseId) };

    public Meeting Apply(AgendaReordered reordered) => this with { Agenda = [.. reordered.CaseIds] };

    public Meeting Apply(AttendanceRecorded attended) => this with { Attendees = Attendees.Add(attended.UserId) };

    public Meeting Apply(MeetingOpened _) => this with { Status = MeetingStatus.Open };

    public Meeting Apply(MeetingClosed _) => this with { Status = MeetingStatus.Closed };
}

public sealed record Attendee(
    [property: PersonalText(DataCategory.Identificatie)] string UserId, [property: PersonalText(DataCategory.Identificatie)] string DisplayName, [property: NonPersonal("an organisation id")] string OrganisationId, DateTimeOffset At);

/// <summary>The board of a meeting: agenda in order, the item under discussion, who is there.</summary>
public sealed record MeetingBoard(
    Guid Id, Guid TableId, DateOnly Date, MeetingStatus Status, IReadOnlyList<Guid> Agenda, Guid? CurrentCaseId, IReadOnlyList<Attendee> Attendance)
{
    public int Version { get; set; }

    /// <summary>The boards a change to a case concerns: meetings not closed whose agenda holds it (served by the boards' GIN index).</summary>
    public static Expression<Func<MeetingBoard, bool>> OpenHolding(Guid caseId) => m => m.Agenda.Contains(caseId) && m.Status != MeetingStatus.Closed;
}

internal sealed class MeetingBoardProjection : SingleStreamProjection<MeetingBoard, Guid>
{
    public static MeetingBoard Create(MeetingPlanned e) => new(e.MeetingId, e.TableId, e.Date, MeetingStatus.Planned, [], null, []);

    public static MeetingBoard Apply(CaseAddedToAgenda e, MeetingBoard board) => board with { Agenda = [.. board.Agenda, e.CaseId] };

    public static MeetingBoard Apply(AgendaReordered e, MeetingBoard board) => board with { Agenda = e.CaseIds };

    public static MeetingBoard Apply(AttendanceRecorded e, MeetingBoard board) =>
        board with { Attendance = [.. board.Attendance, new Attendee(e.UserId, e.DisplayName, e.OrganisationId, e.At)] };

    public static MeetingBoard Apply(MeetingOpened e, MeetingBoard board) => board with { Status = MeetingStatus.Open };

    public static MeetingBoard Apply(CurrentItemMoved e, MeetingBoard board) => board with { CurrentCaseId = e.CaseId };

    public static MeetingBoard Apply(MeetingClosed e, MeetingBoard board) => board with { Status = MeetingStatus.Closed, CurrentCaseId = null };
}
