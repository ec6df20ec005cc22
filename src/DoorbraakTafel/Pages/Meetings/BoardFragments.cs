using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Live;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace DoorbraakTafel.Pages.Meetings;

/// <summary>
/// The case in focus on a board (<c>_BoardFocus</c>), as one viewer sees it. The same partial is
/// rendered for the page, for one user, and for a live push, for everyone of one organisation
/// (<see cref="ForAudience"/>): it holds the case's content and the forms that everyone who may work
/// on the case gets alike. What depends on the person (the chair's correction forms, the
/// antiforgery token) the board's script adds from the page (docs/live.md).
/// </summary>
/// <param name="View">The case as the gate lets this viewer see it; null with <paramref name="Denied"/> when the viewer may not see it.</param>
/// <param name="ForAudience">Rendered for a push: no antiforgery token (the script adds the page's) and chair forms hidden until the script shows them.</param>
/// <param name="Correction">What the chair typed in a correction form sent back with errors, on the page.</param>
public sealed record BoardFocus(
    Guid MeetingId, MeetingStatus Status, Guid? CurrentCaseId, CaseView? View, string? Denied, People People, bool MayWork, bool IsChair, bool ForAudience,
    BoardForms.CorrectionInput? Correction = null);

/// <summary>One item of the case in focus (<c>_BoardItem</c>): a contribution, proposal, decision or action of <see cref="BoardFocus.View"/>.</summary>
public sealed record BoardItem(BoardFocus Focus, object Part);

/// <summary>
/// Renders a part of the board outside a page request, for a live push: the page's own partial, so
/// a pushed part and a loaded one are the same HTML.
/// </summary>
public sealed class BoardFragments(IRazorViewEngine views, ITempDataProvider tempData, IServiceProvider services, People people)
{
    public const string FocusPartial = "/Pages/Meetings/_BoardFocus.cshtml";

    public const string ItemPartial = "/Pages/Meetings/_BoardItem.cshtml";

    /// <summary>
    /// The case in focus of <paramref name="board"/> (at <paramref name="table"/>) as an audience sees
    /// it (<paramref name="view"/>, from the gate): with <paramref name="item"/> (a part of the case
    /// by id) only that item, for its list, else the whole case.
    /// </summary>
    public async Task<BoardParts> FocusAsync(MeetingBoard board, TableDetails table, CaseView view, Guid? item, CancellationToken cancellationToken)
    {
        // Whoever worked on the case is at its table, is an organisation it involved, or referred it.
        var known = table.Organisations.Select(o => (Id: o.Id, Name: o.Name)).Concat(view.Case.InvolvedOrganisations.Select(i => (Id: i.OrganisationId, Name: i.OrganisationName))).ToList();
        if (known.Exists(o => o.Id == view.Case.Referrer.OrganisationId))
        {
            people.KnowOrganisations(known);
        }
        else
        {
            await people.LoadAsync(cancellationToken);
        }

        foreach (var attendee in board.Attendance)
        {
            people.Know(attendee.UserId, attendee.DisplayName);
        }

        var focus = new BoardFocus(board.Id, board.Status, board.CurrentCaseId, view, null, people, MayWork: board.Status != MeetingStatus.Closed, IsChair: false, ForAudience: true);
        return item is { } id && view.Case.Part(id) is { } part
            ? new BoardParts(null, new BoardItemPart(ListOf(part), id, await RenderAsync(ItemPartial, new BoardItem(focus, part))))
            : new BoardParts(await RenderAsync(FocusPartial, focus), null);
    }

    /// <summary>The item of the case a change is about, when it is about one item only.</summary>
    public static Guid? PartChangedBy(object change) => change switch
    {
        ContributionAdded e => e.ContributionId,
        ProposalMade e => e.ProposalId,
        PositionTaken e => e.ProposalId,
        DecisionRecorded e => e.DecisionId,
        DecisionCorrected e => e.DecisionId,
        ActionAssigned e => e.ActionId,
        ActionCompleted e => e.ActionId,
        ActionReminderRecorded e => e.ActionId,
        ActionMarkedOverdue e => e.ActionId,
        _ => null,
    };

    /// <summary>The list of the case in focus an item belongs in (<c>data-list</c> in <c>_BoardFocus</c>).</summary>
    private static string ListOf(object part) => part switch
    {
        Contribution => "contributions",
        Proposal => "proposals",
        Decision => "decisions",
        _ => "actions",
    };

    private async Task<string> RenderAsync(string path, object model)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        var action = new ActionContext(http, new RouteData(), new ActionDescriptor());
        var view = views.GetView(executingFilePath: null, path, isMainPage: false).View
            ?? throw new InvalidOperationException($"The partial {path} was not found.");
        await using var writer = new StringWriter();
        var data = new ViewDataDictionary(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var context = new ViewContext(action, view, data, new TempDataDictionary(http, tempData), writer, new HtmlHelperOptions());
        await view.RenderAsync(context);
        return writer.ToString();
    }
}
