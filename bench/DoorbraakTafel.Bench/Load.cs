using System.Diagnostics;
using DoorbraakTafel.BenchKit;

namespace DoorbraakTafel.Bench;

/// <summary>One append by one writer: the writer's number and how many appends it made before.</summary>
internal delegate Task Append(int writer, long sequence);

/// <summary>
/// One way of appending, run by a fixed number of writers flat out in slices. Writers carry
/// their sequence from slice to slice, so streams fill round-robin across the whole run. A
/// failing append stops the run: no figure hides errors.
/// </summary>
internal sealed class Load(string label, BenchSettings settings, Append append)
{
    private readonly long[] next = new long[settings.Writers];
    private readonly List<long> latencies = [];
    private readonly List<double> sliceRates = [];
    private long appends;
    private TimeSpan measured;
    private long allocated;
    private TimeSpan paused;

    public string Label => label;

    public long Appends => appends;

    public double PerSecond => appends / measured.TotalSeconds;

    public IReadOnlyList<double> SliceRates => sliceRates;

    public CpuUse Cpu { get; private set; } = CpuUse.None;

    /// <summary>Events per stream once the run is done, warm-up included, for the ways that append to streams.</summary>
    public double EventsPerStream => 1 + ((double)next.Sum() / settings.Streams);

    /// <summary>CPU of this process and its database backends per append, in milliseconds: steadier than the rate when others share the machine.</summary>
    public double CpuMillisecondsPerAppend => Cpu.Used * 1000 / PerSecond;

    /// <summary>Bytes this process allocated per append, in kilobytes; the HTTP client's included.</summary>
    public double KilobytesPerAppend => allocated / 1024.0 / appends;

    /// <summary>Time the garbage collector paused this process per append, in milliseconds.</summary>
    public double GcPauseMillisecondsPerAppend => paused.TotalMilliseconds / appends;

    public double P50Milliseconds => BenchArgs.PercentileMilliseconds(latencies, 0.50);

    public double P99Milliseconds => BenchArgs.PercentileMilliseconds(latencies, 0.99);

    /// <summary>Runs the writers for <paramref name="length"/>; counts what they do when <paramref name="measure"/> is set.</summary>
    public async Task RunAsync(TimeSpan length, bool measure)
    {
        var before = CpuSample.Take(settings.Database);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var pausedBefore = GC.GetTotalPauseDuration();
        var start = Stopwatch.GetTimestamp();
        var stopAt = start + (long)(length.TotalSeconds * Stopwatch.Frequency);

        async Task<List<long>> Writer(int writer)
        {
            var times = new List<long>(capacity: 4096);
            while (true)
            {
                var began = Stopwatch.GetTimestamp();
                if (began >= stopAt)
                {
                    return times;
                }

                await append(writer, next[writer]++);
                times.Add(Stopwatch.GetTimestamp() - began);
            }
        }

        var slice = (await Task.WhenAll(Enumerable.Range(0, settings.Writers).Select(w => Task.Run(() => Writer(w))))).SelectMany(t => t).ToArray();
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpu = CpuSample.Take(settings.Database).Since(before);
        var allocatedInSlice = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var pausedInSlice = GC.GetTotalPauseDuration() - pausedBefore;
        if (!measure)
        {
            return;
        }

        latencies.AddRange(slice);
        appends += slice.Length;
        measured += elapsed;
        allocated += allocatedInSlice;
        paused += pausedInSlice;
        sliceRates.Add(slice.Length / elapsed.TotalSeconds);
        Cpu = Cpu.Plus(cpu);
    }
}
