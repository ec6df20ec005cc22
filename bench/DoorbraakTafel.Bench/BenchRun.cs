using DoorbraakTafel.BenchKit;
using JasperFx.Events;
using Npgsql;

namespace DoorbraakTafel.Bench;

/// <summary>
/// Appends contributions to existing cases three ways (raw SQL, bare Marten, the API) with
/// the same writers and streams, and prints the rates, latencies and ratios. Not a test: it
/// asserts nothing and prints figures. Named so as not to hide the app's own Program.
/// </summary>
internal static class BenchRun
{
    public static async Task<int> Main(string[] args)
    {
        if (!BenchArgs.TryParse(args, BenchSettings.Parse, BenchSettings.Usage, out var settings))
        {
            return 2;
        }

        var report = new Report(settings);
        report.Header();

        await using var database = NpgsqlDataSource.Create(settings.ConnectionString);
        await using var app = BenchHost.Start(settings.ConnectionString);
        using var client = await app.SignedInAsync(BenchHost.UserName);
        using var anonymous = app.AnonymousClient();

        var main = new List<Load>();
        if (settings.Wants(Way.Raw))
        {
            var raw = new RawAppends(database, settings);
            await raw.PrepareAsync();
            main.Add(report.Add(Way.Raw, "raw Npgsql insert", raw.AppendAsync));
        }

        if (settings.Wants(Way.Marten))
        {
            main.Add(report.Add(Way.Marten, $"bare Marten (default: {app.AppendMode})", (await MartenAsync(app, settings)).AppendAsync));
        }

        if (settings.Wants(Way.Api))
        {
            main.Add(report.Add(Way.Api, "API, Idempotency-Key", (await ApiAsync(app, client, settings, idempotencyKeys: true)).AppendAsync));
        }

        if (settings.Breakdown && settings.Wants(Way.ApiWithoutKey))
        {
            main.Add(report.Add(Way.ApiWithoutKey, "API, no Idempotency-Key", (await ApiAsync(app, client, settings, idempotencyKeys: false)).AppendAsync));
        }

        if (settings.Breakdown && settings.Wants(Way.Parts))
        {
            var parts = new Components(client, anonymous);
            var withRecords = new MartenAppends(app.Store, settings, app.Disclosures);
            await withRecords.PrepareAsync();
            main.Add(report.Add(Way.MartenWithRecords, "  part: bare Marten + the API's records", withRecords.AppendAsync));
            main.Add(report.Add(Way.HttpBearer, "  part: HTTP GET, bearer token", parts.HttpWithBearerAsync, streams: false));
            main.Add(report.Add(Way.HttpAnonymous, "  part: HTTP GET, anonymous", parts.HttpAnonymousAsync, streams: false));
        }

        await Rounds.RunAsync(settings, "raw, bare Marten, API", main);
        report.Table([Way.Raw, Way.Marten, Way.Api, Way.ApiWithoutKey, Way.MartenWithRecords, Way.HttpBearer, Way.HttpAnonymous]);
        report.Legend();
        report.Summary();

        if (settings.AppendModes && settings.Wants(Way.AppendModes))
        {
            // Each other append mode needs a second app (its own store), run beside fresh default streams.
            foreach (var mode in new[] { EventAppendMode.Quick, EventAppendMode.Rich }.Where(m => m != app.AppendMode))
            {
                await using var other = BenchHost.Start(settings.ConnectionString, mode);
                Load[] pair =
                [
                    report.Add(Way.DefaultBeside(mode), $"bare Marten (default: {app.AppendMode})", (await MartenAsync(app, settings)).AppendAsync),
                    report.Add(Way.MartenIn(mode), $"bare Marten ({mode})", (await MartenAsync(other, settings)).AppendAsync),
                ];
                await Rounds.RunAsync(settings, $"append mode {mode}", pair);
                report.Table([Way.DefaultBeside(mode), Way.MartenIn(mode)]);
                report.AppendMode(mode);
            }
        }

        report.Footer();
        return 0;
    }

    private static async Task<MartenAppends> MartenAsync(BenchHost app, BenchSettings settings)
    {
        var appends = new MartenAppends(app.Store, settings);
        await appends.PrepareAsync();
        return appends;
    }

    /// <summary>The API way on its own fresh streams, opened like those of bare Marten.</summary>
    private static async Task<ApiAppends> ApiAsync(BenchHost app, HttpClient client, BenchSettings settings, bool idempotencyKeys)
    {
        var streams = await MartenAsync(app, settings);
        return new ApiAppends(client, streams.Streams, settings, idempotencyKeys);
    }
}
