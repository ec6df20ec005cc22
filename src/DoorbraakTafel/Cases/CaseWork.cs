using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using Marten;

namespace DoorbraakTafel.Cases;

/// <summary>The shared shape of every write to an existing case: decide on its state, append, answer.</summary>
internal static class CaseWork
{
    public static Participant AsParticipant(this CurrentUser user) => new(user.UserId, user.OrganisationId);

    /// <summary>
    /// Fetches the case document for writing, decides on the case's write state read off it, and
    /// appends what <paramref name="decide"/> returns; gives the new version. Saved by <see cref="Writes.Run"/>.
    /// </summary>
    public static Task<long> DecideOnCase(this IDocumentSession session, Guid caseId, long? expectedVersion, Func<Case, IReadOnlyList<object>> decide, CancellationToken cancellationToken) =>
        session.Decide<CaseDetails>(caseId, expectedVersion, "Case", details => decide(Case.Of(details)), cancellationToken);

    /// <summary>Appends what <paramref name="decide"/> returns and answers 201 with the created id.</summary>
    public static Task<IResult> Create(HttpContext http, Guid caseId, Guid createdId, Func<Case, IReadOnlyList<object>> decide) =>
        Writes.Run(http, async (session, expected) =>
        {
            var version = await session.DecideOnCase(caseId, expected, decide, http.RequestAborted);
            return WriteAnswer.Created($"/api/cases/{caseId}", new { id = createdId, caseId, version }, version);
        });

    /// <summary>Appends what <paramref name="decide"/> returns and answers 200 with the new version.</summary>
    public static Task<IResult> Change(HttpContext http, Guid caseId, Func<Case, IReadOnlyList<object>> decide) =>
        Writes.Run(http, Changing(caseId, decide, http.RequestAborted));

    /// <summary>The same write for a web page's form post: decide on the case's state, append, save.</summary>
    public static Task<WriteAnswer> FromPage(HttpContext http, Guid caseId, Func<Case, IReadOnlyList<object>> decide) =>
        Writes.ForPage(http, Changing(caseId, decide, http.RequestAborted));

    private static Func<IDocumentSession, long?, Task<WriteAnswer>> Changing(Guid caseId, Func<Case, IReadOnlyList<object>> decide, CancellationToken cancellationToken) =>
        async (session, expected) =>
        {
            var version = await session.DecideOnCase(caseId, expected, decide, cancellationToken);
            return WriteAnswer.Ok(new { caseId, version }, version);
        };
}
