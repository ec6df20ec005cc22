using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DoorbraakTafel.Infrastructure;

/// <summary>How long /health waits for PostgreSQL to answer a simple query (section "Health").</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>
/// PostgreSQL is healthy when it answers a simple query within <see cref="HealthOptions.DatabaseTimeout"/>.
/// The wait is bounded on our side too: a stalled server may not even answer the cancel request
/// that Npgsql sends on the token, and /health must still say 503 in time.
/// </summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var timeout = options.Value.DatabaseTimeout;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        var command = dataSource.CreateCommand("select 1");
        var answer = command.ExecuteScalarAsync(cancel.Token);
        // Disposed when the query ends, however late; its failure is the one reported below.
        _ = answer.ContinueWith(async done => await command.DisposeAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            await answer.WaitAsync(timeout, cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer within {timeout.TotalSeconds:0.#} s.", exception);
        }
    }
}
