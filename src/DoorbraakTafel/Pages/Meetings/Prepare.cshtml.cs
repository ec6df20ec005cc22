using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Pages.Cases;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Meetings;

/// <summary>Bijeenkomst voorbereiden: the chair sets the agenda, adds cases and puts them in order.</summary>
public sealed class PrepareModel(IQuerySession query, PrivacyGate gate, TimeProvider clock) : DoorbraakPage
{
    public const int MaxCandidates = 30;

    public MeetingBoard Meeting { get; private set; } = null!;

    public TableDetails Table { get; private set; } = null!;

    public IReadOnlyList<CaseHeading> Agenda { get; private set; } = [];

    public IReadOnlyList<CaseHeading> Candidates { get; private set; } = [];

    public bool IsChair { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(Guid id, Guid caseId, CancellationToken cancellationToken)
    {
        if (await AttemptAsync(() => Writes.ForPage(HttpContext, PrepareMeeting.AddingToAgenda(id, caseId, CaseWorker.Of(HttpContext), cancellationToken))))
        {
            return BackHere("De casus staat op de agenda.", "agenda");
        }

        await LoadAsync(id, cancellationToken);
        return Page();
    }

    /// <summary>Moves one case up or down; the slice checks that the new order holds every case once.</summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid id, Guid caseId, int by, CancellationToken cancellationToken)
    {
        var meeting = await query.LoadAsync<MeetingBoard>(id, cancellationToken) ?? throw Rejected.NotFound("Meeting", id);
        var order = meeting.Agenda.ToList();
        var from = order.IndexOf(caseId);
        var to = from + Math.Sign(by);
        if (from >= 0 && to >= 0 && to < order.Count)
        {
            (order[from], order[to]) = (order[to], order[from]);
            if (!await AttemptAsync(() => Writes.ForPage(HttpContext, PrepareMeeting.Reordering(id, order, Me, clock.GetUtcNow(), cancellationToken))))
            {
                await LoadAsync(id, cancellationToken);
                return Page();
            }
        }

        return BackHere("De volgorde is aangepast.", "agenda");
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Meeting = await query.LoadAsync<MeetingBoard>(id, cancellationToken) ?? throw Rejected.NotFound("Meeting", id);
        Table = await query.AdmittedTableAsync(Meeting.TableId, Me, cancellationToken);
        IsChair = Table.IsChair(Me.UserId);
        var onAgenda = Meeting.Agenda.ToArray();
        // The cases a chair schedules: brought in at this table (PrepareMeeting.BroughtTo).
        var tableId = Table.Id;
        var members = Table.CurrentMembers.Select(o => o.Id).ToArray();
        var candidates = await query.Query<CaseDetails>()
            .Where(c => c.Status != CaseStatus.Afgesloten && !onAgenda.Contains(c.Id)
                && (c.BroughtTo == tableId || (c.BroughtTo == null && c.Referrer.OrganisationId.IsOneOf(members))))
            .OrderByDescending(c => c.OpenedAt)
            .Take(MaxCandidates)
            .ToListAsync(cancellationToken);
        // Documents written by an older shape of the projection (no schedule yet) are left out until rebuilt.
        var candidateIds = candidates.Where(c => c.Schedule is not null).Select(c => c.Id).ToList();
        var headings = await CaseHeadings.ForAsync(gate, [.. onAgenda, .. candidateIds], Me, cancellationToken);
        Agenda = [.. onAgenda.Select(c => headings[c])];
        Candidates = IsChair ? [.. candidateIds.Select(c => headings[c])] : [];
    }
}
