using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy;
using Marten;

namespace DoorbraakTafel.Cases.Deciding;

/// <summary>
/// What the table decided and why; optionally a rule set aside on someone's mandate, and the cost
/// of the current path against the proposed one (the seeds' train pass against detention).
/// </summary>
internal static class RecordDecision
{
    public sealed record MandateRequest(
        [property: Text(200)] string? Person, [property: Text(200)] string? Role, [property: Text(200)] string? Organisation, [property: Text(200)] string? Reference);

    public sealed record RuleDeviationRequest(
        [property: Text(500, MultiLine = true)] string? Rule, [property: Text(2000, MultiLine = true)] string? Reason, [property: Text(500, MultiLine = true)] string? LegalHook, DateOnly? Until, MandateRequest? Mandate);

    /// <param name="Amount">Euros: a JSON number (4800.5), or a text as a Dutch user types it ("4.800,50", "€ 50.000"), read into cents (<see cref="Amounts"/>).</param>
    /// <param name="Category">The line's data category (a detention line is Justitie); the decision's when left out.</param>
    public sealed record CostItemRequest(
        [property: Text(200)] string? Label, [property: Text(Amounts.LongestTyped), Amount] string? Amount, CostPeriod? Period, DataCategory? Category = null);

    public sealed record CostComparisonRequest(IReadOnlyList<CostItemRequest>? Current, IReadOnlyList<CostItemRequest>? Proposed);

    public sealed record Request(
        [property: Text(4000, MultiLine = true)] string? What,
        [property: Text(4000, MultiLine = true)] string? Why,
        DataCategory? Category,
        Guid? ProposalId,
        Guid? MeetingId,
        bool? Breakthrough,
        RuleDeviationRequest? RuleDeviation,
        CostComparisonRequest? CostComparison);

    public sealed record Command(
        Guid DecisionId,
        CategorisedText What,
        CategorisedText Why,
        Guid? ProposalId,
        Guid? MeetingId,
        bool MeetingIsOpen,
        bool Breakthrough,
        RuleDeviationRequest? RuleDeviation,
        CostComparisonRequest? CostComparison,
        Participant By,
        IReadOnlySet<Guid> TablesChairedByRecorder,
        DateTimeOffset Now);

    public static object[] Decide(Case state, Command command)
    {
        // The table decides and its chair records it (DOMAIN.md: roles); checked before the case's
        // state and the request's references, so a refusal tells nothing of either.
        if (!state.Tables.Overlaps(command.TablesChairedByRecorder))
        {
            throw Rejected.ForbiddenInDutch("Alleen een voorzitter van een tafel waar de casus op de agenda staat of stond legt besluiten vast.");
        }

        state.EnsureOpen();
        if (command.ProposalId is { } proposalId && !state.Proposals.Contains(proposalId))
        {
            throw Rejected.Invalid("proposalId", $"Proposal {proposalId} was not made on this case.");
        }

        if (command.MeetingId is { } meetingId)
        {
            if (!state.Meetings.Contains(meetingId))
            {
                throw Rejected.Invalid("meetingId", $"This case is not on the agenda of meeting {meetingId}.");
            }

            if (!command.MeetingIsOpen)
            {
                throw Rejected.Conflict(
                    $"Meeting {meetingId} is not open; record the decision as taken between meetings instead.",
                    "De bijeenkomst is niet bezig. Leg het besluit vast als besluit tussen bijeenkomsten.");
            }
        }

        var deviation = ToDeviation(command.RuleDeviation);
        var comparison = ToComparison(command.CostComparison, command.Why.Category);
        return
        [
            new DecisionRecorded(state.Id, command.DecisionId, command.What, command.Why, command.ProposalId, command.MeetingId,
                BetweenMeetings: command.MeetingId is null, command.Breakthrough, deviation, comparison, command.By, command.Now),
        ];
    }

    private static RuleDeviation? ToDeviation(RuleDeviationRequest? request)
    {
        if (request is null)
        {
            return null;
        }

        var rule = Required("ruleDeviation.rule", request.Rule, "Name the rule that is set aside.");
        var reason = Required("ruleDeviation.reason", request.Reason, "Say why the rule is set aside.");
        if (request.Mandate is not { } mandate)
        {
            throw Rejected.Invalid("ruleDeviation.mandate", "A rule deviation needs a mandate: who authorised it (person, role, organisation, reference).");
        }

        return new RuleDeviation(rule, reason, new Mandate(
            Required("ruleDeviation.mandate.person", mandate.Person, "Name who gave the mandate."),
            Required("ruleDeviation.mandate.role", mandate.Role, "Give the role of who gave the mandate."),
            Required("ruleDeviation.mandate.organisation", mandate.Organisation, "Give the organisation of who gave the mandate."),
            Required("ruleDeviation.mandate.reference", mandate.Reference, "Give a reference to the mandate (a decision number, a mail, a minute).")),
            string.IsNullOrWhiteSpace(request.LegalHook) ? null : request.LegalHook.Trim(),
            request.Until);
    }

    /// <summary>The cost comparison a request names, each line with its amount in cents and its category (the decision's where it names none); a correction reads its own the same way.</summary>
    public static CostComparison? ToComparison(CostComparisonRequest? request, DataCategory decision)
    {
        if (request is null)
        {
            return null;
        }

        return new CostComparison(Items("costComparison.current", request.Current, decision), Items("costComparison.proposed", request.Proposed, decision));

        static IReadOnlyList<CostItem> Items(string field, IReadOnlyList<CostItemRequest>? items, DataCategory decision)
        {
            if (items is not { Count: > 0 })
            {
                throw Rejected.Invalid(field, "A cost comparison needs at least one item on each side.");
            }

            return items.Select((item, i) => new CostItem(
                Required($"{field}[{i}].label", item.Label, "Each cost item needs a label."),
                Amounts.Cents($"{field}[{i}].amount", item.Amount),
                item.Period ?? throw Rejected.Invalid($"{field}[{i}].period", "Each cost item needs a period: PerYear, PerMonth, PerWeek or Once."),
                item.Category ?? decision)).ToList();
        }
    }

    private static string Required(string field, string? value, string message) =>
        string.IsNullOrWhiteSpace(value) ? throw Rejected.Invalid(field, message) : value.Trim();

    public static async Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, IQuerySession query, HttpContext http)
    {
        var command = await CommandAsync(request, user, clock.GetUtcNow(), query, http.RequestAborted);
        return await CaseWork.Create(http, id, command.DecisionId, state => Decide(state, command));
    }

    /// <summary>Checks the request's fields and builds the command; the API and the live board's decision form share it.</summary>
    public static async Task<Command> CommandAsync(Request request, CurrentUser user, DateTimeOffset now, IQuerySession query, CancellationToken cancellationToken)
    {
        StrictInput.Check(request);
        var errors = Http.Errors();
        var what = errors.RequireText("what", request.What);
        var why = errors.RequireText("why", request.Why);
        var category = errors.Require("category", request.Category);
        errors.ThrowIfAny();

        var meetingIsOpen = request.MeetingId is { } meetingId
            && await query.LoadAsync<MeetingBoard>(meetingId, cancellationToken) is { Status: MeetingStatus.Open };
        return new Command(Guid.CreateVersion7(), new CategorisedText(what, category), new CategorisedText(why, category), request.ProposalId,
            request.MeetingId, meetingIsOpen, request.Breakthrough ?? false, request.RuleDeviation, request.CostComparison, user.AsParticipant(),
            await query.TablesChairedByAsync(user, cancellationToken), now);
    }
}
