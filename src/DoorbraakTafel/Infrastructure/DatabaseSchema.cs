using System.Text.RegularExpressions;
using Hangfire.PostgreSql;
using Marten;
using Npgsql;

namespace DoorbraakTafel.Infrastructure;

/// <summary>
/// SQL that a feature adds to the database schema, run as the owner role after Marten's and
/// Hangfire's schema. <see cref="Sql"/> gets the app's runtime role (a quoted identifier) and
/// whether it is a role of its own, so the script can grant it what it needs and nothing more.
/// </summary>
public sealed record SchemaScript(string Name, Func<string, bool, string> Sql);

/// <summary>
/// Applies the whole schema (Marten's, Hangfire's and each <see cref="SchemaScript"/>) before the
/// app serves, through the owner connection (<c>ConnectionStrings:DoorbraakOwner</c>), and grants
/// the runtime role (<c>ConnectionStrings:Doorbraak</c>) the use of the tables: it owns nothing,
/// so it cannot alter, disable or drop what the owner set up (docs/decisions.md). Without an owner
/// connection string the runtime connection applies the schema itself, as one role; in Production
/// (<paramref name="requireLeastPrivilege"/>) the app then refuses to start, as it does when its
/// runtime role is a superuser or a member of the owner role.
/// </summary>
public sealed partial class DatabaseSchema(
    string ownerConnectionString, string runtimeConnectionString, bool requireLeastPrivilege, Func<StoreOptions> martenOptions, IEnumerable<SchemaScript> scripts)
{
    public const string HangfireSchema = "hangfire";

    /// <summary>Marten's store as the owner role sees it: for schema changes (and the tests' resets), never for the app's work.</summary>
    public DocumentStore OwnerStore()
    {
        var options = martenOptions();
        options.Connection(ownerConnectionString);
        return new DocumentStore(options);
    }

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await using (var store = OwnerStore())
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(ownerConnectionString);
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);
        }

        var owner = await CurrentUserAsync(ownerConnectionString, cancellationToken);
        var runtime = await CurrentUserAsync(runtimeConnectionString, cancellationToken);
        var separate = owner != runtime;
        if (requireLeastPrivilege && await MayAlterAsync(owner, cancellationToken))
        {
            throw new InvalidOperationException(
                $"The app's database role '{runtime}' (ConnectionStrings:{DatabaseModule.ConnectionStringName}) could alter the schema, the disclosure log's guard included: " +
                $"it is a superuser or the owner role '{owner}' (ConnectionStrings:{DatabaseModule.OwnerConnectionStringName}), or a member of it. " +
                "Give the app a role of its own that owns nothing (README, Production configuration).");
        }

        var role = Quoted(runtime);
        foreach (var script in scripts)
        {
            await using var command = dataSource.CreateCommand(script.Sql(role, separate));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (separate)
        {
            var exempt = string.Join(", ", scripts.Select(s => $"'{s.Name}'"));
            await using var command = dataSource.CreateCommand(GrantUseOfOwnedSchemas(role, exempt));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The runtime role reads and writes the rows of every schema the owner owns (Marten's, the
    /// identity schema, Hangfire's), uses their sequences and calls their functions, for what
    /// exists now and (default privileges) what the owner creates later; the schemas of the
    /// <see cref="SchemaScript"/>s grant for themselves.
    /// </summary>
    private static string GrantUseOfOwnedSchemas(string role, string exempt) => $$"""
        do $$
        declare s text;
        begin
            for s in select nspname from pg_namespace where nspowner = (select oid from pg_roles where rolname = current_user) and nspname not in ({{exempt}}) and nspname not like 'pg\_%' loop
                execute format('grant usage on schema %I to {{role}}', s);
                execute format('grant select, insert, update, delete on all tables in schema %I to {{role}}', s);
                execute format('grant usage, select, update on all sequences in schema %I to {{role}}', s);
                execute format('grant execute on all routines in schema %I to {{role}}', s);
                execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to {{role}}', s);
                execute format('alter default privileges in schema %I grant usage, select, update on sequences to {{role}}', s);
                execute format('alter default privileges in schema %I grant execute on routines to {{role}}', s);
            end loop;
        end $$;
        """;

    /// <summary>Whether the runtime role is a superuser, or the owner role or one of its members.</summary>
    private async Task<bool> MayAlterAsync(string owner, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(runtimeConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select rolsuper or pg_has_role(current_user, $1, 'MEMBER') from pg_roles where rolname = current_user", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<string> CurrentUserAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select current_user", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A role name as an SQL identifier; only plain names, so nothing needs escaping.</summary>
    private static string Quoted(string role) =>
        PlainName().IsMatch(role) ? $"\"{role}\"" : throw new InvalidOperationException($"The database role '{role}' needs a plain name (letters, digits, underscores).");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainName();
}
