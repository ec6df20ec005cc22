using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Meetings;

/// <summary>
/// Tables meet every two weeks: for a table with no meeting ahead, propose the date two weeks
/// after its last one. The chair still plans it; this only puts the date on the table's page.
/// </summary>
public sealed class ProposeNextMeetings(IDocumentStore store, TimeProvider clock)
{
    public const int IntervalDays = 14;

    public static object[] Decide(TableDetails table, IReadOnlyList<MeetingBoard> meetings, DateOnly today, DateTimeOffset now)
    {
        if (meetings.Any(m => m.Date >= today && m.Status != MeetingStatus.Closed))
        {
            return [];
        }

        var last = meetings.Count == 0 ? today : meetings.Max(m => m.Date);
        var next = last.AddDays(IntervalDays);
        while (next < today)
        {
            next = next.AddDays(IntervalDays);
        }

        return table.ProposedNextMeeting == next ? [] : [new NextMeetingProposed(table.Id, next, now)];
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = "system:propose-next-meetings";
        var tables = await session.Query<TableDetails>().ToListAsync(cancellationToken);
        var meetings = (await session.Query<MeetingBoard>().ToListAsync(cancellationToken)).ToLookup(m => m.TableId);
        foreach (var table in tables)
        {
            var events = Decide(table, [.. meetings[table.Id]], clock.Today(), clock.GetUtcNow());
            if (events.Length > 0)
            {
                session.Events.Append(table.Id, events);
            }
        }

        await session.SaveChangesAsync(cancellationToken);
    }
}
