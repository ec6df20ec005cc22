using System.ComponentModel.DataAnnotations;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Contributing;
using DoorbraakTafel.Cases.Deciding;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

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

        [Range(0, 100_000_000, ErrorMessage = "Vul een bedrag van 0 euro of meer in.")]
        public decimal? Amount { get; set; }

        public CostPeriod Period { get; set; } = CostPeriod.PerYear;

        /// <summary>The line's data category (a detention line is Justitie); none: the decision's.</summary>
        public DataCategory? Category { get; set; }

        public bool IsEmpty => string.IsNullOrWhiteSpace(Label) && Amount is null;
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
        internal RecordDecision.Request Request(Guid meetingId)
        {
            var current = Current.Where(r => !r.IsEmpty).ToList();
            var proposed = Proposed.Where(r => !r.IsEmpty).ToList();
            return new RecordDecision.Request(What, Why, Category, ProposalId, meetingId, Breakthrough,
                DeviatesFromRule
                    ? new RecordDecision.RuleDeviationRequest(Rule, RuleReason, LegalHook, Until,
                        new RecordDecision.MandateRequest(MandatePerson, MandateRole, MandateOrganisation, MandateReference))
                    : null,
                current.Count + proposed.Count == 0
                    ? null
                    : new RecordDecision.CostComparisonRequest(
                        [.. current.Select(r => new RecordDecision.CostItemRequest(r.Label, r.Amount, r.Period, r.Category))],
                        [.. proposed.Select(r => new RecordDecision.CostItemRequest(r.Label, r.Amount, r.Period, r.Category))]));
        }
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
