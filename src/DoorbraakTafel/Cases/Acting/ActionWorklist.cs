using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace DoorbraakTafel.Cases.Acting;

/// <summary>One action as its owner's worklist shows it; built asynchronously from the case streams.</summary>
public sealed record ActionItem(Guid Id, Guid CaseId, CategorisedText Description, [property: NonPersonal("a user id")] string OwnerUserId, [property: NonPersonal("an organisation id")] string OwnerOrganisationId, DateOnly Due, Vuistregel Vuistregel, ActionStatus Status);

internal sealed class ActionItemProjection : MultiStreamProjection<ActionItem, Guid>
{
    public ActionItemProjection()
    {
        Identity<ActionAssigned>(e => e.ActionId);
        Identity<ActionCompleted>(e => e.ActionId);
        Identity<ActionMarkedOverdue>(e => e.ActionId);
    }

    public static ActionItem Create(ActionAssigned e) =>
        new(e.ActionId, e.CaseId, e.Description, e.Owner.UserId, e.Owner.OrganisationId, e.Due, e.Vuistregel, ActionStatus.Open);

    public static ActionItem Apply(ActionCompleted e, ActionItem item) => item with { Status = ActionStatus.Done };

    public static ActionItem Apply(ActionMarkedOverdue e, ActionItem item) => item with { Status = ActionStatus.Overdue };
}

/// <summary>One of my actions as my worklist shows it: its case by alias, and title and description as the privacy gate lets me see them (none without access to the case).</summary>
public sealed record WorklistEntry(
    Guid Id, Guid CaseId, [property: NonPersonal("the case alias, not derived from the resident")] string Alias, [property: NeedToKnowText("the case's title, shown on need to know")] string? Title, CategorisedText? Description, DateOnly Due, Vuistregel Vuistregel, ActionStatus Status, bool Overdue);

internal static class ActionWorklist
{
    /// <summary>My open and overdue actions for the API, as the worklist page shows them.</summary>
    public static Task<IReadOnlyList<WorklistEntry>> Mine(CurrentUser user, IQuerySession query, PrivacyGate gate, TimeProvider clock, CancellationToken cancellationToken) =>
        MineAsync(user, query, gate, Channel.Api, clock.Today(), cancellationToken);

    /// <summary>
    /// My open and overdue actions, the most urgent first; each case read through the privacy gate,
    /// so a description shows only as the gate lets me see it, and the read is logged.
    /// </summary>
    public static async Task<IReadOnlyList<WorklistEntry>> MineAsync(
        CurrentUser user, IQuerySession query, PrivacyGate gate, Channel channel, DateOnly today, CancellationToken cancellationToken)
    {
        var mine = await query.Query<ActionItem>()
            .Where(a => a.OwnerUserId == user.UserId && a.Status != ActionStatus.Done)
            .ToListAsync(cancellationToken);
        var entries = new List<WorklistEntry>();
        foreach (var group in mine.GroupBy(a => a.CaseId))
        {
            CaseView? view = null;
            try
            {
                view = await gate.ViewCaseAsync(group.Key, user, channel, cancellationToken);
            }
            catch (Rejected rejected) when (rejected.Status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound)
            {
                // Without access an action shows its date and status only, never its words.
            }

            entries.AddRange(group.Select(action => new WorklistEntry(
                action.Id, action.CaseId, view?.Alias ?? "Casus", view?.Case.Title, view?.Case.Actions.FirstOrDefault(a => a.Id == action.Id)?.Description,
                action.Due, action.Vuistregel, action.Status, action.Status == ActionStatus.Overdue || action.Due < today)));
        }

        return [.. entries.OrderBy(e => e.Due)];
    }
}
