using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Residents;

/// <summary>
/// A resident's consents, through the privacy gate (need to know, logged as a page disclosure):
/// record one with its evidence, withdraw one (effective at once, also on open boards).
/// </summary>
public sealed class ResidentModel(PrivacyGate gate, SharingPolicy policy, People people, TimeProvider clock) : DoorbraakPage
{
    /// <summary>The consent form's fields; the slice checks them and says what is missing.</summary>
    public sealed class ConsentInput
    {
        [Text(100, ErrorMessage = "Kies het doel waarvoor de inwoner toestemming geeft.")]
        public string? Purpose { get; set; } = SharingPolicy.CaseConferencePurpose;

        public List<DataCategory> Categories { get; set; } = [];

        public List<OrganisationType> RecipientTypes { get; set; } = [];

        [Text(100)]
        public List<string> RecipientOrganisations { get; set; } = [];

        public ConsentKind? Kind { get; set; }

        public EvidenceKind? EvidenceHow { get; set; }

        [Text(200, ErrorMessage = "Dit kenmerk is te lang: hooguit 200 tekens.")]
        public string? DocumentReference { get; set; }

        public DateOnly? ValidFrom { get; set; }

        public DateOnly? ValidUntil { get; set; }
    }

    private static readonly Dictionary<string, (string Field, string Message)> ConsentErrors = new()
    {
        ["purpose"] = ("Consent.Purpose", "Kies het doel waarvoor de inwoner toestemming geeft."),
        ["categories"] = ("Consent.Categories", "Kies minstens één soort gegevens."),
        ["recipientOrganisations"] = ("Consent.RecipientTypes", "Kies wie de gegevens mag krijgen: organisaties of soorten organisaties."),
        ["kind"] = ("Consent.Kind", "Kies wat voor toestemming dit is."),
        ["evidenceHow"] = ("Consent.EvidenceHow", "Kies hoe de toestemming is gegeven."),
        ["validUntil"] = ("Consent.ValidUntil", "De einddatum ligt vóór de begindatum."),
        ["documentReference"] = ("Consent.DocumentReference", "Bij schriftelijke of digitale toestemming hoort een kenmerk van het document."),
    };

    public Guid ResidentId { get; private set; }

    /// <summary>The name, shown only to whoever registered the resident; others see the id.</summary>
    public string? Name { get; private set; }

    public IReadOnlyList<ConsentRecord> Consents { get; private set; } = [];

    public SharingPolicy Policy => policy;

    public People People => people;

    public ConsentInput Consent { get; set; } = new();

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostConsentAsync(Guid id, [Bind(Prefix = nameof(Consent))] ConsentInput input, CancellationToken cancellationToken)
    {
        Consent = input;
        await gate.EnsureMayChangeConsentsAsync(id, Me, cancellationToken);
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, cancellationToken);
            return Page();
        }

        var request = new RecordConsent.Request(input.Purpose, input.Categories, input.RecipientOrganisations, input.RecipientTypes, input.Kind, input.EvidenceHow,
            BoardText(input.DocumentReference), input.ValidFrom, input.ValidUntil);
        try
        {
            var given = RecordConsent.Decide(policy, Guid.CreateVersion7(), id, request, Me, clock.Today(), clock.GetUtcNow());
            await Writes.ForPage(HttpContext, RecordConsent.Giving(given));
        }
        catch (InvalidRequest invalid)
        {
            foreach (var field in invalid.Errors.Keys)
            {
                var (formField, message) = ConsentErrors.GetValueOrDefault(field, ("Consent", "Controleer de gegevens."));
                ModelState.AddModelError(formField, message);
            }

            await LoadAsync(id, cancellationToken);
            return Page();
        }

        Notice = "De toestemming is vastgelegd.";
        return Redirect($"/inwoners/{id}");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid consentId, string? reason, CancellationToken cancellationToken)
    {
        var consents = await gate.EnsureMayChangeConsentsAsync(id, Me, cancellationToken);
        if (consents.All(c => c.Id != consentId))
        {
            throw Rejected.NotFound("Consent", consentId);
        }

        var trimmed = BoardText(reason);
        if (await AttemptAsync(() => Writes.ForPage(HttpContext, RecordConsent.Withdrawing(consentId, trimmed, Me, clock.GetUtcNow(), cancellationToken)), formKey: $"intrekken-{consentId}"))
        {
            Notice = "De toestemming is ingetrokken. Vanaf nu ziet niemand meer iets op grond van deze toestemming.";
            return Redirect($"/inwoners/{id}");
        }

        await LoadAsync(id, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await gate.ViewConsentsAsync(id, Me, Channel.Page, cancellationToken);
        (ResidentId, Name, Consents) = (view.ResidentId, view.Name, view.Consents);
        await people.LoadAsync(cancellationToken);
    }

    private static string? BoardText(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
