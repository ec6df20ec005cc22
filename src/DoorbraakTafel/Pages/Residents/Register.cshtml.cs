using System.ComponentModel.DataAnnotations;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Residents;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Residents;

/// <summary>
/// Inwoner en toestemming: register a resident (BSN with elfproef) or find one by BSN. Both post,
/// so a BSN never lands in a URL; the resident's page is addressed by id only.
/// </summary>
public sealed class RegisterModel(IDocumentSession session, TimeProvider clock, PrivacyGate gate) : DoorbraakPage
{
    public sealed class Input
    {
        [Required(ErrorMessage = "Vul de naam in.")]
        [Text(200, ErrorMessage = "De naam is te lang.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Vul het BSN in.")]
        public string? Bsn { get; set; }

        [Required(ErrorMessage = "Vul de geboortedatum in.")]
        public DateOnly? BirthDate { get; set; }

        [Text(300, ErrorMessage = "Het adres is te lang.")]
        public string? Address { get; set; }

        [Text(30, ErrorMessage = "Het telefoonnummer is te lang.")]
        public string? Phone { get; set; }
    }

    public Input Resident { get; set; } = new();

    public string? SearchBsn { get; set; }

    public ResidentSearchReason? SearchReason { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostRegisterAsync([Bind(Prefix = nameof(Resident))] Input input, CancellationToken cancellationToken)
    {
        Resident = input;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var id = Guid.Empty;
        var registered = await AttemptAsync(async () =>
            {
                id = await RegisterResident.RegisterAsync(new RegisterResident.Request(input.Name, input.Bsn, input.BirthDate, input.Address, input.Phone), Me, clock, session, cancellationToken);
                await session.SaveChangesAsync(cancellationToken);
            },
            new Dictionary<string, string>
            {
                ["name"] = "Resident.Name",
                ["bsn"] = "Resident.Bsn",
                ["birthDate"] = "Resident.BirthDate",
                ["address"] = "Resident.Address",
                ["phone"] = "Resident.Phone",
                ["*"] = "Resident.Bsn",
            });
        if (!registered)
        {
            return Page();
        }

        Notice = "De inwoner is geregistreerd. Leg nu de toestemming vast.";
        return Redirect($"/inwoners/{id}");
    }

    /// <summary>
    /// A search by BSN is a disclosure: it needs a purpose, is logged, and finds only residents the
    /// user's organisation knows (<see cref="PrivacyGate.SearchByBsnAsync"/>), so that whether anyone
    /// else registered the BSN stays unknown.
    /// </summary>
    public async Task<IActionResult> OnPostFindAsync(string? searchBsn, ResidentSearchReason? searchReason, CancellationToken cancellationToken)
    {
        (SearchBsn, SearchReason) = (searchBsn, searchReason);
        var bsn = RegisterResident.Normalise(searchBsn?.Trim());
        if (!Bsn.IsValid(bsn))
        {
            ModelState.AddModelError(nameof(SearchBsn), "Dit BSN klopt niet: het moet uit 9 cijfers bestaan en de elfproef doorstaan.");
        }

        if (searchReason is null || !Enum.IsDefined(searchReason.Value))
        {
            ModelState.AddModelError(nameof(SearchReason), "Kies waarom u de inwoner zoekt.");
        }

        if (ModelState.ErrorCount > 0)
        {
            return Page();
        }

        var found = await gate.SearchByBsnAsync(bsn!, searchReason!.Value, Me, Channel.Page, cancellationToken);
        if (found.Count == 0)
        {
            ModelState.AddModelError(nameof(SearchBsn), "Uw organisatie kent geen inwoner met dit BSN. Registreer de inwoner hieronder.");
            return Page();
        }

        return Redirect($"/inwoners/{found[0]}");
    }
}
