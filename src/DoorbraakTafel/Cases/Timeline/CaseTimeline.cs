using DoorbraakTafel.Infrastructure;
using Marten;

namespace DoorbraakTafel.Cases.Timeline;

/// <summary>Every step on a case, in order, with who and when: the audit trail of the table's work.</summary>
internal static class CaseTimeline
{
    public sealed record Actor(string? UserId, string? Role, string? Organisation);

    /// <summary>One step; <see cref="Weighing"/> is the sharing organisation's weighing where the step shared personal data.</summary>
    public sealed record Entry(long Version, long Sequence, string Type, DateTimeOffset Time, Actor By, string? CorrelationId, SharingWeighing? Weighing);

    public static async Task<IResult> Handle(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0)
        {
            throw Rejected.NotFound("Case", id);
        }

        response.SetETag(events[^1].Version);
        return TypedResults.Ok(events.Select(e => new Entry(
            e.Version,
            e.Sequence,
            e.EventType.Name,
            e.Timestamp,
            new Actor(e.UserName, Header(e, RequestSessionFactory.RoleHeader), Header(e, RequestSessionFactory.OrganisationHeader)),
            e.CorrelationId,
            (e.Data as ContributionAdded)?.Weighing)));
    }

    private static string? Header(JasperFx.Events.IEvent e, string key) => e.GetHeader(key)?.ToString();
}
