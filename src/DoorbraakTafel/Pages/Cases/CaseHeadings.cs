using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using Marten;

namespace DoorbraakTafel.Pages.Cases;

/// <summary>How a case is named in a list: its alias always, its title only where the privacy gate lets this viewer see the case.</summary>
public sealed record CaseHeading(Guid Id, string Alias, string? Title, CaseStatus? Status, string? Denied)
{
    public string Text => Title is null ? Alias : $"{Alias}: {Title}";
}

/// <summary>Names cases for lists (agenda, worklists) through the privacy gate, each read logged as a page disclosure.</summary>
public static class CaseHeadings
{
    public static async Task<IReadOnlyDictionary<Guid, CaseHeading>> ForAsync(
        PrivacyGate gate, IQuerySession query, IEnumerable<Guid> caseIds, CurrentUser user, CancellationToken cancellationToken)
    {
        var headings = new Dictionary<Guid, CaseHeading>();
        foreach (var id in caseIds.Distinct())
        {
            try
            {
                var view = await gate.ViewCaseAsync(id, user, Channel.Page, cancellationToken);
                headings[id] = new CaseHeading(id, view.Alias, view.Case.Title == view.Alias ? null : view.Case.Title, view.Case.Status, null);
            }
            catch (Rejected rejected) when (rejected.Status == StatusCodes.Status403Forbidden)
            {
                // The alias is no personal data: without access the list still names the case by it.
                var details = await query.LoadAsync<CaseDetails>(id, cancellationToken);
                headings[id] = new CaseHeading(id, details is null ? "Casus" : PrivacyGate.AliasOf(details), null, details?.Status, rejected.Message);
            }
            catch (Rejected rejected) when (rejected.Status == StatusCodes.Status404NotFound)
            {
                headings[id] = new CaseHeading(id, "Onbekende casus", null, null, null);
            }
        }

        return headings;
    }
}
