using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using JasperFx.Events.Projections;
using Marten;

namespace DoorbraakTafel.Tables;

/// <summary>Tables and their member organisations. Admins manage them; everyone signed in reads them.</summary>
public static class TablesModule
{
    public sealed record MemberRequest([property: Text(100)] string? OrganisationId, [property: Text(200)] string? Name, OrganisationType? Type);

    public sealed record EstablishRequest(
        [property: Text(200)] string? Name, [property: Text(200)] string? Wijk, [property: Text(200)] string? Municipality, [property: Text(100)] IReadOnlyList<string>? Chairs, IReadOnlyList<MemberRequest>? Members);

    public sealed record LeaveRequest([property: Text(1000, MultiLine = true)] string? Reason);

    public sealed record ChairRequest([property: Text(100)] string? UserId);

    public static void RegisterTables(this StoreOptions options)
    {
        options.Projections.Add<TableDetailsProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<Team>();
    }

    public static IEndpointRouteBuilder MapTables(this IEndpointRouteBuilder app)
    {
        var tables = app.MapGroup("/api/tables").WithTags("Tables").RequireAuthorization();
        tables.MapGet("/", ListTables).WithName("ListTables");
        tables.MapGet("/{id:guid}", GetTable).WithName("GetTable").Produces<TableDetails>();
        var admin = tables.MapGroup("/").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        admin.MapPost("/", Establish).WithName("EstablishTable").Produces<Written>(StatusCodes.Status201Created);
        admin.MapPost("/{id:guid}/members", Join).WithName("JoinTable").Produces<Written>().TakesIfMatch();
        admin.MapPost("/{id:guid}/members/{organisationId}/leave", Leave).WithName("LeaveTable").Produces<Written>().TakesIfMatch();
        admin.MapPost("/{id:guid}/chairs", AppointChair).WithName("AppointChair").Produces<Written>().TakesIfMatch();
        return app.MapTeams();
    }

    private static async Task<IReadOnlyList<TableDetails>> ListTables(bool? mine, CurrentUser user, IQuerySession query, CancellationToken cancellationToken)
    {
        var all = await query.Query<TableDetails>().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return mine == true ? [.. all.Where(t => t.IsChair(user.UserId) || t.HasMember(user.OrganisationId))] : all;
    }

    private static async Task<IResult> GetTable(Guid id, IQuerySession query, HttpResponse response, CancellationToken cancellationToken)
    {
        var table = await query.LoadAsync<TableDetails>(id, cancellationToken) ?? throw Rejected.NotFound("Table", id);
        response.SetETag(table.Version);
        return TypedResults.Ok(table);
    }

    private static Task<IResult> Establish(EstablishRequest request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var name = errors.RequireText("name", request.Name, 200);
        var wijk = errors.RequireText("wijk", request.Wijk, 200);
        var municipality = errors.RequireText("municipality", request.Municipality, 200);
        if (request.Chairs is not { Count: > 0 } || request.Chairs.Any(string.IsNullOrWhiteSpace))
        {
            errors["chairs"] = ["A table needs at least one chair (user id)."];
        }

        var members = (request.Members ?? []).Select((m, i) => ToMember(errors, $"members[{i}]", m)).ToList();
        errors.ThrowIfAny();

        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        object[] events =
        [
            new TableEstablished(id, name, wijk, municipality, [.. request.Chairs!.Select(c => c.Trim()).Distinct()], user.UserId, now),
            .. members.DistinctBy(m => m.Id).Select(m => new OrganisationJoinedTable(id, m.Id, m.Name, m.Type, now)),
        ];
        return Writes.Run(http, (session, _) =>
        {
            session.Events.StartStream<Table>(id, events);
            return Task.FromResult(WriteAnswer.Created($"/api/tables/{id}", new Written(id, events.Length), events.Length));
        });
    }

    private static Task<IResult> Join(Guid id, MemberRequest request, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var member = ToMember(errors, "", request);
        errors.ThrowIfAny();
        return Change(http, id, table => table.Members.Contains(member.Id)
            ? []
            : [new OrganisationJoinedTable(id, member.Id, member.Name, member.Type, clock.GetUtcNow())]);
    }

    private static Task<IResult> Leave(Guid id, string organisationId, LeaveRequest request, TimeProvider clock, HttpContext http) =>
        Change(http, id, table => table.Members.Contains(organisationId)
            ? [new OrganisationLeftTable(id, organisationId, request.Reason?.Trim(), clock.GetUtcNow())]
            : throw Rejected.NotFound("Member organisation", organisationId));

    private static Task<IResult> AppointChair(Guid id, ChairRequest request, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var userId = errors.RequireText("userId", request.UserId, 100);
        errors.ThrowIfAny();
        return Change(http, id, table => table.Chairs.Contains(userId) ? [] : [new ChairAppointed(id, userId, clock.GetUtcNow())]);
    }

    private static Task<IResult> Change(HttpContext http, Guid id, Func<Table, IReadOnlyList<object>> decide) =>
        Writes.Run(http, async (session, expected) =>
        {
            var version = await session.Decide(id, expected, "Table", decide, http.RequestAborted);
            return WriteAnswer.Ok(new Written(id, version), version);
        });

    private static MemberOrganisation ToMember(Dictionary<string, string[]> errors, string prefix, MemberRequest request)
    {
        var field = prefix.Length == 0 ? "" : prefix + ".";
        var id = errors.RequireText($"{field}organisationId", request.OrganisationId, 100);
        var name = errors.RequireText($"{field}name", request.Name, 200);
        var type = errors.Require($"{field}type", request.Type);
        return new MemberOrganisation(id, name, type, default, null, null);
    }
}
