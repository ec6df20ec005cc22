using System.Diagnostics;

namespace DoorbraakTafel.BenchKit;

/// <summary>
/// Where the machine's CPU went during a window, in cores: this process (app and load
/// generator), the PostgreSQL backends serving the bench database, and everything else
/// (other databases on the same server, builds, tests). "Other" well above zero means the
/// machine was not idle and the rates are pessimistic; CPU per operation is the steadier figure.
/// </summary>
public sealed record CpuUse(double Cores, double Seconds, double Machine, double Own, double Postgres)
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
public sealed record CpuSample(long At, long MachineBusyTicks, TimeSpan Own, IReadOnlyDictionary<int, long> Backends)
{
    public static CpuSample Take(string database)
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime;
        if (!File.Exists("/proc/stat"))
        {
            return new CpuSample(Stopwatch.GetTimestamp(), -1, own, new Dictionary<int, long>());
        }

        return new CpuSample(Stopwatch.GetTimestamp(), ProcTicks.MachineBusy(), own, ProcTicks.PostgresBackends(database));
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
            (MachineBusyTicks - earlier.MachineBusyTicks) / ProcTicks.PerSecond / seconds,
            own,
            backends / ProcTicks.PerSecond / seconds);
    }
}
