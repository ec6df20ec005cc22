using System.Globalization;
using Npgsql;

namespace DoorbraakTafel.PrivacyBench;

/// <summary>What one run measures; every figure can be changed on the command line.</summary>
internal sealed record PrivacySettings(string ConnectionString, string? OwnerConnectionString, IReadOnlyList<int> Readers, TimeSpan WarmUp, TimeSpan Duration, int Rounds, string Viewer, bool Parts, bool Breakdown = false)
{
    public const string ConnectionVariable = "DOORBRAAK_BENCH_DB";
    public const string OwnerConnectionVariable = "DOORBRAAK_BENCH_OWNER_DB";

    public const string Usage =
        "usage: DoorbraakTafel.PrivacyBench [--readers 1,16] [--warmup 1] [--seconds 5] [--rounds 2] [--viewer sanne] [--no-parts] [--breakdown]\n" +
        "  --breakdown: afterwards, one reader per way again with the database time per read by statement (Npgsql activities).\n" +
        "  every way runs --rounds times, interleaved with the others, for --warmup + --seconds each; figures are over all rounds.\n" +
        $"  {ConnectionVariable} names the database (a connection string); the bench adds Marten's schema and the privacy schema to it,\n" +
        $"  as the owner role of {OwnerConnectionVariable} when that is set (the app then runs as the role of {ConnectionVariable}).";

    public string Database => new NpgsqlConnectionStringBuilder(ConnectionString).Database ?? "?";

    public static PrivacySettings Parse(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"Set {ConnectionVariable} to the connection string of the benchmark database.");
        }

        var owner = Environment.GetEnvironmentVariable(OwnerConnectionVariable);
        var settings = new PrivacySettings(connectionString, string.IsNullOrWhiteSpace(owner) ? null : owner, [1, 16], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), Rounds: 2, Viewer: "sanne", Parts: true);
        for (var i = 0; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--readers" when i + 1 < args.Length => settings with { Readers = [.. args[++i].Split(',').Select(r => Positive(r, "--readers"))] },
                "--warmup" => settings with { WarmUp = TimeSpan.FromSeconds(Seconds(args, ++i)) },
                "--seconds" => settings with { Duration = TimeSpan.FromSeconds(Math.Max(1, Seconds(args, ++i))) },
                "--rounds" when i + 1 < args.Length => settings with { Rounds = Positive(args[++i], "--rounds") },
                "--viewer" when i + 1 < args.Length => settings with { Viewer = args[++i] },
                "--no-parts" => settings with { Parts = false },
                "--breakdown" => settings with { Breakdown = true },
                _ => throw new ArgumentException($"Unknown argument {args[i]}."),
            };
        }

        return settings;
    }

    private static int Positive(string value, string name) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : throw new ArgumentException($"{name} needs positive whole numbers.");

    private static double Seconds(string[] args, int i) =>
        i < args.Length && double.TryParse(args[i], CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"{args[i - 1]} needs a number of seconds.");
}
