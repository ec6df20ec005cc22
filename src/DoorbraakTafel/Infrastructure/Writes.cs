using System.Text.Json;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;

namespace DoorbraakTafel.Infrastructure;

/// <summary>What a write answers: status, body, where the thing lives, and the stream version for the ETag.</summary>
public sealed record WriteAnswer(int StatusCode, object? Body, string? Location, long Version)
{
    public static WriteAnswer Created(string location, object body, long version) => new(StatusCodes.Status201Created, body, location, version);

    public static WriteAnswer Ok(object body, long version) => new(StatusCodes.Status200OK, body, null, version);
}

/// <summary>
/// A stored answer to a request with an Idempotency-Key, saved in the same transaction as the
/// events it answers, so a retry replays it and writes nothing new.
/// </summary>
public sealed record IdempotentRequest(
    [property: NonPersonal("the client\'s idempotency key")] string Id, [property: NonPersonal("an HTTP method")] string Method, [property: NonPersonal("a request path: ids only")] string Path, int StatusCode,
    [property: NonPersonal("a write\'s answer: ids and versions, never a text (WriteAnswer)")] string? Body, [property: NonPersonal("a path: ids only")] string? Location, long Version, DateTimeOffset At);

/// <summary>
/// The one write path of the API: If-Match for optimistic concurrency, Idempotency-Key for
/// safe retries, then the slice's own work (fetch, decide, append) and its answer.
/// </summary>
public static class Writes
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Each round of writers racing on one stream lets one through; a table has some twenty people.</summary>
    private const int MaxAttempts = 25;

    /// <param name="work">Fetches with the expected version (null when the client sent no If-Match), appends and answers.</param>
    public static async Task<IResult> Run(HttpContext http, Func<IDocumentSession, long?, Task<WriteAnswer>> work)
    {
        var expectedVersion = ParseIfMatch(http.Request);
        var key = IdempotencyId(http);
        try
        {
            var answer = await Write(http, expectedVersion, key, work);
            return Render(http, answer.StatusCode, answer.Body, answer.Location, answer.Version);
        }
        catch (Exception failed) when (key is not null && failed is Rejected or InvalidRequest or ConcurrencyException or DocumentAlreadyExistsException)
        {
            // The key is looked up only when the write fails, so a first request pays no extra round
            // trip: a retry either fails on the state its first attempt changed (a stale If-Match, a
            // closed case) or appends again and then fails on inserting its key, which rolls its
            // events back. Either way it answers what the first attempt answered.
            await using var query = http.RequestServices.GetRequiredService<ISessionFactory>().QuerySession();
            if (await query.LoadAsync<IdempotentRequest>(key, http.RequestAborted) is { } earlier)
            {
                return Replay(http, earlier);
            }

            throw;
        }
    }

    /// <summary>
    /// The same write path for the web pages: a form post carries neither If-Match nor an
    /// Idempotency-Key, so a conflicting writer makes the slice decide again on fresh state.
    /// Answers what the slice answered instead of rendering it.
    /// </summary>
    public static Task<WriteAnswer> ForPage(HttpContext http, Func<IDocumentSession, long?, Task<WriteAnswer>> work) =>
        Write(http, null, null, work);

    private static async Task<WriteAnswer> Write(HttpContext http, long? expectedVersion, string? key, Func<IDocumentSession, long?, Task<WriteAnswer>> work)
    {
        var sessions = http.RequestServices.GetRequiredService<ISessionFactory>();
        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

        // Without If-Match the client asked for no version check: a conflicting writer makes us
        // decide again on fresh state, so no decision is lost and none is doubled.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = sessions.OpenSession();
            try
            {
                var answer = await work(session, expectedVersion);
                if (key is not null)
                {
                    session.Insert(new IdempotentRequest(key, http.Request.Method, http.Request.Path, answer.StatusCode,
                        answer.Body is null ? null : JsonSerializer.Serialize(answer.Body, answer.Body.GetType(), json),
                        answer.Location, answer.Version, DateTimeOffset.UtcNow));
                }

                await session.SaveChangesAsync(http.RequestAborted);
                return answer;
            }
            catch (ConcurrencyException) when (expectedVersion is null && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(2, 10 * attempt), http.RequestAborted);
            }
        }
    }

    /// <summary>
    /// Fetches a stream's write state, checks the version the client expects, appends what the
    /// decide function returns, and gives the new version. Saved by <see cref="Run"/>.
    /// </summary>
    public static async Task<long> Decide<TState>(
        this IDocumentSession session, Guid streamId, long? expectedVersion, string what, Func<TState, IReadOnlyList<object>> decide, CancellationToken cancellationToken)
        where TState : class =>
        Decide(await session.Events.FetchForWriting<TState>(streamId, cancellationToken), expectedVersion, what, decide);

    /// <summary>The same for a stream its caller fetched for writing (in a batch with what else it needs).</summary>
    public static long Decide<TState>(IEventStream<TState> stream, long? expectedVersion, string what, Func<TState, IReadOnlyList<object>> decide)
        where TState : class
    {
        if (stream.Aggregate is null)
        {
            throw Rejected.NotFound(what, stream.Id);
        }

        var current = stream.StartingVersion ?? 0;
        if (expectedVersion is { } expected && expected != current)
        {
            throw Rejected.Stale(what, current);
        }

        var events = decide(stream.Aggregate);
        stream.AppendMany(events.ToArray());
        return current + events.Count;
    }

    private static long? ParseIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (header.Length == 0)
        {
            return null;
        }

        var trimmed = header.Trim();
        if (trimmed.StartsWith("W/", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return long.TryParse(trimmed.Trim('"'), out var version) && version > 0
            ? version
            : throw new Rejected(StatusCodes.Status400BadRequest, "Invalid If-Match", $"If-Match must be a version as given in the ETag, like \"3\"; got {header}.", "If-Match");
    }

    private static string? IdempotencyId(HttpContext http)
    {
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length == 0)
        {
            return null;
        }

        if (key.Length > 100)
        {
            throw new Rejected(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", "Idempotency-Key may be at most 100 characters.", IdempotencyHeader);
        }

        // Keys are scoped per user, so one user's key never replays another user's answer.
        var user = CurrentUser.From(http.User)?.UserId ?? "anonymous";
        return $"{user}|{key}";
    }

    private static IResult Replay(HttpContext http, IdempotentRequest earlier)
    {
        if (earlier.Method != http.Request.Method || earlier.Path != http.Request.Path)
        {
            throw new Rejected(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                $"This Idempotency-Key was used for {earlier.Method} {earlier.Path}; use a new key for another request.", IdempotencyHeader);
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        object? body = earlier.Body is null ? null : JsonDocument.Parse(earlier.Body).RootElement;
        return Render(http, earlier.StatusCode, body, earlier.Location, earlier.Version);
    }

    private static IResult Render(HttpContext http, int statusCode, object? body, string? location, long version)
    {
        http.Response.SetETag(version);
        if (location is not null)
        {
            http.Response.Headers.Location = location;
        }

        return TypedResults.Json(body, statusCode: statusCode);
    }
}
