using Npgsql;
using Testcontainers.PostgreSql;

namespace DoorbraakTafel.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of a test run: started by Testcontainers, or the server that
/// deploy/dev.sh named in DOORBRAAK_TEST_SERVER (DOORBRAAK_DB or the embedded cluster)
/// where no Docker engine can be had. Each app host gets a fresh database on it, owned by the
/// owner role that applies the schema, and used at runtime by the app role that owns nothing
/// (docs/decisions.md); the admin connection is a superuser, who plays the insider in the tests.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly PostgreSqlContainer? container;
    private readonly List<string> createdDatabases = [];

    private PostgresServer(string adminConnectionString, PostgreSqlContainer? container, string description)
    {
        AdminConnectionString = adminConnectionString;
        this.container = container;
        Description = description;
    }

    public const string OwnerRole = "doorbraak_test_owner";
    public const string AppRole = "doorbraak_test_app";
    private const string OwnerPassword = "owner-in-tests";
    private const string AppPassword = "app-in-tests";

    private bool rolesCreated;

    public string AdminConnectionString { get; }

    public string Description { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var server = Environment.GetEnvironmentVariable("DOORBRAAK_TEST_SERVER");
        if (!string.IsNullOrEmpty(server))
        {
            return new PostgresServer(server, null, "the PostgreSQL server named by deploy/dev.sh (embedded cluster or DOORBRAAK_DB)");
        }

        var image = Environment.GetEnvironmentVariable("DOORBRAAK_TESTCONTAINERS_IMAGE") ?? "postgres:15";
        var container = new PostgreSqlBuilder(image)
            .WithLabel("doorbraak.run", Environment.GetEnvironmentVariable("DOORBRAAK_RUN_ID") ?? "manual")
            .Build();
        await container.StartAsync();
        return new PostgresServer(container.GetConnectionString(), container, $"PostgreSQL in a container started by Testcontainers ({image})");
    }

    public async Task<TestDatabase> CreateDatabaseAsync(string purpose)
    {
        if (!rolesCreated)
        {
            // Roles belong to the server, which may be one that earlier runs used: created once, reset each run.
            foreach (var (role, password) in new[] { (OwnerRole, OwnerPassword), (AppRole, AppPassword) })
            {
                await ExecuteAsync($"""
                    do $$ begin create role {role}; exception when duplicate_object then null; end $$;
                    alter role {role} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '{password}'
                    """);
            }

            rolesCreated = true;
        }

        var name = $"doorbraak_test_{purpose}_{Guid.NewGuid():N}"[..40];
        await ExecuteAsync($"create database \"{name}\" owner {OwnerRole}");
        createdDatabases.Add(name);
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        return new TestDatabase(
            name,
            new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Username = OwnerRole, Password = OwnerPassword }.ConnectionString,
            new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Username = AppRole, Password = AppPassword }.ConnectionString,
            admin.ConnectionString);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
            return;
        }

        NpgsqlConnection.ClearAllPools();
        foreach (var name in createdDatabases)
        {
            await ExecuteAsync($"drop database if exists \"{name}\" with (force)");
        }
    }
}

/// <summary>One database of a test run: the owner's connection (schema), the app's (runtime) and a superuser's (the insider).</summary>
public sealed record TestDatabase(string Name, string OwnerConnectionString, string AppConnectionString, string SuperuserConnectionString);
