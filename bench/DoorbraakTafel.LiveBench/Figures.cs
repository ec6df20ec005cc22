using System.Diagnostics;
using DoorbraakTafel.BenchKit;

namespace DoorbraakTafel.LiveBench;

/// <summary>
/// Latency from just before a write to each receiving client's receipt of its push, over the
/// measured writes and the receiving connections (every one but the writer's own screen).
/// </summary>
internal sealed record Latency(
    int Writes,
    long Expected,
    long Delivered,
    long Duplicates,
    double P50,
    double P90,
    double P99,
    double Max,
    double WriteP50,
    double WriteP99,
    double BeforeAnswer)
{
    public long Lost => Expected - Delivered;

    public static Latency Of(IReadOnlyList<Write> writes, IReadOnlyList<Receipt> receipts, int clientsPerMeeting)
    {
        var measured = writes.Where(w => w.Measured).ToDictionary(w => (w.Stream, w.Version));
        var latencies = new List<double>(measured.Count * (clientsPerMeeting - 1));
        var seen = new HashSet<(int, Guid, long)>();
        long duplicates = 0;
        long beforeAnswer = 0;
        foreach (var receipt in receipts)
        {
            // Connection 0 of each meeting is the writer's own screen.
            if (receipt.Connection % clientsPerMeeting == 0 || !measured.TryGetValue((receipt.Stream, receipt.Version), out var write))
            {
                continue;
            }

            if (!seen.Add((receipt.Connection, receipt.Stream, receipt.Version)))
            {
                duplicates++;
                continue;
            }

            latencies.Add(Milliseconds(receipt.At - write.Start));
            if (receipt.At < write.End)
            {
                beforeAnswer++;
            }
        }

        latencies.Sort();
        var writeTimes = measured.Values.Select(w => Milliseconds(w.End - w.Start)).Order().ToList();
        return new Latency(
            measured.Count,
            (long)measured.Count * (clientsPerMeeting - 1),
            latencies.Count,
            duplicates,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.90),
            Percentile(latencies, 0.99),
            latencies.Count == 0 ? double.NaN : latencies[^1],
            Percentile(writeTimes, 0.50),
            Percentile(writeTimes, 0.99),
            latencies.Count == 0 ? double.NaN : (double)beforeAnswer / latencies.Count);
    }

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}

/// <summary>The server process's memory: live managed heap after full, compacting collections, and the working set then.</summary>
internal readonly record struct Memory(long Heap, long WorkingSet)
{
    public static async Task<Memory> SettledAsync()
    {
        // Let what the last connects set in motion (presence pushes, catch-up, disclosure records) finish.
        await Task.Delay(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return new Memory(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }
}

/// <summary>Server memory per idle connection: what connecting and joining <see cref="Connections"/> more clients added, each.</summary>
internal sealed record IdleMemory(int Connections, Memory Before, Memory After)
{
    public double HeapKilobytes => (After.Heap - Before.Heap) / 1024.0 / Connections;

    public double WorkingSetKilobytes => (After.WorkingSet - Before.WorkingSet) / 1024.0 / Connections;
}

/// <summary>
/// Where the machine's CPU went while writes ran, in cores: the server process, the client process,
/// the bench database's PostgreSQL backends, and all else; and the server process's threads by
/// kind (thread pool, garbage collector, JIT, ...); and how long the server's garbage collections
/// paused it, since a pause holds every push that falls in it.
/// </summary>
internal sealed record CpuUse(double Machine, double Server, double Clients, double Postgres, IReadOnlyDictionary<string, double> ServerThreads, TimeSpan GcPause, int[] Collections, long Allocated)
{
    public string Pauses => $"{GcPause.TotalMilliseconds:0} ms in {Collections.Sum()} collections (gen0 {Collections[0]}, gen1 {Collections[1]}, gen2 {Collections[2]}), after allocating {Allocated / 1048576.0:0} MB";

    public double Other => Math.Max(0, Machine - Server - Clients - Postgres);

    public string Threads => string.Join(", ", ServerThreads.Where(t => t.Value >= 0.01).OrderByDescending(t => t.Value).Select(t => $"{t.Key} {t.Value:0.00}"));

    public override string ToString() =>
        $"{Machine:0.00} of {Environment.ProcessorCount} busy: server {Server:0.00}, clients {Clients:0.00}, its postgres {Postgres:0.00}, other {Other:0.00}";
}

/// <summary>Cumulative CPU from /proc (Linux), after the append bench's CpuSample.</summary>
internal sealed record CpuSample(
    long At, long MachineBusyTicks, TimeSpan Server, TimeSpan Clients, IReadOnlyDictionary<int, long> Backends, IReadOnlyDictionary<int, (string Kind, long Ticks)> Threads,
    TimeSpan GcPause, int[] Collections, long Allocated)
{
    public static CpuSample Take(string database, Fleet? fleet)
    {
        using var self = Process.GetCurrentProcess();
        // Collection counts are cumulative: gen0's count includes the gen1 and gen2 collections.
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        return new CpuSample(Stopwatch.GetTimestamp(), ProcTicks.MachineBusy(), self.TotalProcessorTime, fleet?.Cpu ?? TimeSpan.Zero, ProcTicks.PostgresBackends(database), ThreadTicks(),
            GC.GetTotalPauseDuration(), collections, GC.GetTotalAllocatedBytes());
    }

    public CpuUse Since(CpuSample earlier)
    {
        var seconds = Stopwatch.GetElapsedTime(earlier.At, At).TotalSeconds;
        return new CpuUse(
            (MachineBusyTicks - earlier.MachineBusyTicks) / ProcTicks.PerSecond / seconds,
            (Server - earlier.Server).TotalSeconds / seconds,
            (Clients - earlier.Clients).TotalSeconds / seconds,
            // A backend that ended within the window loses its ticks; the pools keep theirs open.
            Backends.Sum(b => b.Value - earlier.Backends.GetValueOrDefault(b.Key)) / ProcTicks.PerSecond / seconds,
            Threads.GroupBy(t => t.Value.Kind).ToDictionary(
                g => g.Key,
                g => g.Sum(t => t.Value.Ticks - (earlier.Threads.TryGetValue(t.Key, out var before) ? before.Ticks : 0)) / ProcTicks.PerSecond / seconds),
            GcPause - earlier.GcPause,
            OfEachGeneration([.. Collections.Zip(earlier.Collections, (now, then) => now - then)]),
            Allocated - earlier.Allocated);
    }

    /// <summary>From cumulative counts (a gen2 collection also counts as gen1 and gen0) to collections of each generation.</summary>
    private static int[] OfEachGeneration(int[] cumulative) => [cumulative[0] - cumulative[1], cumulative[1] - cumulative[2], cumulative[2]];

    /// <summary>User and system ticks of this process's threads, by thread id, with their kind: the name without its number (".NET TP Worker", ".NET Server GC").</summary>
    private static Dictionary<int, (string Kind, long Ticks)> ThreadTicks()
    {
        var threads = new Dictionary<int, (string, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')].TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ', '#');
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                threads[int.Parse(Path.GetFileName(dir))] = (name, long.Parse(rest[11]) + long.Parse(rest[12]));
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return threads;
    }
}
