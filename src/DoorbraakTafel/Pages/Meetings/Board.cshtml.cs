using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Acting;
using DoorbraakTafel.Cases.Assessing;
using DoorbraakTafel.Cases.Contributing;
using DoorbraakTafel.Cases.Deciding;
using DoorbraakTafel.Cases.Proposing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Live;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Pages.Cases;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Tables;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Meetings;

/// <summary>
/// Live bijeenkomst, the board: agenda with the current item, the case in focus (through the
/// privacy gate) with its five vuistregels, contributions, proposals, decisions and actions, and who
/// is present. Every form posts to a handler here that calls the slice's own decide function on the
/// API's write path; the hub then brings every other screen the case in focus as the gate lets its
/// organisation see it (<see cref="BoardFocus"/>), and the script fetches only the person's own
/// parts again (<see cref="OnGetPartsAsync"/>), so all content stays behind the gate (docs/live.md).
/// </summary>
public sealed class BoardModel(IQuerySession query, PrivacyGate gate, People people, DisclosureLog log, SharingPolicy policy, TimeProvider clock)
    : DoorbraakPage
{
    public static readonly string[] Parts = ["status", "agenda", "presence", "focus", "work"];

    public MeetingBoard Meeting { get; private set; } = null!;

    public TableDetails Table { get; private set; } = null!;

    public bool IsChair { get; private set; }

    public bool MayWork { get; private set; }

    public IReadOnlyList<CaseHeading> Agenda { get; private set; } = [];

    public CaseView? Focus { get; private set; }

    public string? FocusDenied { get; private set; }

    /// <summary>Who has the board open now (the hub's presence), by user id, name and organisation.</summary>
    public IReadOnlyList<(string UserId, string DisplayName, string OrganisationId)> Connected { get; private set; } = [];

    /// <summary>The last global event position this render includes; the live script catches up from there.</summary>
    public long Position { get; private set; }

    public People People => people;

    /// <summary>The case in focus as this user sees it, rendered as a push renders it for an organisation (<see cref="BoardFocus"/>).</summary>
    public BoardFocus FocusPart => new(Meeting.Id, Meeting.Status, Meeting.CurrentCaseId, Focus, FocusDenied, people, MayWork, IsChair, ForAudience: false, Correction);

    /// <summary>The parts a <see cref="OnGetPartsAsync"/> request asked for.</summary>
    public IReadOnlyList<string> RenderedParts { get; private set; } = Parts;

    public BoardForms.ContributionInput Contribution { get; set; } = new();

    public BoardForms.ProposalInput Proposal { get; set; } = new();

    public BoardForms.DecisionInput Decision { get; set; } = new();

    public BoardForms.ActionInput Action { get; set; } = new();

    /// <summary>What was typed in a decision's correction form that was sent back with errors; its decision id says which.</summary>
    public BoardForms.CorrectionInput Correction { get; set; } = new();

    public BoardForms.AssessmentInput Assessment { get; set; } = new();

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, Parts, cancellationToken);

    /// <summary>The parts of the board the live script asks for after a hub message, rendered as on the page.</summary>
    public async Task<IActionResult> OnGetPartsAsync(Guid id, string? parts, CancellationToken cancellationToken)
    {
        var wanted = (parts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Intersect(Parts).ToArray();
        await LoadAsync(id, wanted, cancellationToken);
        RenderedParts = wanted;
        return Partial("_BoardParts", this);
    }

    // The chair's controls.
    public Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken cancellationToken) =>
        WriteAsync(id, () => Writes.ForPage(HttpContext, RunMeeting.Opening(id, Me, clock.GetUtcNow(), cancellationToken)), "De bijeenkomst is geopend.", null, cancellationToken);

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken cancellationToken) =>
        WriteAsync(id, () => Writes.ForPage(HttpContext, RunMeeting.Closing(id, Me, clock.GetUtcNow(), cancellationToken)), "De bijeenkomst is gesloten.", null, cancellationToken);

    public Task<IActionResult> OnPostMoveAsync(Guid id, Guid caseId, CancellationToken cancellationToken) =>
        WriteAsync(id, () => Writes.ForPage(HttpContext, RunMeeting.MovingTo(id, caseId, Me, clock.GetUtcNow(), cancellationToken)), "De casus is nu aan de beurt.", null, cancellationToken);

    /// <summary>The next case on the agenda after the current one (or the first when none is current).</summary>
    public async Task<IActionResult> OnPostNextAsync(Guid id, CancellationToken cancellationToken)
    {
        var board = await query.LoadAsync<MeetingBoard>(id, cancellationToken) ?? throw Rejected.NotFound("Meeting", id);
        var index = board.CurrentCaseId is { } current ? board.Agenda.ToList().IndexOf(current) + 1 : 0;
        if (index >= board.Agenda.Count)
        {
            ModelState.AddModelError("", "Dit was de laatste casus op de agenda.");
            await LoadAsync(id, Parts, cancellationToken);
            return Page();
        }

        return await OnPostMoveAsync(id, board.Agenda[index], cancellationToken);
    }

    public Task<IActionResult> OnPostAttendAsync(Guid id, CancellationToken cancellationToken)
    {
        var me = Me;
        var attendance = new AttendanceRecorded(id, me.UserId, me.DisplayName, me.OrganisationId, clock.GetUtcNow());
        return WriteAsync(id, () => Writes.ForPage(HttpContext, RunMeeting.Attending(id, me, attendance, cancellationToken)), "U staat op de lijst van aanwezigen.", "aanwezig", cancellationToken);
    }

    // The work on the case in focus.
    public async Task<IActionResult> OnPostAssessAsync(Guid id, Guid caseId, [Bind(Prefix = nameof(Assessment))] BoardForms.AssessmentInput input, CancellationToken cancellationToken)
    {
        Assessment = input;
        return await WriteAsync(id, () => CaseWork.FromPage(HttpContext, caseId, state =>
                AssessVuistregel.Decide(state, input.Vuistregel!.Value, input.Status!.Value, BoardForms.Trim(input.Note), Me.AsParticipant(), clock.GetUtcNow())),
            "De beoordeling is vastgelegd.", "vuistregels", cancellationToken);
    }

    public async Task<IActionResult> OnPostContributeAsync(Guid id, Guid caseId, [Bind(Prefix = nameof(Contribution))] BoardForms.ContributionInput input, CancellationToken cancellationToken)
    {
        Contribution = input;
        return await WriteAsync(id, async () =>
        {
            var weighing = AddContribution.Weigh(input.Weighing());
            var text = new CategorisedText(input.Text!.Trim(), input.Category!.Value);
            await Writes.ForPage(HttpContext, AddContribution.Work(caseId, text, weighing, id, Me, Channel.Page, clock.GetUtcNow(), log, policy, cancellationToken));
        }, "Uw inbreng is toegevoegd.", "inbreng", cancellationToken, BoardForms.ContributionFields);
    }

    public async Task<IActionResult> OnPostProposeAsync(Guid id, Guid caseId, [Bind(Prefix = nameof(Proposal))] BoardForms.ProposalInput input, CancellationToken cancellationToken)
    {
        Proposal = input;
        var proposalId = Guid.CreateVersion7();
        return await WriteAsync(id, () => CaseWork.FromPage(HttpContext, caseId, state =>
                MakeProposal.Decide(state, proposalId, new CategorisedText(input.Text!.Trim(), input.Category!.Value), Me.AsParticipant(), clock.GetUtcNow())),
            "Het voorstel staat op het bord.", "voorstellen", cancellationToken);
    }

    public async Task<IActionResult> OnPostPositionAsync(Guid id, Guid caseId, Guid proposalId, Position position, string? reason, CancellationToken cancellationToken) =>
        await WriteAsync(id, () => CaseWork.FromPage(HttpContext, caseId, state =>
                TakePosition.Decide(state, proposalId, position, BoardForms.Trim(reason), Me.AsParticipant(), clock.GetUtcNow())),
            "Uw standpunt is vastgelegd.", $"voorstel-{proposalId}", cancellationToken, new Dictionary<string, string> { ["*"] = $"voorstel-{proposalId}" });

    public async Task<IActionResult> OnPostDecideAsync(Guid id, Guid caseId, [Bind(Prefix = nameof(Decision))] BoardForms.DecisionInput input, CancellationToken cancellationToken)
    {
        Decision = input;
        return await WriteAsync(id, async () =>
        {
            var command = await RecordDecision.CommandAsync(input.Request(id), Me, clock.GetUtcNow(), query, cancellationToken);
            await CaseWork.FromPage(HttpContext, caseId, state => RecordDecision.Decide(state, command));
        }, "Het besluit is vastgelegd.", "besluiten", cancellationToken, input.Fields());
    }

    public async Task<IActionResult> OnPostCorrectAsync(Guid id, Guid caseId, [Bind(Prefix = nameof(Correction))] BoardForms.CorrectionInput input, CancellationToken cancellationToken)
    {
        Correction = input;
        return await WriteAsync(id, async () =>
        {
            var command = await CorrectDecision.CommandAsync(input.DecisionId, input.Request(), Me, clock.GetUtcNow(), query, cancellationToken);
            await CaseWork.FromPage(HttpContext, caseId, state => CorrectDecision.Decide(state, command));
        }, "De correctie van het besluit is vastgelegd.", "besluiten", cancellationToken, input.Fields());
    }

    public async Task<IActionResult> OnPostActAsync(Guid id, Guid caseId, [Bind(Prefix = nameof(Action))] BoardForms.ActionInput input, CancellationToken cancellationToken)
    {
        Action = input;
        var me = Me;
        var owner = BoardForms.Owner(input.Owner, me);
        var command = new AssignAction.Command(Guid.CreateVersion7(), input.Description?.Trim() ?? "", owner, input.Due.GetValueOrDefault(), input.Vuistregel.GetValueOrDefault(),
            me.AsParticipant(), clock.Today(), clock.GetUtcNow());
        return await WriteAsync(id, () => CaseWork.FromPage(HttpContext, caseId, state => AssignAction.Decide(state, command)),
            "De actie is vastgelegd.", "acties", cancellationToken, new Dictionary<string, string> { ["due"] = "Action.Due" });
    }

    private async Task<IActionResult> WriteAsync(
        Guid id, Func<Task> write, string notice, string? fragment, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? fields = null)
    {
        if (ModelState.IsValid && await AttemptAsync(write, fields, formKey: fragment))
        {
            Notice = notice;
            return Redirect($"/bijeenkomsten/{id}" + (fragment is null ? "" : "#" + fragment));
        }

        await LoadAsync(id, Parts, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(Guid id, IReadOnlyCollection<string> parts, CancellationToken cancellationToken)
    {
        // The position first: whatever commits after it reaches the live script again, never less.
        Position = await query.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        Meeting = await query.LoadAsync<MeetingBoard>(id, cancellationToken) ?? throw Rejected.NotFound("Meeting", id);
        Table = await query.AdmittedTableAsync(Meeting.TableId, Me, cancellationToken);
        var me = Me;
        IsChair = Table.IsChair(me.UserId);
        MayWork = me.Role != Roles.PrivacyOfficer && Meeting.Status != MeetingStatus.Closed;
        await people.LoadAsync(cancellationToken);
        foreach (var attendee in Meeting.Attendance)
        {
            people.Know(attendee.UserId, attendee.DisplayName);
        }

        if (parts.Contains("agenda"))
        {
            var headings = await CaseHeadings.ForAsync(gate, Meeting.Agenda, me, cancellationToken);
            Agenda = [.. Meeting.Agenda.Select(c => headings[c])];
        }

        if (parts.Contains("presence"))
        {
            Connected = [.. HttpContext.RequestServices.GetRequiredService<MeetingRooms>().Presence(id).Select(p => (p.UserId, p.DisplayName, p.OrganisationId))];
            foreach (var present in Connected)
            {
                people.Know(present.UserId, present.DisplayName);
            }
        }

        if (Meeting.CurrentCaseId is { } current && (parts.Contains("focus") || parts.Contains("work")))
        {
            try
            {
                // The forms alone need the case's shape, not its words: nothing to disclose, nothing logged twice.
                Focus = parts.Contains("focus") ? await gate.ViewCaseAsync(current, me, Channel.Page, cancellationToken) : await gate.ViewOutlineAsync(current, me, cancellationToken);
                if (Decision.Category is null)
                {
                    Decision.Category = Focus.Case.Bottleneck.Category;
                }
            }
            catch (Rejected rejected) when (rejected.Status == StatusCodes.Status403Forbidden)
            {
                FocusDenied = Dutch.Explain(rejected);
            }
        }
    }
}
