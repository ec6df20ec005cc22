using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using Marten;

namespace DoorbraakTafel.Cases.Acting;

/// <summary>The owner (or a colleague of the owner's organisation, or a chair of a table where the case is on the agenda) finishes an action with a note.</summary>
internal static class CompleteAction
{
    public sealed record Request([property: Text(2000, MultiLine = true)] string? Note);

    public static object[] Decide(Case state, Guid actionId, string? note, Participant by, IReadOnlySet<Guid> tablesChairedBy, DateTimeOffset now)
    {
        if (!state.Actions.TryGetValue(actionId, out var action))
        {
            throw Rejected.NotFound("Action", actionId);
        }

        // Who may complete it is checked before its state, so a refusal tells nothing of that state.
        if (action.Owner.OrganisationId != by.OrganisationId && !state.Tables.Overlaps(tablesChairedBy))
        {
            throw Rejected.Forbidden(
                "Only the owner's organisation or a chair of a table where the case is on the agenda completes an action.",
                "Alleen de organisatie die de actie uitvoert, of de voorzitter, kan de actie afronden.");
        }

        if (action.Status == ActionStatus.Done)
        {
            throw Rejected.Conflict($"Action {actionId} is already done.", "Deze actie is al klaar.");
        }

        return [new ActionCompleted(state.Id, actionId, note, by, now)];
    }

    public static async Task<IResult> Handle(Guid actionId, Request request, CurrentUser user, TimeProvider clock, IQuerySession query, HttpContext http)
    {
        var errors = Http.Errors();
        var note = errors.OptionalText("note", request.Note, 2000);
        errors.ThrowIfAny();

        var caseId = await CaseOfAsync(query, actionId, http.RequestAborted);
        var chaired = await query.TablesChairedByAsync(user, http.RequestAborted);
        return await CaseWork.Change(http, caseId, state => Decide(state, actionId, note, user.AsParticipant(), chaired, clock.GetUtcNow()));
    }

    /// <summary>The case an action belongs to; the API and the pages both find it this way.</summary>
    public static async Task<Guid> CaseOfAsync(IQuerySession query, Guid actionId, CancellationToken cancellationToken)
    {
        var caseId = await query.Query<CaseDetails>()
            .Where(c => c.Actions.Any(a => a.Id == actionId))
            .Select(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return caseId == Guid.Empty ? throw Rejected.NotFound("Action", actionId) : caseId;
    }
}
