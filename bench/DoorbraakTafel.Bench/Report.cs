using System.Globalization;
using System.Runtime.InteropServices;
using JasperFx.Events;

namespace DoorbraakTafel.Bench;

/// <summary>The ways this bench measures, as keys of the report and names for --only.</summary>
internal static class Way
{
    public const string Raw = "raw";
    public const string Marten = "marten";
    public const string Api = "api";
    public const string ApiWithoutKey = "api-no-key";
    public const string MartenWithRecords = "marten-records";
    public const string HttpBearer = "http-bearer";
    public const string HttpAnonymous = "http-anonymous";

    /// <summary>The parts of an API append (its records in the commit, HTTP), for --only.</summary>
    public const string Parts = "parts";

    /// <summary>Bare Marten in the append modes other than the default, for --only.</summary>
    public const string AppendModes = "append-modes";

    public static string MartenIn(EventAppendMode mode) => $"marten-{mode}";

    public static string DefaultBeside(EventAppendMode mode) => $"marten-beside-{mode}";
}

/// <summary>Prints the figures of each section of ways, the ratios with their spread over the rounds, the target and where the API's cost goes.</summary>
internal sealed class Report(BenchSettings settings)
{
    private const double Target = 0.8;
    private readonly Dictionary<string, Load> ways = [];
    private readonly HashSet<string> withoutStreams = [];

    public void Header()
    {
        Console.WriteLine($"DoorbraakTafel append benchmark, {DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()}");
        Console.WriteLine($"database: {settings.Database}; {settings.Writers} writers, {settings.StreamsPerWriter} existing streams each, round-robin; " +
            $"{settings.WarmUp.TotalSeconds:0.#} s warm-up + {settings.Duration.TotalSeconds:0.#} s measured per way, in {settings.Rounds} interleaved rounds");
    }

    /// <param name="streams">Whether the way appends to streams, so events per stream mean something.</param>
    public Load Add(string key, string label, Append append, bool streams = true)
    {
        var load = new Load(label, settings, append);
        ways[key] = load;
        if (!streams)
        {
            withoutStreams.Add(key);
        }

        return load;
    }

    public void Table(IEnumerable<string> keys)
    {
        Console.WriteLine();
        Console.WriteLine($"{"way",-50} {"events/s",9} {"p50 ms",7} {"p99 ms",7} {"cpu ms",7} {"KB",6} {"gc ms",6} {"ev/str",6}  cpu in cores while it ran");
        foreach (var key in keys.Where(ways.ContainsKey))
        {
            var w = ways[key];
            var perStream = withoutStreams.Contains(key) ? "-" : w.EventsPerStream.ToString("0", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{w.Label,-50} {w.PerSecond,9:0.0} {w.P50Milliseconds,7:0.00} {w.P99Milliseconds,7:0.00} {w.CpuMillisecondsPerAppend,7:0.00} {w.KilobytesPerAppend,6:0} {w.GcPauseMillisecondsPerAppend,6:0.00} {perStream,6}  {w.Cpu}"));
        }
    }

    public void Legend()
    {
        Console.WriteLine("cpu ms: CPU of the bench process and its PostgreSQL backends per append (the HTTP client runs in the bench");
        Console.WriteLine("process too); KB: allocated per append; gc ms: garbage collector pauses per append; ev/str: events per");
        Console.WriteLine("stream at the end; other: CPU of everything else on the machine (other databases, builds, tests).");
    }

    public void Summary()
    {
        Console.WriteLine();
        Ratio("bare Marten / raw", Way.Marten, Way.Raw, "issue #4 measured 0.31x with the default append mode");
        Ratio("API / bare Marten", Way.Api, Way.Marten, null);
        Ratio("API without Idempotency-Key / bare Marten", Way.ApiWithoutKey, Way.Marten, null);
        if (Ratio(Way.Api, Way.Marten) is { } ratio)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target: API >= {Target} x bare Marten: {(ratio >= Target ? "met" : "NOT met")}"));
        }

        Breakdown();
    }

    /// <summary>An append mode against the default, run beside it; and so against raw inserts.</summary>
    public void AppendMode(EventAppendMode mode)
    {
        var note = mode == EventAppendMode.Quick ? "issue #4 measured 0.39x for Quick" : null;
        Ratio($"bare Marten {mode} / default", Way.MartenIn(mode), Way.DefaultBeside(mode), null);
        if (Ratio(Way.MartenIn(mode), Way.DefaultBeside(mode)) is { } beside && Ratio(Way.Marten, Way.Raw) is { } defaultOverRaw)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{$"so bare Marten {mode} / raw",-44} {beside * defaultOverRaw,5:0.00}x{(note is null ? "" : $"   ({note})")}"));
        }
    }

    public void Footer() => Console.WriteLine($"load average after: {LoadAverage()}");

    /// <summary>The API's CPU per append set against the parts it is made of.</summary>
    private void Breakdown()
    {
        string[] parts = [Way.MartenWithRecords, Way.HttpBearer];
        if (!parts.Append(Way.Marten).Append(Way.Api).Append(Way.HttpAnonymous).All(ways.ContainsKey))
        {
            return;
        }

        double Cost(string key) => ways[key].CpuMillisecondsPerAppend;
        var sum = parts.Sum(Cost);
        Console.WriteLine();
        Console.WriteLine("where an API append's CPU goes (cpu ms per append, as in the table):");
        Line("bare Marten append", Cost(Way.Marten));
        Line("+ disclosure and idempotency records in its commit", Cost(Way.MartenWithRecords) - Cost(Way.Marten));
        Line("+ HTTP round trip with bearer token", Cost(Way.HttpBearer));
        Line("    of which bearer validation", Cost(Way.HttpBearer) - Cost(Way.HttpAnonymous));
        Line("= sum of the parts", sum);
        Line("API append, Idempotency-Key", Cost(Way.Api));
        Line("rest: JSON, validation, endpoint", Cost(Way.Api) - sum);
    }

    private static void Line(string label, double milliseconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-52} {milliseconds,6:0.00}"));

    private void Ratio(string label, string over, string under, string? note)
    {
        if (Ratio(over, under) is not { } ratio)
        {
            return;
        }

        var perRound = ways[over].SliceRates.Zip(ways[under].SliceRates, (a, b) => a / b).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-44} {ratio,5:0.00}x  rounds {perRound.Min():0.00}-{perRound.Max():0.00}{(note is null ? "" : $"   ({note})")}"));
    }

    private double? Ratio(string over, string under) =>
        ways.TryGetValue(over, out var a) && ways.TryGetValue(under, out var b) && b.PerSecond > 0 ? a.PerSecond / b.PerSecond : null;

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
