namespace DoorbraakTafel.Infrastructure;

/// <summary>
/// A command the domain refuses, with the HTTP status and a message the caller can act on.
/// Thrown by decide functions and endpoints; turned into problem details in one place. A refusal
/// of the state or of the user also says in Dutch what a page shows (<see cref="Dutch"/>).
/// </summary>
public sealed class Rejected(int status, string title, string detail, string? field = null, string? dutch = null) : Exception(detail)
{
    /// <summary>The sentence a page shows the user, where the refusal is not about one form field.</summary>
    public string? Dutch { get; } = dutch;

    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Field { get; } = field;

    public static Rejected NotFound(string what, object id, string? dutch = null) =>
        new(StatusCodes.Status404NotFound, $"{what} not found", $"There is no {what.ToLowerInvariant()} with id {id}.", dutch: dutch);

    /// <summary>The command is well-formed but the current state does not allow it (a closed case, an open meeting).</summary>
    public static Rejected Conflict(string detail, string dutch) => new(StatusCodes.Status409Conflict, "Not possible in the current state", detail, dutch: dutch);

    /// <summary>The command breaks a business rule about its own content (a past due date, an objection without reason).</summary>
    public static Rejected Invalid(string field, string detail, string? dutch = null) => new(StatusCodes.Status422UnprocessableEntity, "Business rule violated", detail, field, dutch);

    public static Rejected Stale(string what, long currentVersion) => new(
        StatusCodes.Status412PreconditionFailed,
        "Changed by someone else",
        $"The {what.ToLowerInvariant()} is at version {currentVersion}, not the version in If-Match. Read it again and retry; nothing was written.");

    public static Rejected Forbidden(string detail, string dutch) => new(StatusCodes.Status403Forbidden, "Not allowed", detail, dutch: dutch);

    /// <summary>A refusal explained in Dutch for API and page alike, as the privacy gate explains its verdicts.</summary>
    public static Rejected ForbiddenInDutch(string explanation) => Forbidden(explanation, explanation);
}
