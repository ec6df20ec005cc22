using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;

namespace DoorbraakTafel.Cases.Acting;

/// <summary>Who does what by when, and which of the five rules of thumb it serves.</summary>
internal static class AssignAction
{
    public sealed record Request(
        [property: Text(1000, MultiLine = true)] string? Description, [property: Text(100)] string? OwnerUserId, [property: Text(100)] string? OwnerOrganisationId, DateOnly? Due, Vuistregel? Vuistregel);

    public sealed record Command(Guid ActionId, string Description, Participant Owner, DateOnly Due, Vuistregel Vuistregel, Participant By, DateOnly Today, DateTimeOffset Now);

    public static object[] Decide(Case state, Command command)
    {
        state.EnsureOpen();
        // An action is given only to an organisation that knows the case already, so giving one widens nothing.
        if (!state.Knowing.Contains(command.Owner.OrganisationId))
        {
            throw Rejected.Invalid(
                "ownerOrganisationId",
                $"Organisation {command.Owner.OrganisationId} has no need to know of this case; a chair of its table may involve it first.",
                "Deze organisatie is niet bij de casus betrokken. De voorzitter kan haar eerst bij de casus betrekken.");
        }

        if (command.Due < command.Today)
        {
            throw Rejected.Invalid("due", $"The due date {command.Due:yyyy-MM-dd} has passed; choose today or later.");
        }

        var description = new Privacy.CategorisedText(command.Description, Assessing.AssessVuistregel.CategoryOf(command.Vuistregel));
        return [new ActionAssigned(state.Id, command.ActionId, description, command.Owner, command.Due, command.Vuistregel, command.By, command.Now)];
    }

    public static Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var description = errors.RequireText("description", request.Description, 1000);
        var due = errors.Require("due", request.Due);
        var vuistregel = errors.Require("vuistregel", request.Vuistregel);
        var ownerUser = errors.OptionalText("ownerUserId", request.OwnerUserId, 100) ?? user.UserId;
        var ownerOrganisation = errors.OptionalText("ownerOrganisationId", request.OwnerOrganisationId, 100) ?? user.OrganisationId;
        errors.ThrowIfAny();

        var command = new Command(Guid.CreateVersion7(), description, new Participant(ownerUser, ownerOrganisation), due, vuistregel,
            user.AsParticipant(), clock.Today(), clock.GetUtcNow());
        return CaseWork.Create(http, id, command.ActionId, state => Decide(state, command));
    }
}
