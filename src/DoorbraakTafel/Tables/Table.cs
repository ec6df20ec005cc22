using System.Collections.Immutable;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using Marten.Events.Aggregation;

namespace DoorbraakTafel.Tables;

public sealed record TableEstablished(
    Guid TableId, [property: NonPersonal("the table\'s name")] string Name, [property: NonPersonal("a neighbourhood")] string Wijk, [property: NonPersonal("a municipality")] string Municipality,
    [property: NonPersonal("user ids")] IReadOnlyList<string> Chairs, [property: NonPersonal("a user id")] string EstablishedBy, DateTimeOffset At);

public sealed record OrganisationJoinedTable(Guid TableId, [property: NonPersonal("an organisation id")] string OrganisationId, [property: NonPersonal("an organisation\'s name")] string Name, OrganisationType Type, DateTimeOffset At);

public sealed record OrganisationLeftTable(
    Guid TableId, [property: NonPersonal("an organisation id")] string OrganisationId, [property: NonPersonal("why an organisation left the table: about the organisation, never a resident")] string? Reason, DateTimeOffset At);

public sealed record ChairAppointed(Guid TableId, [property: NonPersonal("a user id")] string UserId, DateTimeOffset At);

public sealed record NextMeetingProposed(Guid TableId, DateOnly Date, DateTimeOffset At);

/// <summary>Write state of a table: who chairs it and which organisations sit at it now.</summary>
public sealed record Table(Guid Id, [property: NonPersonal("user ids")] ImmutableHashSet<string> Chairs, [property: NonPersonal("organisation ids")] ImmutableHashSet<string> Members)
{
    public static Table Create(TableEstablished established) => new(established.TableId, [.. established.Chairs], []);

    public Table Apply(OrganisationJoinedTable joined) => this with { Members = Members.Add(joined.OrganisationId) };

    public Table Apply(OrganisationLeftTable left) => this with { Members = Members.Remove(left.OrganisationId) };

    public Table Apply(ChairAppointed appointed) => this with { Chairs = Chairs.Add(appointed.UserId) };
}

public sealed record MemberOrganisation(
    [property: NonPersonal("an organisation id")] string Id, [property: NonPersonal("an organisation\'s name")] string Name, OrganisationType Type, DateTimeOffset Since, DateTimeOffset? Until,
    [property: NonPersonal("why an organisation left the table: about the organisation, never a resident")] string? LeftBecause);

/// <summary>A table as readers see it: current members, and former ones, so history stays visible.</summary>
public sealed record TableDetails(
    Guid Id, [property: NonPersonal("the table\'s name")] string Name, [property: NonPersonal("a neighbourhood")] string Wijk, [property: NonPersonal("a municipality")] string Municipality, [property: NonPersonal("user ids")] IReadOnlyList<string> Chairs, IReadOnlyList<MemberOrganisation> Organisations, DateOnly? ProposedNextMeeting)
{
    public int Version { get; set; }

    public IEnumerable<MemberOrganisation> CurrentMembers => Organisations.Where(o => o.Until is null);

    public bool IsChair(string userId) => Chairs.Contains(userId);

    public bool HasMember(string organisationId) => CurrentMembers.Any(o => o.Id == organisationId);

    /// <summary>
    /// Whether the user takes part for an organisation at the table: the privacy officer of a member
    /// organisation audits the log and does not sit at the table (privacy/dpia.md, M10).
    /// </summary>
    public bool SeatsParticipant(CurrentUser user) => HasMember(user.OrganisationId) && !user.IsIn(Roles.PrivacyOfficer);
}

internal sealed class TableDetailsProjection : SingleStreamProjection<TableDetails, Guid>
{
    public static TableDetails Create(TableEstablished e) => new(e.TableId, e.Name, e.Wijk, e.Municipality, e.Chairs, [], null);

    public static TableDetails Apply(OrganisationJoinedTable e, TableDetails table) =>
        table with { Organisations = [.. table.Organisations, new MemberOrganisation(e.OrganisationId, e.Name, e.Type, e.At, null, null)] };

    public static TableDetails Apply(OrganisationLeftTable e, TableDetails table) => table with
    {
        Organisations = [.. table.Organisations.Select(o => o.Id == e.OrganisationId && o.Until is null ? o with { Until = e.At, LeftBecause = e.Reason } : o)],
    };

    public static TableDetails Apply(ChairAppointed e, TableDetails table) => table with { Chairs = [.. table.Chairs, e.UserId] };

    public static TableDetails Apply(NextMeetingProposed e, TableDetails table) => table with { ProposedNextMeeting = e.Date };
}
