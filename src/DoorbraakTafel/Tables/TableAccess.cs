using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using Marten;

namespace DoorbraakTafel.Tables;

/// <summary>
/// Who sees a table's meetings, agendas, attendance and signals: the organisations at it now, its
/// chairs, the Admin who keeps it, and the leaders of a team that covers it. Anyone else learns
/// nothing of what happens at the table (privacy/dpia.md, M1).
/// </summary>
internal static class TableAccess
{
    public static async Task<bool> AdmitsAsync(this IQuerySession query, TableDetails table, CurrentUser user, CancellationToken cancellationToken) =>
        table.SeatsParticipant(user) || table.IsChair(user.UserId) || user.IsIn(Roles.Admin)
        || (user.IsIn(Roles.TeamLead) && await query.Query<Team>().AnyAsync(t => t.Leaders.Contains(user.UserId) && t.Tables.Contains(table.Id), cancellationToken));

    public static async Task EnsureAdmittedAsync(this IQuerySession query, TableDetails table, CurrentUser user, CancellationToken cancellationToken)
    {
        if (!await query.AdmitsAsync(table, user, cancellationToken))
        {
            throw Rejected.Forbidden(
                $"Only the organisations at table {table.Id}, its chairs and the leaders of its team see its meetings and signals.",
                "Alleen de organisaties aan deze tafel, de voorzitters en de teamleider van het team zien de bijeenkomsten en signalen van deze tafel.");
        }
    }

    /// <summary>The table, admitted: 404 when it does not exist, 403 when the user is not admitted.</summary>
    public static async Task<TableDetails> AdmittedTableAsync(this IQuerySession query, Guid tableId, CurrentUser user, CancellationToken cancellationToken)
    {
        var table = await query.LoadAsync<TableDetails>(tableId, cancellationToken) ?? throw Rejected.NotFound("Table", tableId);
        await query.EnsureAdmittedAsync(table, user, cancellationToken);
        return table;
    }
}
