using System.ComponentModel.DataAnnotations;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Housing;
using DoorbraakTafel.Cases.Signalling;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Cases;

/// <summary>
/// Casus: the whole history of a case as this viewer may see it (through the privacy gate, logged
/// as a page disclosure), with visible redaction notices; woonprofiel, routekaart and signals.
/// </summary>
public sealed class CaseModel(PrivacyGate gate, People people, TimeProvider clock) : DoorbraakPage
{
    public sealed class HousingInput
    {
        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        [Display(Name = "Wensen van de inwoner")]
        public string? Wishes { get; set; }

        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        [Display(Name = "Voorwaarden voor begeleiding")]
        public string? SupportConditions { get; set; }

        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        [Display(Name = "Inkomen")]
        public string? Income { get; set; }

        [Text(4000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        [Display(Name = "Risico's")]
        public string? Risks { get; set; }
    }

    public sealed class RoadmapInput
    {
        [Required(ErrorMessage = "Kies de stap.")]
        [Display(Name = "Stap")]
        public RoadmapStep? Step { get; set; }

        [Display(Name = "Datum")]
        public DateOnly? On { get; set; }

        [Text(1000, MultiLine = true, ErrorMessage = "Deze toelichting is te lang.")]
        [Display(Name = "Toelichting")]
        public string? Note { get; set; }
    }

    public sealed class SignalInput
    {
        [Required(ErrorMessage = "Beschrijf de weeffout.")]
        [Text(2000, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        [Display(Name = "Wat gaat er structureel mis?")]
        public string? Flaw { get; set; }

        [Required(ErrorMessage = "Noem de regel of het beleid.")]
        [Text(500, MultiLine = true, ErrorMessage = "Deze tekst is te lang.")]
        [Display(Name = "Welke regel of welk beleid?")]
        public string? RuleOrPolicy { get; set; }

        [Required(ErrorMessage = "Schrijf op naar wie het signaal gaat.")]
        [Text(200, ErrorMessage = "Deze tekst is te lang.")]
        [Display(Name = "Doorgezet naar")]
        public string? EscalatedTo { get; set; }
    }

    public CaseView View { get; private set; } = null!;

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    public People People => people;

    public bool MayWrite { get; private set; }

    public HousingInput Housing { get; set; } = new();

    public RoadmapInput Roadmap { get; set; } = new();

    public SignalInput Signal { get; set; } = new();

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostHousingAsync(Guid id, [Bind(Prefix = "Housing")] HousingInput housing, CancellationToken cancellationToken)
    {
        Housing = housing;
        var profile = new HousingProfileRecorded(id, Tag(housing.Wishes, DataCategory.Wonen), Tag(housing.SupportConditions, DataCategory.Ondersteuning),
            Tag(housing.Income, DataCategory.Financien), Tag(housing.Risks, DataCategory.Leefomgeving), Me.AsParticipant(), clock.GetUtcNow());
        return await WriteAsync(id, () => CaseWork.FromPage(HttpContext, id, state => RecordHousingProfile.Decide(state, profile)),
            new Dictionary<string, string> { ["wishes"] = "Housing.Wishes" }, "Het woonprofiel is vastgelegd.", "woonprofiel", cancellationToken);
    }

    public async Task<IActionResult> OnPostRoadmapAsync(Guid id, [Bind(Prefix = "Roadmap")] RoadmapInput roadmap, CancellationToken cancellationToken)
    {
        Roadmap = roadmap;
        var step = new RoadmapStepReached(id, roadmap.Step.GetValueOrDefault(), roadmap.On ?? clock.Today(), Trim(roadmap.Note), Me.AsParticipant(), clock.GetUtcNow());
        return await WriteAsync(id, () => CaseWork.FromPage(HttpContext, id, state => ReachRoadmapStep.Decide(state, step)),
            null, "De stap op de routekaart is vastgelegd.", "routekaart", cancellationToken);
    }

    public async Task<IActionResult> OnPostSignalAsync(Guid id, [Bind(Prefix = "Signal")] SignalInput signal, CancellationToken cancellationToken)
    {
        Signal = signal;
        var signalId = Guid.CreateVersion7();
        return await WriteAsync(id, () => CaseWork.FromPage(HttpContext, id, state =>
                RaiseSignal.Decide(state, signalId, null, signal.Flaw!.Trim(), signal.RuleOrPolicy!.Trim(), signal.EscalatedTo!.Trim(), null, Me.AsParticipant(), clock.GetUtcNow())),
            new Dictionary<string, string> { ["tableId"] = "Signal.Flaw" }, "Het signaal is vastgelegd.", "signalen", cancellationToken);
    }

    private async Task<IActionResult> WriteAsync(Guid id, Func<Task> write, IReadOnlyDictionary<string, string>? fields, string notice, string fragment, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid && await AttemptAsync(write, fields, formKey: fragment))
        {
            Notice = notice;
            return Redirect($"/casussen/{id}#{fragment}");
        }

        await LoadAsync(id, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        View = await gate.ViewCaseAsync(id, Me, Channel.Page, cancellationToken);
        await people.LoadAsync(cancellationToken);
        Timeline = CaseTimelineBuilder.Build(View.Case, people);
        MayWrite = Me.Role != Roles.PrivacyOfficer && View.Case.Status != CaseStatus.Afgesloten;
    }

    private static CategorisedText? Tag(string? text, DataCategory category) => Trim(text) is { } trimmed ? new CategorisedText(trimmed, category) : null;

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
