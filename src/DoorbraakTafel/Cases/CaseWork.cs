using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Tables;
using JasperFx.Events;
using Marten;

namespace DoorbraakTafel.Cases;

/// <summary>Who changes a case, and when: checked for need to know before the change is decided.</summary>
public sealed record CaseWorker(CurrentUser User, DateTimeOffset Now, TimeSpan FollowUpAfterClose)
{
    public static CaseWorker Of(HttpContext http) => new(
        CurrentUser.From(http.User) ?? throw new InvalidOperationException("Case work is only reached signed in."),
        http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
        http.RequestServices.GetRequiredService<SharingPolicy>().FollowUpAfterClose);
}

/// <summary>What a change to a case answers: the case and its version after the write, which the ETag carries too.</summary>
public sealed record CaseWritten(Guid CaseId, long Version);

/// <summary>What a write that adds to a case answers (a decision, an action, a signal): the new item's id, the case and its version after the write.</summary>
public sealed record CaseItemCreated(Guid Id, Guid CaseId, long Version);

/// <summary>The shared shape of every write to an existing case: decide on its state, append, answer.</summary>
internal static class CaseWork
{
    public static Participant AsParticipant(this CurrentUser user) => new(user.UserId, user.OrganisationId);

    /// <summary>The tables the user chairs: a chair's part in a case (recording decisions, completing others' actions) is at the case's own tables.</summary>
    public static async Task<IReadOnlySet<Guid>> TablesChairedByAsync(this IQuerySession query, CurrentUser user, CancellationToken cancellationToken) =>
        (await query.Query<TableDetails>().Where(t => t.Chairs.Contains(user.UserId)).Select(t => t.Id).ToListAsync(cancellationToken)).ToHashSet();

    /// <summary>
    /// A participant's change to a case: fetches the case document for writing together with what
    /// says whether <paramref name="worker"/> may change it (one round trip), refuses anyone who may
    /// not see its content (403: need to know, as for reading), decides on the case's write state
    /// read off the document, and appends what <paramref name="decide"/> returns; gives the new
    /// version. Saved by <see cref="Writes.Run"/>.
    /// </summary>
    /// <param name="alsoMay">Lets the write through on other grounds as well: a chair scheduling a case brought in by an organisation at the table.</param>
    public static async Task<long> WorkOnCase(
        this IDocumentSession session, CaseWorker worker, Guid caseId, long? expectedVersion, Func<Case, IReadOnlyList<object>> decide, CancellationToken cancellationToken,
        Func<CaseDetails, bool>? alsoMay = null)
    {
        var batch = session.CreateBatchQuery();
        var fetching = batch.Events.FetchForWriting<CaseDetails>(caseId);
        var access = PrivacyGate.QueueWriterAccess(batch, caseId, worker.User, worker.Now, worker.FollowUpAfterClose);
        await batch.Execute(cancellationToken);
        var stream = EnsureDocumentCurrent(await fetching);
        var assess = await access;
        IReadOnlySet<string>? knowing = null;
        if (stream.Aggregate is { } details)
        {
            var (mayWork, withNeedToKnow) = assess(details);
            if (mayWork.Access != Access.Content && alsoMay?.Invoke(details) != true)
            {
                throw Rejected.ForbiddenInDutch(mayWork.Explanation);
            }

            knowing = withNeedToKnow;
        }

        return Writes.Decide<CaseDetails>(stream, expectedVersion, "Case", details => decide(Case.Of(details, knowing)));
    }

    /// <summary>
    /// A change to a case that its caller has authorised on other grounds (a chair of the table
    /// taking up a case on its agenda): fetches, decides and appends as <see cref="WorkOnCase"/> does.
    /// </summary>
    public static async Task<long> DecideOnCase(this IDocumentSession session, Guid caseId, long? expectedVersion, Func<Case, IReadOnlyList<object>> decide, CancellationToken cancellationToken) =>
        Writes.Decide(EnsureDocumentCurrent(await session.Events.FetchForWriting<CaseDetails>(caseId, cancellationToken)), expectedVersion, "Case", details => decide(Case.Of(details)));

    /// <summary>
    /// A case document that has not applied every event of its stream (stored other than through the
    /// app's appends) is built again from the stream as the app reads it before anyone decides on it,
    /// so a step it cannot read is marked and the write is decided on the whole rest of the case.
    /// </summary>
    private static IEventStream<CaseDetails> EnsureDocumentCurrent(IEventStream<CaseDetails> stream) =>
        stream.Aggregate is { } details && details.Version < stream.StartingVersion
            ? throw new DocumentBehindItsStream(stream.Id, (services, cancellationToken) => services.GetRequiredService<CaseDocuments>().RebuildAsync(stream.Id, cancellationToken))
            : stream;

    /// <summary>
    /// Describes a write that adds to a case (<see cref="Create"/>): 201 with <see cref="CaseItemCreated"/>,
    /// If-Match, and 409 for a case that takes no changes (closed).
    /// </summary>
    public static RouteHandlerBuilder AddsToCase(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<CaseItemCreated>(StatusCodes.Status201Created).TakesIfMatch().ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>Describes a change to a case (<see cref="Change"/>): 200 with <see cref="CaseWritten"/>, If-Match, and 409 when the case's state refuses it.</summary>
    public static RouteHandlerBuilder ChangesCase(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<CaseWritten>().TakesIfMatch().ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>Appends what <paramref name="decide"/> returns and answers 201 with the created id.</summary>
    public static Task<IResult> Create(HttpContext http, Guid caseId, Guid createdId, Func<Case, IReadOnlyList<object>> decide) =>
        Writes.Run(http, async (session, expected) =>
        {
            var version = await session.WorkOnCase(CaseWorker.Of(http), caseId, expected, decide, http.RequestAborted);
            return WriteAnswer.Created($"/api/cases/{caseId}", new CaseItemCreated(createdId, caseId, version), version);
        });

    /// <summary>Appends what <paramref name="decide"/> returns and answers 200 with the new version.</summary>
    public static Task<IResult> Change(HttpContext http, Guid caseId, Func<Case, IReadOnlyList<object>> decide) =>
        Writes.Run(http, Changing(http, caseId, decide));

    /// <summary>The same write for a web page's form post: decide on the case's state, append, save.</summary>
    public static Task<WriteAnswer> FromPage(HttpContext http, Guid caseId, Func<Case, IReadOnlyList<object>> decide) =>
        Writes.ForPage(http, Changing(http, caseId, decide));

    private static Func<IDocumentSession, long?, Task<WriteAnswer>> Changing(HttpContext http, Guid caseId, Func<Case, IReadOnlyList<object>> decide) =>
        async (session, expected) =>
        {
            var version = await session.WorkOnCase(CaseWorker.Of(http), caseId, expected, decide, http.RequestAborted);
            return WriteAnswer.Ok(new CaseWritten(caseId, version), version);
        };
}
