using System.Globalization;
using DoorbraakTafel.BenchKit;
using Npgsql;

namespace DoorbraakTafel.LiveBench;

/// <summary>What one run measures; every figure can be changed on the command line, so it can be run small.</summary>
internal sealed record LiveSettings(
    string ConnectionString,
    int Meetings,
    int ClientsPerMeeting,
    TimeSpan WarmUp,
    TimeSpan Duration,
    TimeSpan Drain,
    int ConnectParallelism,
    int PoolSize,
    bool Bare,
    bool App,
    bool Breakdown = false,
    bool MemoryParts = false,
    int AutoPrepare = 0)
{
    public const string ConnectionVariable = "DOORBRAAK_BENCH_DB";

    public const string Usage =
        "usage: DoorbraakTafel.LiveBench [--meetings 100] [--clients 20] [--warmup 30] [--seconds 10] [--drain 3] [--connect-parallelism 16] [--pool 30] [--only bare|app] [--breakdown] [--memory-parts] [--auto-prepare 0]\n" +
        "  --warmup: the JIT keeps re-compiling (tiered PGO) for well over 10 s at this load; 30 s measures the steady state.\n" +
        "  --auto-prepare N: the app's connection string with Max Auto Prepare=N (Npgsql prepares its N most used statements; 0 leaves it to the app, which sets 50).\n" +
        "  --memory-parts: also the memory per idle connection of the bare hub with each of our hub's options (stateful reconnect, bearer sign-in, two groups, the app's logging), and with all of them.\n" +
        "  --breakdown: the app's database time per write by statement, from Npgsql's activities (costs a little itself).\n" +
        "  --seconds is measured per hub (bare, then ours); --drain is how long to wait for the last pushes after the writes stop.\n" +
        $"  {ConnectionVariable} names the database (a connection string); the bench adds Marten's schema and a table live_bench_bare to it.";

    /// <summary>Connections per meeting that receive another's write: the first one is the writer's own screen.</summary>
    public int Receivers => ClientsPerMeeting - 1;

    public int Connections => Meetings * ClientsPerMeeting;

    public string Database => new NpgsqlConnectionStringBuilder(ConnectionString).Database ?? "?";

    /// <summary>The connection string with a pool the shared server can hold (max_connections is 100 here), and Npgsql's automatic preparation if asked for.</summary>
    public string Pooled(int size, int autoPrepare = 0) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = size, MaxAutoPrepare = autoPrepare }.ConnectionString;

    public static LiveSettings Parse(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"Set {ConnectionVariable} to the connection string of the benchmark database.");
        }

        var settings = new LiveSettings(
            connectionString, Meetings: 100, ClientsPerMeeting: 20, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3),
            ConnectParallelism: 16, PoolSize: 30, Bare: true, App: true);
        for (var i = 0; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--meetings" => settings with { Meetings = BenchArgs.Positive(args, ++i) },
                "--clients" => settings with { ClientsPerMeeting = Math.Max(2, BenchArgs.Positive(args, ++i)) },
                "--warmup" => settings with { WarmUp = TimeSpan.FromSeconds(BenchArgs.Seconds(args, ++i)) },
                "--seconds" => settings with { Duration = TimeSpan.FromSeconds(Math.Max(1, BenchArgs.Seconds(args, ++i))) },
                "--drain" => settings with { Drain = TimeSpan.FromSeconds(BenchArgs.Seconds(args, ++i)) },
                "--connect-parallelism" => settings with { ConnectParallelism = BenchArgs.Positive(args, ++i) },
                "--pool" => settings with { PoolSize = BenchArgs.Positive(args, ++i) },
                "--breakdown" => settings with { Breakdown = true },
                "--memory-parts" => settings with { MemoryParts = true },
                "--auto-prepare" => settings with { AutoPrepare = BenchArgs.Positive(args, ++i) },
                "--only" when i + 1 < args.Length => args[++i] switch
                {
                    "bare" => settings with { App = false },
                    "app" => settings with { Bare = false },
                    var other => throw new ArgumentException($"--only takes bare or app, not {other}."),
                },
                _ => throw new ArgumentException($"Unknown argument {args[i]}."),
            };
        }

        return settings;
    }
}
