using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Privacy.Rights;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Privacy;

/// <summary>
/// Data subject rights: the access report (AVG art. 15) and erasure (art. 17) for a resident, by id.
/// Both post, so nothing of the resident lands in a URL. The page shows what is held and who saw
/// it, never the case's words; the full report is the API's JSON, handed to the resident.
/// </summary>
public sealed class RightsModel(IQuerySession query, DisclosureLog log, SharingPolicy policy, Erasure erasure, TimeProvider clock) : DoorbraakPage
{
    public Guid? ResidentId { get; set; }

    public AccessReport? Report { get; private set; }

    public IReadOnlyList<string> Aliases { get; private set; } = [];

    public ResidentErasure? Erased { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostReportAsync(Guid? residentId, CancellationToken cancellationToken)
    {
        ResidentId = residentId;
        if (residentId is not { } id)
        {
            ModelState.AddModelError(nameof(ResidentId), "Vul het nummer (id) van de inwoner in.");
            return Page();
        }

        if (await AttemptAsync(async () => Report = await AccessReports.CompileAsync(id, Me, query, log, policy, clock, Channel.Page, cancellationToken), formKey: nameof(ResidentId)))
        {
            Aliases = [.. Report!.Cases.Select(PrivacyGate.AliasOf)];
        }
        else
        {
            ModelState.Remove(nameof(ResidentId));
            ModelState.AddModelError(nameof(ResidentId), "Er is geen inwoner met dit nummer, en ook geen casus over hem of haar.");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostEraseAsync(Guid? residentId, bool confirmed, CancellationToken cancellationToken)
    {
        ResidentId = residentId;
        if (residentId is not { } id)
        {
            ModelState.AddModelError(nameof(ResidentId), "Vul het nummer (id) van de inwoner in.");
        }
        else if (!confirmed)
        {
            ModelState.AddModelError("confirmed", "Bevestig dat u de gegevens van deze inwoner wilt verwijderen.");
        }
        else if (!await AttemptAsync(async () => Erased = await erasure.EraseResidentAsync(id, Me, cancellationToken), formKey: nameof(ResidentId)))
        {
            ModelState.Remove(nameof(ResidentId));
            ModelState.AddModelError(nameof(ResidentId), "Er is geen inwoner met dit nummer, en ook geen casus over hem of haar.");
        }

        return Page();
    }
}
