using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DoorbraakTafel.BenchKit;

/// <summary>How the benches read their command lines and report their latencies.</summary>
public static class BenchArgs
{
    /// <summary>The bench's settings from its command line; on a bad one, says why and how to call it, and gives false (exit code 2).</summary>
    public static bool TryParse<T>(string[] args, Func<string[], T> parse, string usage, [NotNullWhen(true)] out T? settings)
        where T : class
    {
        try
        {
            settings = parse(args);
            return true;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(usage);
            settings = null;
            return false;
        }
    }

    /// <summary>The positive whole number at <paramref name="i"/>, the value of the option before it.</summary>
    public static int Positive(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{args[i - 1]} needs a positive whole number.");

    /// <summary>The number of seconds at <paramref name="i"/>, the value of the option before it.</summary>
    public static double Seconds(string[] args, int i) =>
        i < args.Length && double.TryParse(args[i], CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"{args[i - 1]} needs a number of seconds.");

    /// <summary>The latency at <paramref name="fraction"/> (nearest rank) of Stopwatch tick counts, in milliseconds; sorts them.</summary>
    public static double PercentileMilliseconds(List<long> ticks, double fraction)
    {
        if (ticks.Count == 0)
        {
            return double.NaN;
        }

        ticks.Sort();
        var rank = (int)Math.Ceiling(fraction * ticks.Count) - 1;
        return ticks[Math.Clamp(rank, 0, ticks.Count - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
