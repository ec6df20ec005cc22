using System.Diagnostics;
using DoorbraakTafel.BenchKit;

namespace DoorbraakTafel.PrivacyBench;

/// <summary>One read by one reader.</summary>
internal delegate Task Read();

/// <summary>
/// One way of reading with a fixed number of readers, each reading flat out (the next read as soon
/// as the last answered), in slices interleaved with the other ways. A failing read stops the run:
/// no figure hides errors.
/// </summary>
internal sealed class Load(string way, string label, int readers, Read read, string database, Action<bool>? measuring = null)
{
    private readonly List<long> latencies = [];
    private TimeSpan measured;
    private CpuUse cpu = CpuUse.None;

    public string Way => way;

    public Read ReadOnce => read;

    public string Label => label;

    public int Readers => readers;

    public long Reads => latencies.Count;

    public double PerSecond => Reads / measured.TotalSeconds;

    public double P50 => BenchArgs.PercentileMilliseconds(latencies, 0.50);

    public double P90 => BenchArgs.PercentileMilliseconds(latencies, 0.90);

    public double P99 => BenchArgs.PercentileMilliseconds(latencies, 0.99);

    public double Mean => latencies.Count == 0 ? double.NaN : latencies.Average() * 1000.0 / Stopwatch.Frequency;

    public CpuUse Cpu => cpu;

    /// <summary>CPU of this process (app and readers) and its database backends per read, in milliseconds.</summary>
    public double CpuMillisecondsPerRead => cpu.Used * 1000 / PerSecond;

    public async Task RunAsync(TimeSpan length, bool measure)
    {
        measuring?.Invoke(measure);
        var before = CpuSample.Take(database);
        var start = Stopwatch.GetTimestamp();
        var stopAt = start + (long)(length.TotalSeconds * Stopwatch.Frequency);

        async Task<List<long>> Reader()
        {
            var times = new List<long>(capacity: 4096);
            while (true)
            {
                var began = Stopwatch.GetTimestamp();
                if (began >= stopAt)
                {
                    return times;
                }

                await read();
                times.Add(Stopwatch.GetTimestamp() - began);
            }
        }

        var slice = (await Task.WhenAll(Enumerable.Range(0, readers).Select(_ => Task.Run(Reader)))).SelectMany(t => t).ToArray();
        var elapsed = Stopwatch.GetElapsedTime(start);
        var used = CpuSample.Take(database).Since(before);
        if (measure)
        {
            latencies.AddRange(slice);
            measured += elapsed;
            cpu = cpu.Plus(used);
        }
    }
}
