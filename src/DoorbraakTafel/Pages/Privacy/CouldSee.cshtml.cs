using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Privacy.Rights;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Pages.Privacy;

/// <summary>"What could organisation Y see of resident X on day D?": the gate's own rules as things stood that day.</summary>
public sealed class CouldSeeModel(IQuerySession query, SharingPolicy policy, People people, TimeProvider clock) : DoorbraakPage
{
    public string? OrganisationId { get; set; }

    public Guid? ResidentId { get; set; }

    public DateOnly? Date { get; set; }

    public IReadOnlyList<(string Id, string Name, OrganisationType Type)> Organisations { get; private set; } = [];

    public IReadOnlyList<WhatCouldSeeCase> Cases { get; private set; } = [];

    public bool Answered { get; private set; }

    public string PolicyVersion => policy.Version;

    /// <summary>One case of the answer, in public types for the page.</summary>
    public sealed record WhatCouldSeeCase(string Alias, string Access, IReadOnlyList<(string Category, bool Shown, string Explanation)> Categories);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Date = clock.Today();
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string? organisationId, Guid? residentId, DateOnly? date, CancellationToken cancellationToken)
    {
        (OrganisationId, ResidentId, Date) = (organisationId, residentId, date);
        await LoadAsync(cancellationToken);
        var organisation = Organisations.FirstOrDefault(o => o.Id == organisationId);
        if (organisation.Id is null)
        {
            ModelState.AddModelError(nameof(OrganisationId), "Kies een organisatie.");
        }

        if (residentId is null)
        {
            ModelState.AddModelError(nameof(ResidentId), "Vul het nummer (id) van de inwoner in.");
        }

        if (date is null)
        {
            ModelState.AddModelError(nameof(Date), "Kies een datum.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var answer = await WhatCouldSee.AnswerAsync(organisation.Id!, organisation.Type, residentId!.Value, date!.Value, query, policy, cancellationToken);
        Cases = [.. answer.Cases.Select(c => new WhatCouldSeeCase(c.Alias, c.Access.Explanation,
            [.. c.Categories.Select(v => (Dutch.Label(v.Category), v.Shown, v.Explanation))]))];
        Answered = true;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await people.LoadAsync(cancellationToken);
        var types = await query.Query<DoorbraakTafel.Tables.TableDetails>().ToListAsync(cancellationToken);
        var known = types.SelectMany(t => t.Organisations).DistinctBy(o => o.Id).Select(o => (o.Id, o.Name, o.Type)).ToList();
        foreach (var demo in DemoUsers.Organisations.Where(o => known.All(k => k.Id != o.Id) && !HttpContext.RequestServices.GetRequiredService<IWebHostEnvironment>().IsProduction()))
        {
            known.Add((demo.Id, demo.Name, demo.Type));
        }

        Organisations = [.. known.OrderBy(o => o.Name)];
    }
}
