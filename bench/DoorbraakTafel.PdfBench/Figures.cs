using System.Diagnostics;
using System.Globalization;

namespace DoorbraakTafel.PdfBench;

/// <summary>One way of producing (part of) the PDF, and its timings in milliseconds.</summary>
internal sealed class Figures(string name, Func<Task> run)
{
    private readonly List<double> milliseconds = [];

    private Func<Task> Run => run;

    public string Name => name;

    public double Median => Percentile(0.5);

    public double P99 => Percentile(0.99);

    /// <summary>
    /// Runs every way once per round, in turn, so all see the same load on the machine (others may be
    /// building or testing on it): <paramref name="warmUp"/> rounds unmeasured, then <paramref name="runs"/> measured.
    /// </summary>
    public static async Task MeasureAsync(IReadOnlyList<Figures> ways, int warmUp, int runs)
    {
        for (var round = 0; round < warmUp + runs; round++)
        {
            foreach (var way in ways)
            {
                var start = Stopwatch.GetTimestamp();
                await way.Run();
                if (round >= warmUp)
                {
                    way.milliseconds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }
    }

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Median:0.0} | {P99:0.0} | {milliseconds.Min():0.0} | {milliseconds.Max():0.0} |");

    /// <summary>Nearest-rank percentile.</summary>
    private double Percentile(double p)
    {
        var sorted = milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
