using System.Globalization;
using DoorbraakTafel.BenchKit;
using Npgsql;

namespace DoorbraakTafel.Bench;

/// <summary>What one run measures; every figure can be changed on the command line.</summary>
internal sealed record BenchSettings(string ConnectionString, int Writers, int StreamsPerWriter, TimeSpan WarmUp, TimeSpan Duration, int Rounds, bool AppendModes, bool Breakdown, IReadOnlySet<string>? Only = null)
{
    public const string ConnectionVariable = "DOORBRAAK_BENCH_DB";

    public const string Usage =
        "usage: DoorbraakTafel.Bench [--writers 8] [--streams-per-writer 8] [--warmup 2] [--seconds 10] [--rounds 5] [--no-append-modes] [--no-breakdown] [--only way,way]\n" +
        "  ways: raw, marten, api, api-no-key, parts, append-modes (--only is for profiling one way at a time)\n" +
        $"  {ConnectionVariable} names the database (a connection string); the bench adds its tables and Marten's schema to it.";

    public int Streams => Writers * StreamsPerWriter;

    public string Database => new NpgsqlConnectionStringBuilder(ConnectionString).Database ?? "?";

    public bool Wants(string way) => Only is null || Only.Contains(way);

    public static BenchSettings Parse(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"Set {ConnectionVariable} to the connection string of the benchmark database.");
        }

        var settings = new BenchSettings(connectionString, 8, 8, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), Rounds: 5, AppendModes: true, Breakdown: true);
        for (var i = 0; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--writers" => settings with { Writers = BenchArgs.Positive(args, ++i) },
                "--streams-per-writer" => settings with { StreamsPerWriter = BenchArgs.Positive(args, ++i) },
                "--warmup" => settings with { WarmUp = TimeSpan.FromSeconds(BenchArgs.Seconds(args, ++i)) },
                "--seconds" => settings with { Duration = TimeSpan.FromSeconds(Math.Max(1, BenchArgs.Seconds(args, ++i))) },
                "--rounds" => settings with { Rounds = BenchArgs.Positive(args, ++i) },
                "--no-append-modes" => settings with { AppendModes = false },
                "--no-breakdown" => settings with { Breakdown = false },
                "--only" when i + 1 < args.Length => settings with { Only = args[++i].Split(',', StringSplitOptions.TrimEntries).ToHashSet() },
                _ => throw new ArgumentException($"Unknown argument {args[i]}."),
            };
        }

        return settings;
    }
}
