using DoorbraakTafel.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DoorbraakTafel.Tests;

/// <summary>Base for tests over the running app: every test starts from an empty case store.</summary>
public abstract class AppTest
{
    protected static DoorbraakApp App => TestRun.App;

    /// <summary>
    /// Truncates every table; the previous test's pushes may still be reading several of them in
    /// one batch, which PostgreSQL can resolve as a deadlock against the truncate. Then again.
    /// </summary>
    [SetUp]
    public async Task ResetCaseStoreAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await App.ResetCaseStoreAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 3)
            {
            }
        }
    }

    /// <summary>How many events of a type (Marten's snake-case name, like <c>decision_recorded</c>) a stream holds, as stored.</summary>
    protected static Task<long> StoredEventsAsync(Guid streamId, string type) =>
        ScalarAsync<long>("select count(*) from doorbraak.mt_events where stream_id = $1 and type = $2", streamId, type);

    /// <summary>Reads the app's database directly, to check what really got stored.</summary>
    protected static async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = App.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
