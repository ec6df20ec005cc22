using System.ComponentModel.DataAnnotations;
using DoorbraakTafel.Cases.Signalling;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Tables;

/// <summary>Tafel: member organisations, meetings, open system signals; the chair plans the next meeting here.</summary>
public sealed class TableModel(IQuerySession query, TimeProvider clock, PrivacyGate gate) : DoorbraakPage
{
    public TableDetails Table { get; private set; } = null!;

    public IReadOnlyList<MeetingBoard> Meetings { get; private set; } = [];

    public IReadOnlyList<SignalView> Signals { get; private set; } = [];

    /// <summary>Whether the user sees the table's meetings and signals (<see cref="TableAccess"/>); anyone else sees who sits at it.</summary>
    public bool Admitted { get; private set; }

    public bool MayPlan { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Kies een datum voor de bijeenkomst.")]
    [Display(Name = "Datum")]
    public DateOnly? Date { get; set; }

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        Date ??= Table.ProposedNextMeeting ?? clock.Today().AddDays(ProposeNextMeetings.IntervalDays);
    }

    public async Task<IActionResult> OnPostPlanAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        MeetingPlanned? planned = null;
        var done = await AttemptAsync(async () =>
        {
            planned = PrepareMeeting.Plan(Table, Guid.CreateVersion7(), Date!.Value, Me, clock.Today(), clock.GetUtcNow());
            await Writes.ForPage(HttpContext, PrepareMeeting.Planning(planned));
        }, new Dictionary<string, string> { ["date"] = nameof(Date), ["*"] = nameof(Date) });
        if (!done)
        {
            return Page();
        }

        Notice = $"De bijeenkomst van {Dutch.Date(planned!.Date)} is gepland.";
        return Redirect($"/bijeenkomsten/{planned.MeetingId}/voorbereiden");
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Table = await query.LoadAsync<TableDetails>(id, cancellationToken) ?? throw Rejected.NotFound("Table", id);
        Admitted = await query.AdmitsAsync(Table, Me, cancellationToken);
        if (Admitted)
        {
            Meetings = await query.Query<MeetingBoard>().Where(m => m.TableId == id).OrderByDescending(m => m.Date).ToListAsync(cancellationToken);
            Signals = await OpenSignals.OfTableAsync(id, Me, query, gate, Channel.Page, cancellationToken);
        }

        MayPlan = Table.IsChair(Me.UserId) || Me.IsIn(Roles.Admin);
    }
}
