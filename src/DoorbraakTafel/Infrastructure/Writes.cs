using System.Security.Cryptography;
using System.Text.Json;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;

namespace DoorbraakTafel.Infrastructure;

/// <summary>What a write answers: status, body, where the thing lives, and the stream version for the ETag (0 for a document, which has none).</summary>
public sealed record WriteAnswer(int StatusCode, object? Body, string? Location, long Version)
{
    public static WriteAnswer Created(string location, object body, long version) => new(StatusCodes.Status201Created, body, location, version);

    public static WriteAnswer Ok(object body, long version) => new(StatusCodes.Status200OK, body, null, version);
}

/// <summary>What a write to one stream answers (a table, a meeting, a consent, a case opened): its id and its version after the write, which the ETag carries too.</summary>
public sealed record Written(Guid Id, long Version);

/// <summary>What a document stored whole answers (a resident, a team): its id.</summary>
public sealed record Saved(Guid Id);

/// <summary>
/// A stored answer to a request with an Idempotency-Key, saved in the same transaction as the
/// events it answers, so a retry replays it and writes nothing new.
/// </summary>
/// <param name="RequestHash">The SHA-256 of the request's body, so the key used again with another body is refused (422), not answered.</param>
public sealed record IdempotentRequest(
    [property: NonPersonal("the client\'s idempotency key")] string Id, [property: NonPersonal("an HTTP method")] string Method, [property: NonPersonal("a request path: ids only")] string Path, int StatusCode,
    [property: NonPersonal("a write\'s answer: ids and versions, never a text (WriteAnswer)")] string? Body, [property: NonPersonal("a path: ids only")] string? Location, long Version, DateTimeOffset At,
    [property: NonPersonal("a SHA-256 of the request body, in hex")] string? RequestHash = null);

/// <summary>
/// A stream's document that has not applied every event its stream holds (events stored other than
/// through the app's appends, as by an older version): <see cref="Writes"/> repairs it and decides
/// the write again on the repaired document.
/// </summary>
public sealed class DocumentBehindItsStream(Guid streamId, Func<IServiceProvider, CancellationToken, Task> repair)
    : Exception($"The document of stream {streamId} has not applied every event of its stream.")
{
    public Task RepairAsync(IServiceProvider services, CancellationToken cancellationToken) => repair(services, cancellationToken);
}

/// <summary>
/// The one write path of the API: If-Match for optimistic concurrency, Idempotency-Key for
/// safe retries, then the slice's own work (fetch, decide, append) and its answer.
/// </summary>
public static class Writes
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>A key's longest length: room for any UUID or ULID with a prefix, too short to store a body in (docs/decisions.md).</summary>
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>Each round of writers racing on one stream lets one through; a table has some twenty people.</summary>
    private const int MaxAttempts = 25;

    /// <param name="work">Fetches with the expected version (null when the client sent no If-Match), appends and answers.</param>
    public static async Task<IResult> Run(HttpContext http, Func<IDocumentSession, long?, Task<WriteAnswer>> work)
    {
        var expectedVersion = ParseIfMatch(http.Request);
        var key = IdempotencyId(http);
        var hash = key is null ? null : await RequestHashAsync(http.Request);
        try
        {
            var answer = await Write(http, expectedVersion, key is null ? null : (key, hash!), work);
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
                return Replay(http, earlier, hash!);
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

    /// <summary>
    /// Refuses a malformed Idempotency-Key on any request, and keeps the body of a request with a
    /// key readable after the endpoint has bound it, so <see cref="Run"/> can hash it: a key names
    /// one request, body included.
    /// </summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (ParseKey(context.Request) is not null)
        {
            context.Request.EnableBuffering();
        }

        return next(context);
    });

    private static async Task<WriteAnswer> Write(HttpContext http, long? expectedVersion, (string Id, string Hash)? key, Func<IDocumentSession, long?, Task<WriteAnswer>> work)
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
                if (key is { } idempotency)
                {
                    session.Insert(new IdempotentRequest(idempotency.Id, http.Request.Method, http.Request.Path, answer.StatusCode,
                        answer.Body is null ? null : JsonSerializer.Serialize(answer.Body, answer.Body.GetType(), json),
                        answer.Location, answer.Version, DateTimeOffset.UtcNow, idempotency.Hash));
                }

                await session.SaveChangesAsync(http.RequestAborted);
                return answer;
            }
            catch (ConcurrencyException) when (expectedVersion is null && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(2, 10 * attempt), http.RequestAborted);
            }
            catch (DocumentBehindItsStream behind) when (attempt < MaxAttempts)
            {
                await behind.RepairAsync(http.RequestServices, http.RequestAborted);
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

    /// <summary>
    /// The key as the IETF draft on the Idempotency-Key header has it: one Structured Field String
    /// of printable ASCII ("8e03978e-…" in quotes; a bare token such as an unquoted UUID is taken
    /// as well), at most <see cref="MaxIdempotencyKeyLength"/> characters. Anything else (two keys,
    /// a list, an empty key) is refused with 400, never cut or ignored.
    /// </summary>
    private static string? ParseKey(HttpRequest request)
    {
        var values = request.Headers[IdempotencyHeader];
        if (values.Count == 0)
        {
            return null;
        }

        var key = values.Count == 1 ? values[0]?.Trim() ?? "" : "";
        var quoted = key.Length >= 2 && key[0] == '"' && key[^1] == '"';
        if (quoted)
        {
            key = key[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        }

        if (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(c => quoted ? c is < ' ' or > '~' : !IsTokenCharacter(c)))
        {
            throw new Rejected(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                $"Send one Idempotency-Key of 1 to {MaxIdempotencyKeyLength} printable ASCII characters, such as a UUID: \"8e03978e-40d5-43e8-bc93-6894a57f9324\".",
                IdempotencyHeader);
        }

        return key;
    }

    /// <summary>A character of a Structured Field Token (RFC 9651): a bare key is one token, so "a, b" is two keys, not one.</summary>
    private static bool IsTokenCharacter(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~:/".Contains(c);

    private static string? IdempotencyId(HttpContext http)
    {
        if (ParseKey(http.Request) is not { } key)
        {
            return null;
        }

        // Keys are scoped per user, so one user's key never replays another user's answer.
        var user = CurrentUser.From(http.User)?.UserId ?? "anonymous";
        return $"{user}|{key}";
    }

    private static async Task<string> RequestHashAsync(HttpRequest request)
    {
        if (!request.Body.CanSeek)
        {
            return "";
        }

        request.Body.Position = 0;
        var hash = await SHA256.HashDataAsync(request.Body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return Convert.ToHexString(hash);
    }

    private static IResult Replay(HttpContext http, IdempotentRequest earlier, string hash)
    {
        if (earlier.Method != http.Request.Method || earlier.Path != http.Request.Path)
        {
            throw new Rejected(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                $"This Idempotency-Key was used for {earlier.Method} {earlier.Path}; use a new key for another request.", IdempotencyHeader);
        }

        if (earlier.RequestHash is { } earlierHash && earlierHash != hash)
        {
            throw new Rejected(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                "This Idempotency-Key was used with another request body; a retry sends the same body, another request a new key.", IdempotencyHeader);
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        object? body = earlier.Body is null ? null : JsonDocument.Parse(earlier.Body).RootElement;
        return Render(http, earlier.StatusCode, body, earlier.Location, earlier.Version);
    }

    private static IResult Render(HttpContext http, int statusCode, object? body, string? location, long version)
    {
        if (version > 0)
        {
            http.Response.SetETag(version);
        }

        if (location is not null)
        {
            http.Response.Headers.Location = location;
        }

        return TypedResults.Json(body, statusCode: statusCode);
    }
}
