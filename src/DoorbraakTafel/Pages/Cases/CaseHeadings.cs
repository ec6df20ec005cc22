using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;

namespace DoorbraakTafel.Pages.Cases;

/// <summary>How a case is named in a list: its alias always, its title only where the privacy gate lets this viewer see the case.</summary>
public sealed record CaseHeading(Guid Id, string Alias, string? Title, CaseStatus? Status, string? Denied)
{
    public string Text => Title is null ? Alias : $"{Alias}: {Title}";
}

/// <summary>Names cases for lists (agenda, worklists) through the privacy gate, each title shown logged as a page disclosure.</summary>
public static class CaseHeadings
{
    public static async Task<IReadOnlyDictionary<Guid, CaseHeading>> ForAsync(PrivacyGate gate, IEnumerable<Guid> caseIds, CurrentUser user, CancellationToken cancellationToken)
    {
        var ids = caseIds.Distinct().ToList();
        var titles = await gate.ViewTitlesAsync(ids, user, Channel.Page, cancellationToken);
        return ids.ToDictionary(id => id, id => titles.TryGetValue(id, out var title)
            ? new CaseHeading(id, title.Alias, title.Title, title.Status, title.Denied)
            : new CaseHeading(id, "Onbekende casus", null, null, null));
    }
}
