using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;

namespace DoorbraakTafel.Cases.Proposing;

/// <summary>Agree, abstain or object to a proposal; an objection needs a reason. A later position replaces an earlier one.</summary>
internal static class TakePosition
{
    public sealed record Request(Position? Position, [property: Text(1000, MultiLine = true)] string? Reason);

    public static object[] Decide(Case state, Guid proposalId, Position position, string? reason, Participant by, DateTimeOffset now)
    {
        state.EnsureOpen();
        if (!state.Proposals.Contains(proposalId))
        {
            throw Rejected.NotFound("Proposal", proposalId);
        }

        if (position == Position.Object && reason is null)
        {
            throw Rejected.Invalid("reason", "An objection needs a reason, so the table can weigh it.");
        }

        return [new PositionTaken(state.Id, proposalId, position, reason, by, now)];
    }

    public static Task<IResult> Handle(Guid id, Guid proposalId, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var position = errors.Require("position", request.Position);
        var reason = errors.OptionalText("reason", request.Reason, 1000);
        errors.ThrowIfAny();

        return CaseWork.Change(http, id, state => Decide(state, proposalId, position, reason, user.AsParticipant(), clock.GetUtcNow()));
    }
}
