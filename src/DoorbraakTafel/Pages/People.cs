using DoorbraakTafel.Identity;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Pages;

/// <summary>
/// Names for the ids the events carry: organisations from the tables they sit at, people from the
/// attendance they recorded (and, outside Production, the demo users). Falls back to the id.
/// </summary>
public sealed class People(IQuerySession query, IWebHostEnvironment environment)
{
    private Dictionary<string, string>? organisations;
    private readonly Dictionary<string, string> persons = [];

    public async Task<string> OrganisationAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        if (organisations is null)
        {
            var tables = await query.Query<TableDetails>().ToListAsync(cancellationToken);
            organisations = tables.SelectMany(t => t.Organisations).DistinctBy(o => o.Id).ToDictionary(o => o.Id, o => o.Name);
            if (!environment.IsProduction())
            {
                foreach (var organisation in DemoUsers.Organisations)
                {
                    organisations.TryAdd(organisation.Id, organisation.Name);
                }
            }
        }

        return organisations.GetValueOrDefault(organisationId, organisationId);
    }

    /// <summary>
    /// Knows the names of these organisations (with the demo's outside production) instead of
    /// loading every table's, for a caller that holds every organisation it will name: a live push of
    /// a case renders many times a second and names only its table's and the case's organisations.
    /// </summary>
    public void KnowOrganisations(IEnumerable<(string Id, string Name)> known)
    {
        organisations ??= environment.IsProduction() ? [] : DemoUsers.Organisations.ToDictionary(o => o.Id, o => o.Name);
        foreach (var (id, name) in known)
        {
            organisations[id] = name;
        }
    }

    /// <summary>Loads every organisation name once, so a page can then call <see cref="Organisation"/> while rendering.</summary>
    public async Task<People> LoadAsync(CancellationToken cancellationToken = default)
    {
        await OrganisationAsync("", cancellationToken);
        return this;
    }

    public string Organisation(string organisationId) => organisations?.GetValueOrDefault(organisationId, organisationId) ?? organisationId;

    public IReadOnlyDictionary<string, string> Organisations => organisations ?? [];

    public void Know(string userId, string displayName) => persons[userId] = displayName;

    public string Person(string userId) =>
        persons.TryGetValue(userId, out var name) ? name
        : !environment.IsProduction() && DemoUsers.All.FirstOrDefault(u => u.UserId == userId) is { } demo ? demo.DisplayName
        : userId;
}
