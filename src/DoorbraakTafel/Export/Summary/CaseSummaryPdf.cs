using DoorbraakTafel.Export.Rendering;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Export.Summary;

/// <summary>
/// GET /api/cases/{id}/summary.pdf: the case through the privacy gate (filtered for this viewer and
/// logged once, channel Pdf), composed and rendered. The file is named after the alias only.
/// </summary>
internal static class CaseSummaryPdf
{
    public static async Task<IResult> Handle(
        Guid id, CurrentUser user, PrivacyGate gate, IQuerySession query, IPdfRenderer renderer, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = await gate.ViewCaseAsync(id, user, Channel.Pdf, cancellationToken);
        var tableIds = view.Case.Schedule.Select(s => s.TableId).Distinct().ToArray();
        var tables = tableIds.Length == 0 ? [] : await query.LoadManyAsync<TableDetails>(cancellationToken, tableIds);
        var document = CaseSummary.Compose(view, tables, user, clock.GetUtcNow());
        return TypedResults.File(renderer.Render(document), "application/pdf", $"{view.Alias}.pdf");
    }
}
