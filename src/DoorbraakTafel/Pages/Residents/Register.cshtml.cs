using System.ComponentModel.DataAnnotations;
using DoorbraakTafel.Privacy.Residents;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Residents;

/// <summary>
/// Inwoner en toestemming: register a resident (BSN with elfproef) or find one by BSN. Both post,
/// so a BSN never lands in a URL; the resident's page is addressed by id only.
/// </summary>
public sealed class RegisterModel(IDocumentSession session, TimeProvider clock) : DoorbraakPage
{
    public sealed class Input
    {
        [Required(ErrorMessage = "Vul de naam in.")]
        [StringLength(200, ErrorMessage = "De naam is te lang.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Vul het BSN in.")]
        public string? Bsn { get; set; }

        [Required(ErrorMessage = "Vul de geboortedatum in.")]
        public DateOnly? BirthDate { get; set; }

        [StringLength(300, ErrorMessage = "Het adres is te lang.")]
        public string? Address { get; set; }

        [StringLength(30, ErrorMessage = "Het telefoonnummer is te lang.")]
        public string? Phone { get; set; }
    }

    public Input Resident { get; set; } = new();

    public string? SearchBsn { get; set; }

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
                id = await RegisterResident.RegisterAsync(new RegisterResident.Request(input.Name, input.Bsn, input.BirthDate, input.Address, input.Phone), Me, clock, session, cancellationToken),
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

    public async Task<IActionResult> OnPostFindAsync(string? searchBsn, CancellationToken cancellationToken)
    {
        SearchBsn = searchBsn;
        var bsn = RegisterResident.Normalise(searchBsn?.Trim());
        if (!Bsn.IsValid(bsn))
        {
            ModelState.AddModelError(nameof(SearchBsn), "Dit BSN klopt niet: het moet uit 9 cijfers bestaan en de elfproef doorstaan.");
            return Page();
        }

        var found = await session.Query<Resident>().Where(r => r.Bsn == bsn).Select(r => r.Id).ToListAsync(cancellationToken);
        if (found.Count == 0)
        {
            ModelState.AddModelError(nameof(SearchBsn), "Er is geen inwoner met dit BSN geregistreerd. Registreer de inwoner hieronder.");
            return Page();
        }

        return Redirect($"/inwoners/{found[0]}");
    }
}
