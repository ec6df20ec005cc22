using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using Marten;

namespace DoorbraakTafel.Cases.Deciding;

/// <summary>
/// A recorded decision that was recorded wrong (an amount typed as 50 that was 50.000) is corrected by
/// an event of its own: what changed, why, by whom and when. The decision as recorded and every
/// correction stay in the history (docs/decisions.md: correcting a decision).
/// </summary>
internal static class CorrectDecision
{
    /// <param name="What">The decision's what as it should read; left out or the same: as it was.</param>
    /// <param name="Why">The decision's why as it should read; left out or the same: as it was.</param>
    /// <param name="CostComparison">The whole cost comparison as it should be, replacing the decision's; left out: as it was.</param>
    /// <param name="Reason">Why the decision is corrected: what was recorded wrong.</param>
    public sealed record Request(
        [property: Text(4000, MultiLine = true)] string? What,
        [property: Text(4000, MultiLine = true)] string? Why,
        RecordDecision.CostComparisonRequest? CostComparison,
        [property: Text(1000, MultiLine = true)] string? Reason);

    public sealed record Command(
        Guid CorrectionId, Guid DecisionId, string? What, string? Why, RecordDecision.CostComparisonRequest? CostComparison, string Reason, Participant By,
        IReadOnlySet<Guid> TablesChairedByRecorder, DateTimeOffset Now);

    public static object[] Decide(Case state, Command command)
    {
        // The chair who may record a decision corrects it (DOMAIN.md: roles); checked first, so a refusal tells nothing of the case or its decisions.
        if (!state.Tables.Overlaps(command.TablesChairedByRecorder))
        {
            throw Rejected.ForbiddenInDutch("Alleen een voorzitter van een tafel waar de casus op de agenda staat of stond corrigeert besluiten.");
        }

        state.EnsureOpen();
        if (!state.Decisions.TryGetValue(command.DecisionId, out var decision))
        {
            throw Rejected.NotFound("Decision", command.DecisionId);
        }

        var category = decision.Why.Category;
        var what = Changed(command.What, decision.What);
        var why = Changed(command.Why, decision.Why);
        var comparison = RecordDecision.ToComparison(command.CostComparison, category);
        if (what is null && why is null && comparison is null)
        {
            throw Rejected.Invalid(
                "what", "A correction changes the decision's what, its why or its cost comparison.", "Verbeter minstens één onderdeel: wat er besloten is, waarom, of de kostenvergelijking.");
        }

        return [new DecisionCorrected(state.Id, decision.Id, command.CorrectionId, what, why, comparison, category, command.Reason, command.By, command.Now)];
    }

    /// <summary>The corrected text in the decision's category, or null where it is left out or reads as before.</summary>
    private static CategorisedText? Changed(string? corrected, CategorisedText recorded) =>
        string.IsNullOrWhiteSpace(corrected) || corrected.Trim() == recorded.Text ? null : new CategorisedText(corrected.Trim(), recorded.Category);

    public static async Task<IResult> Handle(Guid id, Guid decisionId, Request request, CurrentUser user, TimeProvider clock, IQuerySession query, HttpContext http)
    {
        var command = await CommandAsync(decisionId, request, user, clock.GetUtcNow(), query, http.RequestAborted);
        return await CaseWork.Create(http, id, command.CorrectionId, state => Decide(state, command));
    }

    /// <summary>Checks the request's fields and builds the command; the API and the board's correction form share it.</summary>
    public static async Task<Command> CommandAsync(Guid decisionId, Request request, CurrentUser user, DateTimeOffset now, IQuerySession query, CancellationToken cancellationToken)
    {
        StrictInput.Check(request);
        var errors = Http.Errors();
        var reason = errors.RequireText("reason", request.Reason, 1000);
        errors.ThrowIfAny();
        return new Command(Guid.CreateVersion7(), decisionId, request.What, request.Why, request.CostComparison, reason, user.AsParticipant(),
            await query.TablesChairedByAsync(user, cancellationToken), now);
    }
}
