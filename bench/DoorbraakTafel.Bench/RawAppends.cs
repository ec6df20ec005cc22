using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace DoorbraakTafel.Bench;

/// <summary>
/// The floor: one INSERT per event into a plain table, each writer appending to its own
/// streams with the next version it keeps in memory. No read, no projection, no metadata.
/// </summary>
internal sealed class RawAppends(NpgsqlDataSource database, BenchSettings settings)
{
    private const string Insert = "insert into bench.raw_events (stream_id, version, data) values ($1, $2, $3)";

    private readonly Guid[] streams = Enumerable.Range(0, settings.Streams).Select(_ => Guid.CreateVersion7()).ToArray();
    private readonly int[] versions = new int[settings.Streams];

    /// <summary>Creates the table if needed and gives every stream its first event.</summary>
    public async Task PrepareAsync()
    {
        await using (var create = database.CreateCommand(
            "create schema if not exists bench; " +
            "create table if not exists bench.raw_events (stream_id uuid not null, version int not null, data jsonb not null, primary key (stream_id, version))"))
        {
            await create.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < streams.Length; i++)
        {
            await InsertAsync(i, JsonSerializer.Serialize(Workload.Opened(streams[i], i, DateTimeOffset.UtcNow)));
        }
    }

    public Task AppendAsync(int writer, long sequence)
    {
        var stream = Workload.StreamOf(settings, writer, sequence);
        return InsertAsync(stream, JsonSerializer.Serialize(Workload.Contribution(streams[stream], DateTimeOffset.UtcNow)));
    }

    private async Task InsertAsync(int stream, string data)
    {
        // Only the stream's own writer touches its version, so no lock is needed.
        var version = ++versions[stream];
        await using var command = database.CreateCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = streams[stream] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync();
    }
}
