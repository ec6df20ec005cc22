using System.Globalization;
using DoorbraakTafel.BenchKit;
using DoorbraakTafel.Export.Rendering;
using DoorbraakTafel.Export.Summary;
using DoorbraakTafel.Identity;
using DoorbraakTafel.PdfBench;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DoorbraakTafel.PdfBench;

/// <summary>
/// The PDF case summary benchmark of issue 8: a case with 500 events, loaded, filtered and
/// rendered, warm; next to a bare SkiaSharp render of 500 entries. Not a test: it prints figures.
/// DOORBRAAK_BENCH_DB names the database (used as it is); `bench/run.sh pdf` gives it a fresh one.
/// Arguments: [--events 500] [--warmup 10] [--runs 50] [--save summary.pdf] (keeps the last summary to look at).
/// </summary>
internal static class PdfBenchRun
{
    public static async Task Main(string[] args)
    {
        var events = Argument(args, "--events", 500);
        var warmUp = Argument(args, "--warmup", 10);
        var runs = Argument(args, "--runs", 50);

        var connectionString = Environment.GetEnvironmentVariable("DOORBRAAK_BENCH_DB") is { Length: > 0 } given
            ? given
            : throw new InvalidOperationException("Set DOORBRAAK_BENCH_DB to the benchmark database's connection string, or run bench/run.sh pdf.");
        await using var host = BenchApp.Start(connectionString);
        var caseId = await LongCase.CreateAsync(host, events);
        var client = await host.SignedInAsync("sanne");
        var sanne = new CurrentUser("demo-sanne", "Sanne Vos", Roles.Chair, "gem-harderwijk", OrganisationType.Gemeente);
        var renderer = host.Services.GetRequiredService<IPdfRenderer>();

        byte[] last = [];
        var http = new Figures("GET summary.pdf over HTTP (auth, load, gate + disclosure log, compose, render)", async () =>
        {
            using var response = await client.GetAsync($"/api/cases/{caseId}/summary.pdf");
            response.EnsureSuccessStatusCode();
            last = await response.Content.ReadAsByteArrayAsync();
        });
        CaseView view = null!;
        IReadOnlyList<TableDetails> tables = [];
        var gate = new Figures("in process: load + filter + log (PrivacyGate, channel Pdf)", async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            view = await scope.ServiceProvider.GetRequiredService<PrivacyGate>().ViewCaseAsync(caseId, sanne, Channel.Pdf, CancellationToken.None);
            tables = await scope.ServiceProvider.GetRequiredService<IQuerySession>().LoadManyAsync<TableDetails>([.. view.Case.Schedule.Select(s => s.TableId).Distinct()]);
        });
        ReportDocument document = null!;
        var compose = new Figures("in process: compose the document", () =>
        {
            document = CaseSummary.Compose(view, tables, sanne, DateTimeOffset.UtcNow);
            return Task.CompletedTask;
        });
        using var measure = new FontMeasure();
        var layout = new Figures("in process: layout only (wrap + paginate)", () =>
        {
            PageLayout.Paginate(new PageLayout(measure, 495.28f).Lines(document.Blocks), 700f);
            return Task.CompletedTask;
        });
        var render = new Figures("in process: layout + draw + write PDF/A (SkiaPdfRenderer)", () =>
        {
            renderer.Render(document);
            return Task.CompletedTask;
        });
        using var bare = new BareSkia();
        byte[] bareBytes = [];
        var floor = new Figures($"bare SkiaSharp: {events} entries drawn, no layout", () =>
        {
            bareBytes = bare.Render(events);
            return Task.CompletedTask;
        });
        Figures[] ways = [http, gate, compose, layout, render, floor];
        await Figures.MeasureAsync(ways, warmUp, runs);

        if (Array.IndexOf(args, "--save") is var at and >= 0 && at + 1 < args.Length)
        {
            await File.WriteAllBytesAsync(args[at + 1], last);
        }

        var pages = CountPages(last);
        Console.WriteLine($"Case with {events} events ({view.Case.Contributions.Count} contributions, {view.Case.Decisions.Count} decisions, {view.Case.Actions.Count} actions, {view.Case.Signals.Count} signals): " +
            $"summary of {pages} pages, {last.Length / 1024} KiB; bare render {CountPages(bareBytes)} pages, {bareBytes.Length / 1024} KiB.");
        Console.WriteLine($"{warmUp} warm-up runs, then {runs} measured rounds, the ways taking turns within each round; milliseconds; {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        Console.WriteLine("| what | median | p99 | min | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var figures in ways)
        {
            Console.WriteLine(figures.Row());
        }

        Console.WriteLine();
        Console.WriteLine(http.Median <= 200 && http.P99 <= 200
            ? "Target met: the warm summary of a case with 500 events takes at most 200 ms (median and p99)."
            : string.Create(CultureInfo.InvariantCulture, $"Target NOT met: median {http.Median:0.0} ms, p99 {http.P99:0.0} ms against 200 ms."));
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    private static int CountPages(byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;
}
