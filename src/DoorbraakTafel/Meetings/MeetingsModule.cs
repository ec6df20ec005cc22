using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Tables;
using Hangfire;
using JasperFx.Events.Projections;
using Marten;

namespace DoorbraakTafel.Meetings;

public static class MeetingsModule
{
    public static void RegisterMeetings(this StoreOptions options)
    {
        options.Projections.Add<MeetingBoardProjection>(ProjectionLifecycle.Inline);
        // Every event of a scheduled case asks which meetings have the case on their agenda (jsonb containment);
        // meetings pile up over the years, so that lookup uses an index instead of reading them all.
        options.Schema.For<MeetingBoard>().GinIndexJsonData();
    }

    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/tables/{tableId:guid}/meetings", PrepareMeeting.HandlePlan).WithTags("Meetings").RequireAuthorization()
            .WithName("PlanMeeting").Produces<Written>(StatusCodes.Status201Created);
        // A table's meetings are for those admitted to it: 403 for anyone else (TableAccess).
        app.MapGet("/api/tables/{tableId:guid}/meetings", ListMeetings).WithTags("Meetings").RequireAuthorization()
            .WithName("ListMeetings").ProducesProblem(StatusCodes.Status403Forbidden);
        var meetings = app.MapGroup("/api/meetings").WithTags("Meetings").RequireAuthorization();
        meetings.MapGet("/{id:guid}", GetMeeting).WithName("GetMeeting").Produces<MeetingBoard>().ProducesProblem(StatusCodes.Status403Forbidden);
        meetings.MapPost("/{id:guid}/agenda", PrepareMeeting.HandleAgenda).WithName("AddToAgenda").ChangesMeeting().ProducesProblem(StatusCodes.Status409Conflict);
        meetings.MapPost("/{id:guid}/agenda/order", PrepareMeeting.HandleOrder).WithName("OrderAgenda").ChangesMeeting();
        meetings.MapPost("/{id:guid}/open", RunMeeting.HandleOpen).WithName("OpenMeeting").ChangesMeeting().ProducesProblem(StatusCodes.Status409Conflict);
        meetings.MapPost("/{id:guid}/attendance", RunMeeting.HandleAttendance).WithName("RecordAttendance").ChangesMeeting().ProducesProblem(StatusCodes.Status409Conflict);
        meetings.MapPost("/{id:guid}/current-item", RunMeeting.HandleCurrentItem).WithName("MoveCurrentItem").ChangesMeeting().ProducesProblem(StatusCodes.Status409Conflict);
        meetings.MapPost("/{id:guid}/close", RunMeeting.HandleClose).WithName("CloseMeeting").ChangesMeeting().ProducesProblem(StatusCodes.Status409Conflict);

        app.ServiceProvider.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ProposeNextMeetings>(
            "propose-next-meetings", job => job.RunAsync(CancellationToken.None), Cron.Daily(5), new RecurringJobOptions { TimeZone = Clock.Netherlands });
        return app;
    }

    /// <summary>A change to a meeting answers its new version and is decided on the version in If-Match; where the meeting's state can refuse it (closed, not open yet), its route adds 409.</summary>
    private static RouteHandlerBuilder ChangesMeeting(this RouteHandlerBuilder endpoint) => endpoint.Produces<Written>().TakesIfMatch();

    /// <summary>A meeting's agenda (case ids) and attendance (names) are for those admitted to its table (<see cref="TableAccess"/>).</summary>
    private static async Task<IResult> GetMeeting(Guid id, CurrentUser user, IQuerySession query, HttpResponse response, CancellationToken cancellationToken)
    {
        var board = await query.LoadAsync<MeetingBoard>(id, cancellationToken) ?? throw Rejected.NotFound("Meeting", id);
        await query.AdmittedTableAsync(board.TableId, user, cancellationToken);
        response.SetETag(board.Version);
        return TypedResults.Ok(board);
    }

    private static async Task<IReadOnlyList<MeetingBoard>> ListMeetings(Guid tableId, CurrentUser user, IQuerySession query, CancellationToken cancellationToken)
    {
        await query.AdmittedTableAsync(tableId, user, cancellationToken);
        return await query.Query<MeetingBoard>().Where(m => m.TableId == tableId).OrderBy(m => m.Date).ToListAsync(cancellationToken);
    }
}
