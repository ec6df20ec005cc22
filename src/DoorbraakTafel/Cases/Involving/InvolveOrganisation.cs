using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using Marten;

namespace DoorbraakTafel.Cases.Involving;

/// <summary>
/// A chair of a table where the case is or was on the agenda involves an organisation that is not at
/// that table: the one way, besides the table itself and the referral, that an organisation comes to
/// know a case (privacy/dpia.md, M1). Reasoned, recorded on the case and visible to the privacy officer.
/// </summary>
internal static class InvolveOrganisation
{
    public sealed record Request(
        [property: Text(100)] string? OrganisationId, [property: Text(200)] string? OrganisationName, OrganisationType? OrganisationType,
        [property: Text(1000, MultiLine = true)] string? Reason, DataCategory? ReasonCategory);

    public sealed record Command(
        Guid DecisionId, string OrganisationId, string OrganisationName, OrganisationType OrganisationType, CategorisedText Reason, Participant By,
        IReadOnlySet<Guid> TablesChairedBy, DateTimeOffset Now);

    public static object[] Decide(Case state, Command command)
    {
        // Who may decide is checked before the case's state, so a refusal tells nothing of that state.
        if (!state.Tables.Overlaps(command.TablesChairedBy))
        {
            throw Rejected.Forbidden(
                "Only a chair of a table where the case is or was on the agenda involves another organisation.",
                "Alleen de voorzitter van een tafel waar de casus op de agenda staat of stond, kan een andere organisatie bij de casus betrekken.");
        }

        state.EnsureOpen();
        if (state.Knowing.Contains(command.OrganisationId))
        {
            throw Rejected.Conflict(
                $"Organisation {command.OrganisationId} already has need to know of the case.",
                "Deze organisatie is al bij de casus betrokken.");
        }

        return [new OrganisationInvolved(state.Id, command.DecisionId, command.OrganisationId, command.OrganisationName, command.OrganisationType, command.Reason, command.By, command.Now)];
    }

    public static async Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, IQuerySession query, HttpContext http)
    {
        var errors = Http.Errors();
        var organisationId = errors.RequireText("organisationId", request.OrganisationId, 100);
        var organisationName = errors.RequireText("organisationName", request.OrganisationName, 200);
        var organisationType = errors.Require("organisationType", request.OrganisationType);
        var reason = errors.RequireText("reason", request.Reason, 1000);
        errors.ThrowIfAny();

        var chaired = await query.TablesChairedByAsync(user, http.RequestAborted);
        var command = new Command(Guid.CreateVersion7(), organisationId, organisationName, organisationType,
            new CategorisedText(reason, request.ReasonCategory ?? DataCategory.Ondersteuning), user.AsParticipant(), chaired, clock.GetUtcNow());
        return await CaseWork.Create(http, id, command.DecisionId, state => Decide(state, command));
    }
}
