using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Acting;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Actions;

/// <summary>Mijn acties: my open and overdue actions, the most urgent first; each description through the privacy gate.</summary>
public sealed class MineModel(IQuerySession query, PrivacyGate gate, TimeProvider clock) : DoorbraakPage
{
    public IReadOnlyList<WorklistEntry> Rows { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = clock.Today();
        Rows = await ActionWorklist.MineAsync(Me, query, gate, Channel.Page, Today, cancellationToken);
    }

    public async Task<IActionResult> OnPostCompleteAsync(Guid actionId, string? note, CancellationToken cancellationToken)
    {
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed is { Length: > 2000 })
        {
            ModelState.AddModelError($"note-{actionId}", "Deze toelichting is te lang (hooguit 2000 tekens).");
        }

        var done = ModelState.IsValid && await AttemptAsync(async () =>
        {
            var caseId = await CompleteAction.CaseOfAsync(query, actionId, cancellationToken);
            var chaired = await query.TablesChairedByAsync(Me, cancellationToken);
            await CaseWork.FromPage(HttpContext, caseId, state => CompleteAction.Decide(state, actionId, trimmed, Me.AsParticipant(), chaired, clock.GetUtcNow()));
        }, formKey: $"note-{actionId}");
        if (!done)
        {
            await OnGetAsync(cancellationToken);
            return Page();
        }

        return BackHere("De actie staat op klaar.");
    }
}
