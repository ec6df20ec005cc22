using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Pages.Tables;

/// <summary>Mijn tafels: the tables I sit at (or oversee) and their next meetings.</summary>
public sealed class MineModel(IQuerySession query, TimeProvider clock) : DoorbraakPage
{
    public IReadOnlyList<TableDetails> Tables { get; private set; } = [];

    public ILookup<Guid, MeetingBoard> Upcoming { get; private set; } = Array.Empty<MeetingBoard>().ToLookup(m => m.TableId);

    public bool Overseeing { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var me = Me;
        var all = await query.Query<TableDetails>().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        Overseeing = me.Role is Roles.TeamLead or Roles.Admin or Roles.PrivacyOfficer;
        Tables = Overseeing ? all : [.. all.Where(t => t.IsChair(me.UserId) || t.HasMember(me.OrganisationId))];
        var ids = Tables.Select(t => t.Id).ToArray();
        var today = clock.Today();
        var meetings = await query.Query<MeetingBoard>()
            .Where(m => ids.Contains(m.TableId) && m.Status != MeetingStatus.Closed && m.Date >= today.AddDays(-1))
            .OrderBy(m => m.Date)
            .ToListAsync(cancellationToken);
        Upcoming = meetings.ToLookup(m => m.TableId);
    }
}
