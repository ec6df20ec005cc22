using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Infrastructure;
using Marten;

namespace DoorbraakTafel.Cases.Acting;

/// <summary>
/// The daily job: a reminder for open actions due within <see cref="DaysAhead"/> days, and
/// open actions past their due date marked overdue. Runs again without doubling anything.
/// </summary>
public sealed class ActionReminders(IDocumentStore store, TimeProvider clock, ILogger<ActionReminders> logger)
{
    public const int DaysAhead = 2;
    public const string JobUser = "system:action-reminders";

    public static object[] Decide(Case state, DateOnly today, DateTimeOffset now)
    {
        if (state.IsClosed)
        {
            return [];
        }

        var events = new List<object>();
        foreach (var (actionId, action) in state.Actions.Where(a => a.Value.Status == ActionStatus.Open).OrderBy(a => a.Key))
        {
            if (action.Due < today)
            {
                events.Add(new ActionMarkedOverdue(state.Id, actionId, action.Due, now));
            }
            else if (!action.Reminded && action.Due <= today.AddDays(DaysAhead))
            {
                events.Add(new ActionReminderRecorded(state.Id, actionId, action.Due, now));
            }
        }

        return [.. events];
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var today = clock.Today();
        await using var query = store.QuerySession();
        var candidates = await query.Query<CaseDetails>()
            .Where(c => c.Status != CaseStatus.Afgesloten)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);

        var written = 0;
        foreach (var caseId in candidates)
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = JobUser;
            var stream = await session.Events.FetchForWriting<CaseDetails>(caseId, cancellationToken);
            var events = Decide(Case.Of(stream.Aggregate!), today, clock.GetUtcNow());
            if (events.Length == 0)
            {
                continue;
            }

            stream.AppendMany(events);
            await session.SaveChangesAsync(cancellationToken);
            written += events.Length;
        }

        logger.LogInformation("Action reminders for {Today}: {Count} events over {Cases} open cases", today, written, candidates.Count);
    }
}
