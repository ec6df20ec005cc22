using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using Marten;

namespace DoorbraakTafel.Cases.Timeline;

/// <summary>
/// Every step on a case, in order, with who and when: the audit trail of the table's work. Read
/// through the privacy gate like the case itself: who may not see the case gets 403, a sharing's
/// weighing passes with the category of what was shared, and the read is logged.
/// </summary>
internal static class CaseTimeline
{
    public sealed record Actor([property: NonPersonal("a user id")] string? UserId, [property: NonPersonal("a role")] string? Role, [property: NonPersonal("an organisation id")] string? Organisation);

    /// <summary>
    /// One step; <see cref="Weighing"/> is the sharing organisation's weighing where the step shared personal data, as the gate lets the viewer see it;
    /// <see cref="Problem"/> says in Dutch that the step could not be read (its type is then <see cref="UnreadableStep"/>).
    /// </summary>
    public sealed record Entry(
        long Version, long Sequence, [property: NonPersonal("an event type name")] string Type, DateTimeOffset Time, Actor By, [property: NonPersonal("a trace id")] string? CorrelationId, SharingWeighing? Weighing,
        [property: NonPersonal("a sentence of the app's own")] string? Problem = null);

    public static async Task<IResult> Handle(
        Guid id, CurrentUser user, PrivacyGate gate, IQuerySession session, StoredEvents stored, HttpResponse response, CancellationToken cancellationToken)
    {
        var weighings = (await gate.ViewCaseAsync(id, user, Channel.Api, cancellationToken)).Case.Contributions.ToDictionary(c => c.Id, c => c.Weighing);
        var events = await stored.StreamAsync(session, id, cancellationToken);

        response.SetETag(events[^1].Version);
        return TypedResults.Ok(events.Select(e => new Entry(
            e.Version,
            e.Sequence,
            e.EventType.Name,
            e.Timestamp,
            new Actor(e.UserName, Header(e, RequestSessionFactory.RoleHeader), Header(e, RequestSessionFactory.OrganisationHeader)),
            e.CorrelationId,
            // A contribution added after the gate's read is not in its view: no weighing, none logged.
            e.Data is ContributionAdded added ? weighings.GetValueOrDefault(added.ContributionId) : null,
            e.Data is UnreadableStep ? UnreadableStep.Sentence + "." : null)));
    }

    private static string? Header(JasperFx.Events.IEvent e, string key) => e.GetHeader(key)?.ToString();
}
