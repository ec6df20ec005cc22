using System.Diagnostics;

namespace DoorbraakTafel.PrivacyBench;

/// <summary>
/// Where the machine's CPU went during a window, in cores: this process (app and readers), the
/// PostgreSQL backends serving the bench database, and everything else (other databases, builds,
/// tests). After the append bench's CpuUse.
/// </summary>
internal sealed record CpuUse(double Seconds, double Machine, double Own, double Postgres)
{
    public static readonly CpuUse None = new(0, 0, 0, 0);

    public double Other => Math.Max(0, Machine - Own - Postgres);

    public double Used => Own + Postgres;

    public CpuUse Plus(CpuUse next)
    {
        var seconds = Seconds + next.Seconds;
        double Mean(double a, double b) => seconds > 0 ? ((a * Seconds) + (b * next.Seconds)) / seconds : double.NaN;
        return new CpuUse(seconds, Mean(Machine, next.Machine), Mean(Own, next.Own), Mean(Postgres, next.Postgres));
    }

    public override string ToString() => $"{Machine:0.00} of {Environment.ProcessorCount}: bench {Own:0.00}, its postgres {Postgres:0.00}, other {Other:0.00}";
}

/// <summary>Cumulative CPU time from /proc (Linux).</summary>
internal sealed record CpuSample(long At, long MachineBusyTicks, TimeSpan Own, IReadOnlyDictionary<int, long> Backends)
{
    private const double TicksPerSecond = 100;

    public static CpuSample Take(string database)
    {
        using var self = Process.GetCurrentProcess();
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return new CpuSample(Stopwatch.GetTimestamp(), fields.Sum() - fields[3] - fields[4], self.TotalProcessorTime, BackendTicks(database));
    }

    public CpuUse Since(CpuSample earlier)
    {
        var seconds = Stopwatch.GetElapsedTime(earlier.At, At).TotalSeconds;
        // A backend that ended within the window loses its ticks; the pools keep theirs open.
        var backends = Backends.Sum(b => b.Value - earlier.Backends.GetValueOrDefault(b.Key));
        return new CpuUse(seconds, (MachineBusyTicks - earlier.MachineBusyTicks) / TicksPerSecond / seconds, (Own - earlier.Own).TotalSeconds / seconds, backends / TicksPerSecond / seconds);
    }

    /// <summary>User and system ticks of each PostgreSQL backend connected to the database ("postgres: user database host(port) activity"), by pid.</summary>
    private static Dictionary<int, long> BackendTicks(string database)
    {
        var marker = $" {database} ";
        var ticks = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var title = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!title.StartsWith("postgres: ", StringComparison.Ordinal) || !title.Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[pid] = long.Parse(rest[11]) + long.Parse(rest[12]);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return ticks;
    }
}
