using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Meetings;

/// <summary>The chair plans a meeting of the table and puts cases on its agenda, in order.</summary>
internal static class PrepareMeeting
{
    public sealed record PlanRequest(DateOnly? Date);

    public sealed record AgendaRequest(Guid? CaseId);

    public sealed record OrderRequest(IReadOnlyList<Guid>? CaseIds);

    public static MeetingPlanned Plan(TableDetails table, Guid meetingId, DateOnly date, CurrentUser user, DateOnly today, DateTimeOffset now)
    {
        if (!table.IsChair(user.UserId) && !user.IsIn(Roles.Admin))
        {
            throw Rejected.Forbidden("Only a chair of this table (or an admin) plans its meetings.", "Alleen de voorzitter van deze tafel mag dit doen.");
        }

        return date < today
            ? throw Rejected.Invalid("date", $"The date {date:yyyy-MM-dd} has passed; plan a meeting today or later.")
            : new MeetingPlanned(meetingId, table.Id, date, user.UserId, now);
    }

    public static object[] AddToAgenda(Meeting meeting, Guid caseId, bool isChair, string by, DateTimeOffset now)
    {
        if (!isChair)
        {
            throw Rejected.Forbidden("Only a chair of this table sets the agenda.", "Alleen de voorzitter van deze tafel mag dit doen.");
        }

        if (meeting.Status == MeetingStatus.Closed)
        {
            throw Rejected.Conflict("This meeting is closed; put the case on the agenda of a next one.", "Deze bijeenkomst is al afgelopen. Zet de casus op de agenda van een volgende bijeenkomst.");
        }

        return meeting.Agenda.Contains(caseId) ? [] : [new CaseAddedToAgenda(meeting.Id, caseId, by, now)];
    }

    /// <summary>The case's side of being put on an agenda: scheduled at the meeting once, and only while it is open.</summary>
    public static object[] Schedule(Case state, Guid meetingId, Guid tableId, DateOnly date)
    {
        state.EnsureOpen();
        return state.Meetings.Contains(meetingId) ? [] : [new CaseScheduled(state.Id, meetingId, tableId, date)];
    }

    public static object[] Reorder(Meeting meeting, IReadOnlyList<Guid> caseIds, bool isChair, string by, DateTimeOffset now)
    {
        if (!isChair)
        {
            throw Rejected.Forbidden("Only a chair of this table sets the agenda.", "Alleen de voorzitter van deze tafel mag dit doen.");
        }

        return caseIds.Count == meeting.Agenda.Count && !meeting.Agenda.Except(caseIds).Any()
            ? [new AgendaReordered(meeting.Id, caseIds, by, now)]
            : throw Rejected.Invalid("caseIds", "Give every case of the agenda exactly once, in the new order.");
    }

    public static async Task<IResult> HandlePlan(Guid tableId, PlanRequest request, CurrentUser user, TimeProvider clock, IQuerySession query, HttpContext http)
    {
        var errors = Http.Errors();
        var date = errors.Require("date", request.Date);
        errors.ThrowIfAny();

        var table = await query.LoadAsync<TableDetails>(tableId, http.RequestAborted) ?? throw Rejected.NotFound("Table", tableId);
        var planned = Plan(table, Guid.CreateVersion7(), date, user, clock.Today(), clock.GetUtcNow());
        return await Writes.Run(http, Planning(planned));
    }

    /// <summary>Starts the meeting's stream; the API and the table page share it.</summary>
    public static Func<IDocumentSession, long?, Task<WriteAnswer>> Planning(MeetingPlanned planned) => (session, _) =>
    {
        session.Events.StartStream<Meeting>(planned.MeetingId, planned);
        return Task.FromResult(WriteAnswer.Created($"/api/meetings/{planned.MeetingId}", new Written(planned.MeetingId, 1), 1));
    };

    /// <summary>Putting a case on the agenda also schedules the case: both streams change in one transaction.</summary>
    public static Task<IResult> HandleAgenda(Guid id, AgendaRequest request, HttpContext http)
    {
        var errors = Http.Errors();
        var caseId = errors.Require("caseId", request.CaseId);
        errors.ThrowIfAny();

        return Writes.Run(http, AddingToAgenda(id, caseId, CaseWorker.Of(http), http.RequestAborted));
    }

    /// <summary>
    /// The agenda write of <see cref="HandleAgenda"/>, shared with the preparation page. Scheduling
    /// gives the organisations at the table need to know of the case, so a chair schedules only a
    /// case brought in at this table, or one the chair may see already.
    /// </summary>
    public static Func<IDocumentSession, long?, Task<WriteAnswer>> AddingToAgenda(Guid id, Guid caseId, CaseWorker chair, CancellationToken cancellationToken) =>
        async (session, expected) =>
        {
            var table = await RunMeeting.TableOf(session, id, cancellationToken);
            var board = (await session.LoadAsync<MeetingBoard>(id, cancellationToken))!;
            var user = chair.User;
            var version = await session.Decide<Meeting>(id, expected, "Meeting", meeting => AddToAgenda(meeting, caseId, table.IsChair(user.UserId), user.UserId, chair.Now), cancellationToken);
            await session.WorkOnCase(chair, caseId, null, state => Schedule(state, id, table.Id, board.Date), cancellationToken, alsoMay: details => BroughtTo(details, table));
            return WriteAnswer.Ok(new Written(id, version), version);
        };

    /// <summary>Whether a case was brought in at this table; a case brought in before tables were named, by an organisation at it.</summary>
    public static bool BroughtTo(CaseDetails details, TableDetails table) =>
        details.BroughtTo is { } tableId ? tableId == table.Id : table.HasMember(details.Referrer.OrganisationId);

    public static Task<IResult> HandleOrder(Guid id, OrderRequest request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        if (request.CaseIds is null)
        {
            throw new InvalidRequest(new Dictionary<string, string[]> { ["caseIds"] = ["'caseIds' is required."] });
        }

        return Writes.Run(http, Reordering(id, request.CaseIds, user, clock.GetUtcNow(), http.RequestAborted));
    }

    /// <summary>The reorder write of <see cref="HandleOrder"/>, shared with the preparation page.</summary>
    public static Func<IDocumentSession, long?, Task<WriteAnswer>> Reordering(Guid id, IReadOnlyList<Guid> caseIds, CurrentUser user, DateTimeOffset now, CancellationToken cancellationToken) =>
        async (session, expected) =>
        {
            var table = await RunMeeting.TableOf(session, id, cancellationToken);
            var version = await session.Decide<Meeting>(id, expected, "Meeting", meeting => Reorder(meeting, caseIds, table.IsChair(user.UserId), user.UserId, now), cancellationToken);
            return WriteAnswer.Ok(new Written(id, version), version);
        };
}
