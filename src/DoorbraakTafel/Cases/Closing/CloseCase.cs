using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Cases.Closing;

/// <summary>Closing a case: where it ends on each of the five rules of thumb, a summary, and when to look again.</summary>
internal static class CloseCase
{
    public sealed record OutcomeRequest(Vuistregel? Vuistregel, VuistregelStatus? Status, [property: Text(1000, MultiLine = true)] string? Note);

    public sealed record Request(
        IReadOnlyList<OutcomeRequest>? Outcomes, [property: Text(4000, MultiLine = true)] string? Summary, DataCategory? SummaryCategory, DateOnly? FollowUpOn);

    public static object[] Decide(Case state, IReadOnlyList<VuistregelOutcome> outcomes, CategorisedText summary, DateOnly? followUpOn, Participant by, DateOnly today, DateTimeOffset now)
    {
        state.EnsureOpen();
        var missing = Enum.GetValues<Vuistregel>().Except(outcomes.Select(o => o.Vuistregel)).ToList();
        if (missing.Count > 0)
        {
            throw Rejected.Invalid("outcomes", $"A case closes with an outcome on all five rules of thumb; missing: {string.Join(", ", missing)}.");
        }

        if (outcomes.GroupBy(o => o.Vuistregel).Any(g => g.Count() > 1))
        {
            throw Rejected.Invalid("outcomes", "Give one outcome per rule of thumb.");
        }

        if (followUpOn < today)
        {
            throw Rejected.Invalid("followUpOn", "The follow-up date has passed; choose today or later.");
        }

        return [new CaseClosed(state.Id, outcomes, summary, followUpOn, by, now)];
    }

    public static Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var summary = errors.RequireText("summary", request.Summary);
        if (request.Outcomes is null || request.Outcomes.Any(o => o.Vuistregel is null || o.Status is null))
        {
            errors["outcomes"] = ["'outcomes' is required: one { vuistregel, status, note } per rule of thumb."];
        }

        errors.ThrowIfAny();
        var outcomes = request.Outcomes!.Select(o => new VuistregelOutcome(o.Vuistregel!.Value, o.Status!.Value, o.Note?.Trim())).ToList();
        return CaseWork.Change(http, id, state => Decide(state, outcomes, new CategorisedText(summary, request.SummaryCategory ?? DataCategory.Ondersteuning),
            request.FollowUpOn, user.AsParticipant(), clock.Today(), clock.GetUtcNow()));
    }
}
