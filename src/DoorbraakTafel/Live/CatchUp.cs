using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using JasperFx.Events;
using Marten;

namespace DoorbraakTafel.Live;

/// <summary>
/// What a client missed, read from the event store: the events of the meeting's stream and of the
/// cases on its agenda after the client's last position, in order. Like the live pushes, case
/// events stop at the meeting's close.
/// </summary>
internal static class CatchUp
{
    /// <summary>A client far behind gets the rest by joining again from the last position given.</summary>
    public const int MaxMessages = 500;

    /// <returns>The missed updates this audience may see, the position read up to, and whether more follow.</returns>
    public static async Task<(IReadOnlyList<LiveUpdate> Missed, long Position, bool More)> SinceAsync(
        IQuerySession query, StoredEvents stored, MeetingBoard board, TableDetails table, Audience audience, long lastSeenPosition, AudienceFilter filter,
        CancellationToken cancellationToken)
    {
        // A meeting's own stream is short; read it whole to know where it closed.
        var meetingEvents = await stored.StreamAsync(query, board.Id, cancellationToken);
        var closedAt = meetingEvents.FirstOrDefault(e => e.Data is MeetingClosed)?.Sequence ?? long.MaxValue;
        var caseIds = board.Agenda.ToArray();
        var caseEvents = caseIds.Length == 0
            ? []
            : await stored.OfStreamsAsync(query, caseIds, lastSeenPosition, closedAt, MaxMessages + 1, cancellationToken);

        var events = meetingEvents.Where(e => e.Sequence > lastSeenPosition).Concat(caseEvents).OrderBy(e => e.Sequence).ToList();
        var cases = await GatedCasesAsync(query, caseEvents.Select(e => e.StreamId).Distinct().ToList(), cancellationToken);
        var missed = new List<LiveUpdate>();
        var position = lastSeenPosition;
        foreach (var @event in events.Take(MaxMessages))
        {
            position = @event.Sequence;
            var update = await LiveUpdates.ForMeetingAsync(query, @event, board, cancellationToken);
            var content = (await filter.ContentForAsync([audience], table, cases.GetValueOrDefault(@event.StreamId), @event.Data, cancellationToken))[0];
            missed.Add(update with { Content = content });
        }

        return (missed, position, events.Count > MaxMessages);
    }

    private static async Task<Dictionary<Guid, GatedCase>> GatedCasesAsync(IQuerySession query, IReadOnlyList<Guid> caseIds, CancellationToken cancellationToken)
    {
        if (caseIds.Count == 0)
        {
            return [];
        }

        var cases = await query.LoadManyAsync<CaseDetails>(cancellationToken, caseIds);
        if (cases.Count == 0)
        {
            return [];
        }

        var batch = query.CreateBatchQuery();
        var facts = PrivacyGate.QueueFacts(batch, cases);
        await batch.Execute(cancellationToken);
        var read = (await facts).Cases;
        return cases.ToDictionary(c => c.Id, c => new GatedCase(c, read[c.Id]));
    }
}
