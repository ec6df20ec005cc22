using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Live;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Gate;
using Marten;

namespace DoorbraakTafel.Tables;

/// <summary>
/// A team that team leaders lead: the tables and the professionals they oversee. A team leader's
/// role reaches the cases of the team's tables and of its professionals, and no others
/// (privacy/dpia.md, M1); the Admin keeps teams.
/// </summary>
public sealed record Team(
    Guid Id, [property: NonPersonal("the team's name")] string Name, [property: NonPersonal("user ids")] IReadOnlyList<string> Leaders, IReadOnlyList<Guid> Tables,
    [property: NonPersonal("user ids")] IReadOnlyList<string> Professionals)
{
    public int Version { get; set; }

    public TeamScope Scope => new(Id, Tables, Professionals);
}

internal static class Teams
{
    public sealed record Request(
        [property: Text(200)] string? Name, [property: Text(100)] IReadOnlyList<string>? Leaders, IReadOnlyList<Guid>? Tables, [property: Text(100)] IReadOnlyList<string>? Professionals);

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/api/teams").WithTags("Teams").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        teams.MapGet("/", async (IQuerySession query, CancellationToken cancellationToken) => TypedResults.Ok(await query.Query<Team>().OrderBy(t => t.Name).ToListAsync(cancellationToken)))
            .WithName("ListTeams");
        teams.MapPost("/", async (Request request, IDocumentSession session, HttpContext http) =>
        {
            var team = await SaveAsync(Guid.CreateVersion7(), request, session, http);
            return TypedResults.Created($"/api/teams/{team.Id}", new Saved(team.Id));
        }).WithName("CreateTeam");
        teams.MapPut("/{id:guid}", async (Guid id, Request request, IDocumentSession session, LiveAccess live, HttpContext http) =>
        {
            var before = await session.LoadAsync<Team>(id, http.RequestAborted) ?? throw Rejected.NotFound("Team", id);
            var after = await SaveAsync(id, request, session, http);
            // After the commit: a leader who no longer leads a table stops following its meetings at once.
            await live.TeamChangedAsync(before, after, http.RequestAborted);
            return TypedResults.Ok(new Saved(id));
        }).WithName("UpdateTeam");
        return app;
    }

    /// <summary>Checks and stores a team as a whole: its name, leaders, tables (which must exist) and professionals.</summary>
    private static async Task<Team> SaveAsync(Guid id, Request request, IDocumentSession session, HttpContext http)
    {
        var errors = Http.Errors();
        var name = errors.RequireText("name", request.Name, 200);
        var leaders = UserIds(errors, "leaders", request.Leaders);
        var professionals = UserIds(errors, "professionals", request.Professionals);
        var tables = (request.Tables ?? []).Distinct().ToArray();
        if (leaders.Count == 0 && !errors.ContainsKey("leaders"))
        {
            errors["leaders"] = ["A team has at least one leader (user id)."];
        }

        errors.ThrowIfAny();
        var known = await session.LoadManyAsync<TableDetails>(http.RequestAborted, tables);
        if (known.Count != tables.Length)
        {
            throw Rejected.Invalid("tables", $"There is no table with id {tables.Except(known.Select(t => t.Id)).First()}.", "Een van de tafels bestaat niet.");
        }

        var team = new Team(id, name, leaders, tables, professionals);
        session.Store(team);
        await session.SaveChangesAsync(http.RequestAborted);
        return team;
    }

    private static List<string> UserIds(Dictionary<string, string[]> errors, string field, IReadOnlyList<string>? values)
    {
        var ids = (values ?? []).Select(v => v?.Trim() ?? "").ToList();
        if (ids.Any(v => v.Length is 0 or > 100))
        {
            errors[field] = [$"Every entry of '{field}' is a user id of 1 to 100 characters."];
        }

        return [.. ids.Distinct()];
    }
}
