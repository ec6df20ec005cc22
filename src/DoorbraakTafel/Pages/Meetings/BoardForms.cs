using System.ComponentModel.DataAnnotations;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Contributing;
using DoorbraakTafel.Cases.Deciding;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DoorbraakTafel.Pages.Meetings;

/// <summary>
/// The forms of the live board. They check what a person can get wrong while typing (empty,
/// too long) in Dutch; the rules of the domain stay in the slices' decide functions.
/// </summary>
public static class BoardForms
{
    public const int CostRows = 3;

    /// <summary>Where the slices' fields land in the contribution form.</summary>
    public static readonly IReadOnlyDictionary<string, string> ContributionFields = new Dictionary<string, string>
    {
        ["weighing.purpose"] = "Contribution.Purpose",
        ["weighing.basis"] = "Contribution.Basis",
        ["weighing.necessity"] = "Contribution.Necessity",
        ["weighing.proportionality"] = "Contribution.Proportionality",
        ["weighing.subsidiarity"] = "Contribution.Subsidiarity",
        ["weighing.residentInformed"] = "Contribution.ResidentInformed",
        ["weighing.notInformedReason"] = "Contribution.NotInformedReason",
        ["weighing"] = "Contribution.Purpose",
        ["*"] = "inbreng",
    };

    /// <summary>Where the slices' fields land in the decision form.</summary>
    public static readonly IReadOnlyDictionary<string, string> DecisionFields = new Dictionary<string, string>
    {
        ["what"] = "Decision.What",
        ["why"] = "Decision.Why",
        ["category"] = "Decision.Category",
        ["proposalId"] = "Decision.ProposalId",
        ["ruleDeviation.rule"] = "Decision.Rule",
        ["ruleDeviation.reason"] = "Decision.RuleReason",
        ["ruleDeviation.mandate"] = "Decision.MandatePerson",
        ["ruleDeviation.mandate.person"] = "Decision.MandatePerson",
        ["ruleDeviation.mandate.role"] = "Decision.MandateRole",
        ["ruleDeviation.mandate.organisation"] = "Decision.MandateOrganisation",
        ["ruleDeviation.mandate.reference"] = "Decision.MandateReference",
        ["costComparison.current"] = "Decision.Costs",
        ["costComparison.proposed"] = "Decision.Costs",
        ["*"] = "besluit",
    };

    /// <summary>Where the correction slice's fields land in the correction form.</summary>
    public static readonly IReadOnlyDictionary<string, string> CorrectionFields = new Dictionary<string, string>
    {
        ["what"] = "Correction.What",
        ["why"] = "Correction.Why",
        ["reason"] = "Correction.Reason",
        ["costComparison.current"] = "Correction.Costs",
        ["costComparison.proposed"] = "Correction.Costs",
        ["*"] = "correctie",
    };

    public static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The owner chosen in the action form: "userId|organisationId", or the one who assigns it.</summary>
    public static Participant Owner(string? choice, CurrentUser me) =>
        choice?.Split('|') is [{ Length: > 0 } user, { Length: > 0 } organisation] ? new Participant(user, organisation) : new Participant(me.UserId, me.OrganisationId);

    public sealed class AssessmentInput
    {
        [Required(ErrorMessage = "Kies de vuistregel.")]
        public Vuistregel? Vuistregel { get; set; }

        [Required(ErrorMessage = "Kies hoe het ervoor staat.")]
        public VuistregelStatus? Status { get; set; }

        [Text(4000, MultiLine = true, ErrorMessage = "Deze toelichting is te lang.")]
        public string? Note { get; set; }
    }

    public sealed class ContributionInput
    {
        [Required(ErrorMessage = "Schrijf uw inbreng op.")]
        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? Text { get; set; }

        [Required(ErrorMessage = "Kies over welk soort gegevens uw inbreng gaat.")]
        public DataCategory? Category { get; set; }

        [Required(ErrorMessage = "Schrijf op met welk doel u dit deelt.")]
        [Text(300, ErrorMessage = "Deze tekst is te lang.")]
        public string? Purpose { get; set; } = "Samen een passende oplossing vinden aan de doorbraaktafel";

        [Required(ErrorMessage = "Schrijf op op welke grondslag u dit deelt.")]
        [Text(300, ErrorMessage = "Deze tekst is te lang.")]
        public string? Basis { get; set; }

        [Required(ErrorMessage = "Schrijf op waarom delen nodig is.")]
        [Text(1000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? Necessity { get; set; }

        [Required(ErrorMessage = "Schrijf op waarom dit niet meer is dan nodig.")]
        [Text(1000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? Proportionality { get; set; }

        [Required(ErrorMessage = "Schrijf op waarom het niet met minder gegevens kan.")]
        [Text(1000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? Subsidiarity { get; set; }

        [Required(ErrorMessage = "Geef aan of de inwoner weet dat u dit deelt.")]
        public bool? ResidentInformed { get; set; }

        [Text(500, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? NotInformedReason { get; set; }

        internal AddContribution.WeighingRequest Weighing() =>
            new(Purpose, Basis, Necessity, Proportionality, Subsidiarity, ResidentInformed, ResidentInformed == true ? null : NotInformedReason);
    }

    public sealed class ProposalInput
    {
        [Required(ErrorMessage = "Schrijf het voorstel op.")]
        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? Text { get; set; }

        [Required(ErrorMessage = "Kies over welk soort gegevens het voorstel gaat.")]
        public DataCategory? Category { get; set; }
    }

    public sealed class CostRow
    {
        [Text(200, ErrorMessage = "Deze omschrijving is te lang.")]
        public string? Label { get; set; }

        /// <summary>As typed ("50.000", "4.800,50"): what was typed stays in the field, and the slice reads it as the API does.</summary>
        [DutchAmount]
        public string? Amount { get; set; }

        public CostPeriod Period { get; set; } = CostPeriod.PerYear;

        /// <summary>The line's data category (a detention line is Justitie); none: the decision's.</summary>
        public DataCategory? Category { get; set; }

        public bool IsEmpty => string.IsNullOrWhiteSpace(Label) && string.IsNullOrWhiteSpace(Amount);
    }

    public sealed class DecisionInput
    {
        [Required(ErrorMessage = "Schrijf op wat de tafel besluit.")]
        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? What { get; set; }

        [Required(ErrorMessage = "Schrijf op waarom.")]
        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? Why { get; set; }

        [Required(ErrorMessage = "Kies over welk soort gegevens het besluit gaat.")]
        public DataCategory? Category { get; set; }

        public Guid? ProposalId { get; set; }

        public bool Breakthrough { get; set; }

        public bool DeviatesFromRule { get; set; }

        public string? Rule { get; set; }

        public string? RuleReason { get; set; }

        public string? LegalHook { get; set; }

        public DateOnly? Until { get; set; }

        public string? MandatePerson { get; set; }

        public string? MandateRole { get; set; }

        public string? MandateOrganisation { get; set; }

        public string? MandateReference { get; set; }

        public List<CostRow> Current { get; set; } = [.. Enumerable.Range(0, CostRows).Select(_ => new CostRow())];

        public List<CostRow> Proposed { get; set; } = [.. Enumerable.Range(0, CostRows).Select(_ => new CostRow())];

        /// <summary>The API's request, so the slice checks the rule deviation, the mandate and the costs as it does for the API.</summary>
        internal RecordDecision.Request Request(Guid meetingId) =>
            new(What, Why, Category, ProposalId, meetingId, Breakthrough,
                DeviatesFromRule
                    ? new RecordDecision.RuleDeviationRequest(Rule, RuleReason, LegalHook, Until,
                        new RecordDecision.MandateRequest(MandatePerson, MandateRole, MandateOrganisation, MandateReference))
                    : null,
                Costs(Current, Proposed));

        /// <summary>Where the slice's fields land in this form: <see cref="DecisionFields"/>, and each cost line's at its own row.</summary>
        internal IReadOnlyDictionary<string, string> Fields() => WithCostRows(DecisionFields, "Decision", Current, Proposed);
    }

    /// <summary>The cost comparison of the filled-in rows, as the API's request has it; none when no row is filled in.</summary>
    internal static RecordDecision.CostComparisonRequest? Costs(IReadOnlyList<CostRow> current, IReadOnlyList<CostRow> proposed)
    {
        static List<RecordDecision.CostItemRequest> Lines(IEnumerable<CostRow> rows) =>
            [.. rows.Where(r => !r.IsEmpty).Select(r => new RecordDecision.CostItemRequest(r.Label, r.Amount, r.Period, r.Category))];

        var (currentLines, proposedLines) = (Lines(current), Lines(proposed));
        return currentLines.Count + proposedLines.Count == 0 ? null : new RecordDecision.CostComparisonRequest(currentLines, proposedLines);
    }

    /// <summary>
    /// <paramref name="fields"/> with each filled-in row's label and amount: the request leaves empty rows
    /// out, so its line i is the form's i-th filled-in row ("costComparison.current[0].amount" to "Decision.Current[1].Amount").
    /// </summary>
    internal static IReadOnlyDictionary<string, string> WithCostRows(IReadOnlyDictionary<string, string> fields, string form, IReadOnlyList<CostRow> current, IReadOnlyList<CostRow> proposed)
    {
        var all = new Dictionary<string, string>(fields);
        foreach (var (side, rows) in new[] { ("current", current), ("proposed", proposed) })
        {
            var filled = rows.Select((row, index) => (row, index)).Where(r => !r.row.IsEmpty).Select(r => r.index).ToList();
            for (var i = 0; i < filled.Count; i++)
            {
                var row = $"{form}.{char.ToUpperInvariant(side[0])}{side[1..]}[{filled[i]}]";
                all[$"costComparison.{side}[{i}].label"] = $"{row}.Label";
                all[$"costComparison.{side}[{i}].amount"] = $"{row}.Amount";
            }
        }

        return all;
    }

    /// <summary>
    /// A form's cost rows (<c>_CostRows</c>): the form's field name ("Decision"), the prefix of the rows'
    /// element ids, and the rows as typed.
    /// </summary>
    public sealed record CostRowsForm(string Name, string IdPrefix, string Legend, string? Hint, IReadOnlyList<CostRow> Current, IReadOnlyList<CostRow> Proposed);

    /// <summary>One error of a form for its error summary, with the id of the field it is about (none: about the whole form).</summary>
    public sealed record FormError(string Message, string? FieldId);

    /// <summary>
    /// Every error of one form, for the summary at its top (<c>_ErrorSummary</c>): its fields' errors (keys
    /// starting with <paramref name="name"/>) and its own (<paramref name="formKey"/>), each with its field's id.
    /// </summary>
    public static IReadOnlyList<FormError> ErrorsOf(ModelStateDictionary state, string name, string formKey, Func<string, string?> fieldId) =>
    [
        .. state.Where(entry => entry.Value is { Errors.Count: > 0 } && (entry.Key == formKey || entry.Key.StartsWith(name + ".", StringComparison.Ordinal)))
            .Select(entry => new FormError(entry.Value!.Errors[0].ErrorMessage, entry.Key == formKey ? null : fieldId(entry.Key))),
    ];

    /// <summary>The element id of a decision form's field, as <c>_BoardWork</c> renders it.</summary>
    public static string? DecisionFieldId(string key) => CostFieldId(key, "Decision", "cost") ?? key switch
    {
        "Decision.What" or "Decision.Why" or "Decision.Category" or "Decision.ProposalId" => key.Replace('.', '_'),
        _ => $"decision-{key["Decision.".Length..]}",
    };

    /// <summary>The element id of a correction form's field, as <c>_CorrectDecision</c> renders it for decision <paramref name="decisionId"/>.</summary>
    public static string? CorrectionFieldId(string key, Guid decisionId) =>
        CostFieldId(key, "Correction", $"correctie-{decisionId}") ?? $"correctie-{decisionId}-{key["Correction.".Length..].ToLowerInvariant()}";

    /// <summary>A cost row's field ("Decision.Current[1].Amount" is "cost-Current-1-amount"), the first row for the cost comparison as a whole; null for any other field.</summary>
    private static string? CostFieldId(string key, string name, string idPrefix)
    {
        if (key == $"{name}.Costs")
        {
            return $"{idPrefix}-Current-0-label";
        }

        var row = System.Text.RegularExpressions.Regex.Match(key, $@"^{name}\.(Current|Proposed)\[(\d+)\]\.(Label|Amount)$");
        return row.Success ? $"{idPrefix}-{row.Groups[1].Value}-{row.Groups[2].Value}-{row.Groups[3].Value.ToLowerInvariant()}" : null;
    }

    /// <summary>A correction of a recorded decision: the parts left empty stay as they were; the cost rows, once filled in, replace the whole comparison.</summary>
    public sealed class CorrectionInput
    {
        public Guid DecisionId { get; set; }

        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? What { get; set; }

        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? Why { get; set; }

        [Required(ErrorMessage = "Schrijf op waarom het besluit wordt gecorrigeerd: wat er verkeerd is vastgelegd.")]
        [Text(1000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? Reason { get; set; }

        public List<CostRow> Current { get; set; } = [.. Enumerable.Range(0, CostRows).Select(_ => new CostRow())];

        public List<CostRow> Proposed { get; set; } = [.. Enumerable.Range(0, CostRows).Select(_ => new CostRow())];

        /// <summary>The API's request, so the slice checks the correction as it does for the API.</summary>
        internal CorrectDecision.Request Request() => new(What, Why, Costs(Current, Proposed), Reason);

        /// <summary>Where the slice's fields land in this form.</summary>
        internal IReadOnlyDictionary<string, string> Fields() => WithCostRows(CorrectionFields, "Correction", Current, Proposed);
    }

    public sealed class ActionInput
    {
        [Required(ErrorMessage = "Schrijf op wat er moet gebeuren.")]
        [Text(1000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? Description { get; set; }

        public string? Owner { get; set; }

        [Required(ErrorMessage = "Kies een datum waarop het klaar is.")]
        public DateOnly? Due { get; set; }

        [Required(ErrorMessage = "Kies de vuistregel waar de actie bij hoort.")]
        public Vuistregel? Vuistregel { get; set; }
    }
}

/// <summary>The correction form of one decision on the board (<c>_CorrectDecision</c>).</summary>
public sealed record CorrectionForm(BoardFocus Focus, Guid CaseId, Guid DecisionId);
