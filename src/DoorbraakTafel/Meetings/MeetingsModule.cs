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
        app.MapPost("/api/tables/{tableId:guid}/meetings", PrepareMeeting.HandlePlan).WithTags("Meetings").RequireAuthorization();
        app.MapGet("/api/tables/{tableId:guid}/meetings", ListMeetings).WithTags("Meetings").RequireAuthorization();
        var meetings = app.MapGroup("/api/meetings").WithTags("Meetings").RequireAuthorization();
        meetings.MapGet("/{id:guid}", GetMeeting);
        meetings.MapPost("/{id:guid}/agenda", PrepareMeeting.HandleAgenda);
        meetings.MapPost("/{id:guid}/agenda/order", PrepareMeeting.HandleOrder);
        meetings.MapPost("/{id:guid}/open", RunMeeting.HandleOpen);
        meetings.MapPost("/{id:guid}/attendance", RunMeeting.HandleAttendance);
        meetings.MapPost("/{id:guid}/current-item", RunMeeting.HandleCurrentItem);
        meetings.MapPost("/{id:guid}/close", RunMeeting.HandleClose);

        app.ServiceProvider.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ProposeNextMeetings>(
            "propose-next-meetings", job => job.RunAsync(CancellationToken.None), Cron.Daily(5), new RecurringJobOptions { TimeZone = Clock.Netherlands });
        return app;
    }

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
