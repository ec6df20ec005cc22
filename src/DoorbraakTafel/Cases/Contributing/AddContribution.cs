using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Cases.Contributing;

/// <summary>A participant's input on a case, in a meeting or between meetings.</summary>
internal static class AddContribution
{
    public sealed record Request(string? Text, DataCategory? Category, Guid? MeetingId);

    public static object[] Decide(Case state, Guid contributionId, CategorisedText text, Participant by, Guid? meetingId, DateTimeOffset now)
    {
        state.EnsureOpen();
        return [new ContributionAdded(state.Id, contributionId, text, by, meetingId, now)];
    }

    public static Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var text = errors.RequireText("text", request.Text);
        var category = errors.Require("category", request.Category);
        errors.ThrowIfAny();

        var contributionId = Guid.CreateVersion7();
        return CaseWork.Create(http, id, contributionId, state =>
            Decide(state, contributionId, new CategorisedText(text, category), user.AsParticipant(), request.MeetingId, clock.GetUtcNow()));
    }
}
