using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using Marten;

namespace DoorbraakTafel.Cases;

/// <summary>The shared shape of every write to an existing case: decide on its state, append, answer.</summary>
internal static class CaseWork
{
    public static Participant AsParticipant(this CurrentUser user) => new(user.UserId, user.OrganisationId);

    /// <summary>Appends what <paramref name="decide"/> returns and answers 201 with the created id.</summary>
    public static Task<IResult> Create(HttpContext http, Guid caseId, Guid createdId, Func<Case, IReadOnlyList<object>> decide) =>
        Writes.Run(http, async (session, expected) =>
        {
            var version = await session.Decide(caseId, expected, "Case", decide, http.RequestAborted);
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
            var version = await session.Decide(caseId, expected, "Case", decide, cancellationToken);
            return WriteAnswer.Ok(new { caseId, version }, version);
        };
}
