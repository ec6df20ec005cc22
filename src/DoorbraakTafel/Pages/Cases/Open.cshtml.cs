using System.ComponentModel.DataAnnotations;
using DoorbraakTafel.Cases.Opening;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Cases;

/// <summary>Casus inbrengen: a professional brings a case to a table their organisation sits at; the resident only by id.</summary>
public sealed class OpenModel(TimeProvider clock, IQuerySession query, PrivacyGate gate) : DoorbraakPage
{
    public sealed class Input
    {
        [Required(ErrorMessage = "Geef de casus een korte titel.")]
        [Text(120, ErrorMessage = "De titel mag hooguit 120 tekens lang zijn.")]
        public string? Title { get; set; }

        [Required(ErrorMessage = "Beschrijf wat er vastzit.")]
        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? Bottleneck { get; set; }

        [Required(ErrorMessage = "Kies over welk soort gegevens het knelpunt gaat.")]
        public DataCategory? BottleneckCategory { get; set; }

        [Required(ErrorMessage = "Geef aan of de inwoner weet van de aanmelding.")]
        public bool? ResidentInformed { get; set; }

        [Text(500, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        public string? ResidentNotInformedReason { get; set; }

        public Guid? ResidentId { get; set; }

        public Guid? TableId { get; set; }
    }

    [BindProperty]
    public Input Case { get; set; } = new();

    /// <summary>The tables the user's organisation sits at: where a case can be brought in.</summary>
    public IReadOnlyList<TableDetails> Tables { get; private set; } = [];

    public async Task OnGetAsync(Guid? residentId, CancellationToken cancellationToken)
    {
        Case.ResidentId = residentId;
        await LoadTablesAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadTablesAsync(cancellationToken);
        if (Tables.Count > 0 && Case.TableId is null)
        {
            ModelState.AddModelError("Case.TableId", "Kies de tafel waar u de casus inbrengt.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var informed = new DoorbraakTafel.Cases.ResidentInformed(Case.ResidentInformed!.Value,
            Case.ResidentInformed == true || string.IsNullOrWhiteSpace(Case.ResidentNotInformedReason) ? null : Case.ResidentNotInformedReason.Trim());
        DoorbraakTafel.Cases.CaseOpened? opened = null;
        var done = await AttemptAsync(async () =>
        {
            await OpenCase.EnsureMayNameResidentAsync(gate, Case.ResidentId, Me, cancellationToken);
            opened = OpenCase.Decide(Guid.CreateVersion7(), Case.Title!.Trim(), new CategorisedText(Case.Bottleneck!.Trim(), Case.BottleneckCategory!.Value),
                Me, Case.ResidentId, informed, await OpenCase.TableAsync(query, Case.TableId, Me.OrganisationId, cancellationToken), clock.GetUtcNow());
            await Writes.ForPage(HttpContext, OpenCase.Starting(opened));
        }, new Dictionary<string, string> { ["residentNotInformedReason"] = "Case.ResidentNotInformedReason", ["tableId"] = "Case.TableId" });
        if (!done)
        {
            return Page();
        }

        Notice = "De casus is ingebracht. De voorzitter van de tafel kan hem nu op de agenda zetten.";
        return Redirect($"/casussen/{opened!.CaseId}");
    }

    private async Task LoadTablesAsync(CancellationToken cancellationToken) => Tables = await OpenCase.TablesOfAsync(query, Me.OrganisationId, cancellationToken);
}
