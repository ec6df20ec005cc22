using Npgsql;
using Testcontainers.PostgreSql;

namespace DoorbraakTafel.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of a test run: started by Testcontainers, or the server that
/// deploy/dev.sh named in DOORBRAAK_TEST_SERVER (DOORBRAAK_DB or the embedded cluster)
/// where no Docker engine can be had. Each app host gets a fresh database on it.
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

    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"doorbraak_test_{purpose}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"create database \"{name}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        createdDatabases.Add(name);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
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
