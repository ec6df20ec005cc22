using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Cases.Proposing;

/// <summary>A proposed solution that participants take a position on, as in Loomio.</summary>
internal static class MakeProposal
{
    public sealed record Request([property: Text(4000, MultiLine = true)] string? Text, DataCategory? Category);

    public static object[] Decide(Case state, Guid proposalId, CategorisedText text, Participant by, DateTimeOffset now)
    {
        state.EnsureOpen();
        return [new ProposalMade(state.Id, proposalId, text, by, now)];
    }

    public static Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var text = errors.RequireText("text", request.Text);
        var category = errors.Require("category", request.Category);
        errors.ThrowIfAny();

        var proposalId = Guid.CreateVersion7();
        return CaseWork.Create(http, id, proposalId, state => Decide(state, proposalId, new CategorisedText(text, category), user.AsParticipant(), clock.GetUtcNow()));
    }
}
