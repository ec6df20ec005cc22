using System.Diagnostics;

namespace DoorbraakTafel.Bench;

/// <summary>
/// Where the machine's CPU went during a window, in cores: this process (app and load
/// generator), the PostgreSQL backends serving the bench database, and everything else
/// (other databases on the same server, builds, tests). "Other" well above zero means the
/// machine was not idle and the rates are pessimistic; CPU per append is the steadier figure.
/// </summary>
internal sealed record CpuUse(double Cores, double Seconds, double Machine, double Own, double Postgres)
{
    public static readonly CpuUse None = new(Environment.ProcessorCount, 0, 0, 0, 0);

    public double Other => Math.Max(0, Machine - Own - Postgres);

    /// <summary>What the bench stands for: its own process and its database backends.</summary>
    public double Used => Own + (double.IsNaN(Postgres) ? 0 : Postgres);

    /// <summary>The average over this window and <paramref name="next"/>, weighted by their lengths.</summary>
    public CpuUse Plus(CpuUse next)
    {
        var seconds = Seconds + next.Seconds;
        double Mean(double a, double b) => seconds > 0 ? ((a * Seconds) + (b * next.Seconds)) / seconds : double.NaN;
        return new CpuUse(Cores, seconds, Mean(Machine, next.Machine), Mean(Own, next.Own), Mean(Postgres, next.Postgres));
    }

    public override string ToString() =>
        double.IsNaN(Machine) ? "n/a" : $"{Machine:0.00} of {Cores:0}: bench {Own:0.00}, its postgres {Postgres:0.00}, other {Other:0.00}";
}

/// <summary>Cumulative CPU time from /proc (Linux); only this process's own elsewhere.</summary>
internal sealed record CpuSample(long At, long MachineBusyTicks, TimeSpan Own, IReadOnlyDictionary<int, long> Backends)
{
    // USER_HZ, the unit of /proc/stat and /proc/[pid]/stat; 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static CpuSample Take(string database)
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime;
        if (!File.Exists("/proc/stat"))
        {
            return new CpuSample(Stopwatch.GetTimestamp(), -1, own, new Dictionary<int, long>());
        }

        // cpu  user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var busy = fields.Sum() - fields[3] - fields[4];
        return new CpuSample(Stopwatch.GetTimestamp(), busy, own, BackendTicks(database));
    }

    public CpuUse Since(CpuSample earlier)
    {
        var seconds = Stopwatch.GetElapsedTime(earlier.At, At).TotalSeconds;
        var own = (Own - earlier.Own).TotalSeconds / seconds;
        if (MachineBusyTicks < 0 || seconds <= 0)
        {
            return new CpuUse(Environment.ProcessorCount, seconds, double.NaN, own, double.NaN);
        }

        // A backend that ended within the window loses its ticks; the bench's pools keep theirs open.
        var backends = Backends.Sum(b => b.Value - earlier.Backends.GetValueOrDefault(b.Key));
        return new CpuUse(
            Environment.ProcessorCount,
            seconds,
            (MachineBusyTicks - earlier.MachineBusyTicks) / TicksPerSecond / seconds,
            own,
            backends / TicksPerSecond / seconds);
    }

    /// <summary>User and system ticks of each PostgreSQL backend connected to the database, by pid.</summary>
    private static Dictionary<int, long> BackendTicks(string database)
    {
        // A backend's title is "postgres: user database host(port) activity".
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

                // After "pid (comm) ": state is field 3, utime field 14 and stime field 15.
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
