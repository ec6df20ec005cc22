using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DoorbraakTafel.BenchKit;

/// <summary>
/// Where the app's database time goes while it is switched on: every Npgsql command (Marten's and
/// the disclosure log's alike; Npgsql traces when someone listens) by statement kind, split into
/// those run for an HTTP request and those run outside one (in-process reads, background
/// services). Costs a little itself, so it is on only with --breakdown.
/// </summary>
public sealed partial class Breakdown : IDisposable
{
    private readonly ActivityListener listener;
    private readonly Dictionary<(string Context, string Kind), (long Count, double Milliseconds)> totals = [];
    private volatile bool on;

    public Breakdown()
    {
        listener = new ActivityListener
        {
            // ASP.NET Core's request activity is listened to as well, so a command knows it ran for a request.
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Start()
    {
        lock (totals)
        {
            totals.Clear();
        }

        on = true;
    }

    public void Stop() => on = false;

    /// <param name="operations">How many of <paramref name="unit"/> (a read, a write) ran while it was on.</param>
    public void Print(int operations, string unit)
    {
        Console.WriteLine($"  {"context",-10} {"statement",-70} {"calls/" + unit,11} {"ms/" + unit,9} {"ms/call",8}");
        lock (totals)
        {
            if (operations == 0)
            {
                return;
            }

            foreach (var ((context, kind), (count, milliseconds)) in totals.OrderBy(t => t.Key.Context).ThenByDescending(t => t.Value.Milliseconds).Take(30))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {context,-10} {kind,-70} {count / (double)operations,11:0.00} {milliseconds / operations,9:0.00} {milliseconds / count,8:0.00}"));
            }

            foreach (var group in totals.GroupBy(t => t.Key.Context))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {group.Key,-10} {"all",-70} {group.Sum(t => t.Value.Count) / (double)operations,11:0.00} {group.Sum(t => t.Value.Milliseconds) / operations,9:0.00}"));
            }
        }
    }

    public void Dispose() => listener.Dispose();

    private void Stopped(Activity activity)
    {
        if (!on || activity.Source.Name != "Npgsql")
        {
            return;
        }

        var root = activity;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        var context = root.Source.Name == "Microsoft.AspNetCore" ? "request" : "background";
        var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
        var key = (context, Kind(text));
        lock (totals)
        {
            var (count, milliseconds) = totals.GetValueOrDefault(key);
            totals[key] = (count + 1, milliseconds + activity.Duration.TotalMilliseconds);
        }
    }

    /// <summary>The first verb and the tables a statement names: enough to tell a disclosure append from a board read.</summary>
    private static string Kind(string text)
    {
        var verb = text.TrimStart().Split([' ', '\n', '\t', '('], 2)[0].ToLowerInvariant();
        var tables = Tables().Matches(text).Select(m => m.Groups[1].Value.Replace("doorbraak.", "", StringComparison.Ordinal)).Distinct().Take(4);
        var kind = $"{verb} {string.Join('+', tables)}";
        return kind.Length > 70 ? kind[..70] : kind;
    }

    [GeneratedRegex(@"(?:from|into|update|join)\s+([A-Za-z_][\w.]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Tables();
}
