using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Disclosures;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Privacy;

/// <summary>The privacy officer's disclosure log with filters, its integrity check, and the consents that end soon.</summary>
public sealed class LogModel(DisclosureLog log, IQuerySession query, TimeProvider clock) : DoorbraakPage
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)]
    public Guid? ResidentId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? OrganisationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CaseId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Until { get; set; }

    public IReadOnlyList<LoggedDisclosure> Rows { get; private set; } = [];

    public IReadOnlyList<ConsentRecord> Expiring { get; private set; } = [];

    public VerifyResult? Verified { get; private set; }

    public string CsvLink { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verified = await log.VerifyAsync(cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? Start(DateOnly? day) => day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), Clock.Netherlands.GetUtcOffset(d.ToDateTime(TimeOnly.MinValue))) : null;
        var filter = new DisclosureFilter(ResidentId?.ToString(), Blank(UserId), Blank(OrganisationId), CaseId?.ToString(), Start(From), Start(Until?.AddDays(1)), PageSize);
        // The newest first: the log reads in order, so take the last page of the filtered records.
        var all = await log.SearchAsync(filter with { Limit = 100_000 }, cancellationToken);
        Rows = [.. all.TakeLast(PageSize).Reverse()];
        Expiring = await ExpiringConsents.List(query, clock.Today(), cancellationToken);
        var parameters = new Dictionary<string, string?>
        {
            ["residentId"] = ResidentId?.ToString(),
            ["userId"] = Blank(UserId),
            ["organisationId"] = Blank(OrganisationId),
            ["caseId"] = CaseId?.ToString(),
            ["from"] = filter.From?.ToString("O"),
            ["until"] = filter.Until?.ToString("O"),
        };
        CsvLink = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/privacy/disclosures.csv", parameters.Where(p => p.Value is not null)!);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
