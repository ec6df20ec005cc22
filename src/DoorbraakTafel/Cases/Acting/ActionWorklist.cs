using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace DoorbraakTafel.Cases.Acting;

/// <summary>One action as its owner's worklist shows it; built asynchronously from the case streams.</summary>
public sealed record ActionItem(Guid Id, Guid CaseId, CategorisedText Description, string OwnerUserId, string OwnerOrganisationId, DateOnly Due, Vuistregel Vuistregel, ActionStatus Status);

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

internal static class ActionWorklist
{
    /// <summary>My open and overdue actions, the most urgent first.</summary>
    public static async Task<IReadOnlyList<ActionItem>> Mine(CurrentUser user, IQuerySession query, CancellationToken cancellationToken) =>
        await query.Query<ActionItem>()
            .Where(a => a.OwnerUserId == user.UserId && a.Status != ActionStatus.Done)
            .OrderBy(a => a.Due)
            .ToListAsync(cancellationToken);
}
