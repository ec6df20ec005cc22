using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using DoorbraakTafel.BenchKit;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Residents;
using DoorbraakTafel.Tables;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.PrivacyBench;

/// <summary>
/// Issue #6's privacy benchmark: a filtered case read through the API (the privacy gate, with its
/// disclosure record durably written before the answer) against an unfiltered read of the same
/// case in the same run, and against the baseline of an unfiltered read followed by one durable
/// insert of a record as large (what no gate can go below: the record must be on disk before the
/// answer), with 1 and 16 concurrent readers; and, to see where the difference goes,
/// the same two reads in process without HTTP and the gate's parts on their own. Not a test: it
/// asserts nothing and prints figures with their targets.
/// </summary>
internal static class PrivacyBenchRun
{
    /// <summary>Filtered p50 at most this times the baseline's (unfiltered read + durable insert), one reader.</summary>
    private const double RatioTarget = 1.5;
    private const double P99Target = 20;

    /// <summary>With the most readers, filtered reads/s at least this share of unfiltered reads/s.</summary>
    private const double ThroughputTarget = 0.5;

    public static async Task<int> Main(string[] args)
    {
        if (!BenchArgs.TryParse(args, PrivacySettings.Parse, PrivacySettings.Usage, out var settings))
        {
            return 2;
        }

        var viewer = DemoUsers.Find(settings.Viewer) ?? throw new ArgumentException($"No demo user {settings.Viewer}.");
        var user = new CurrentUser(viewer.UserId, viewer.DisplayName, viewer.Role, viewer.Organisation.Id, viewer.Organisation.Type);
        Console.WriteLine($"DoorbraakTafel privacy benchmark (issue #6), {DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"database: {settings.Database}; readers {string.Join(" and ", settings.Readers)}; {settings.WarmUp.TotalSeconds:0.#} s warm-up + {settings.Duration.TotalSeconds:0.#} s measured per way, in {settings.Rounds} interleaved rounds"));

        await using var app = PrivacyHost.Start(settings.ConnectionString, settings.OwnerConnectionString);
        var caseId = await SetUpAsync(app);
        using var client = await app.SignedInAsync(viewer.UserName);
        var filteredPath = $"/api/cases/{caseId}";
        var unfilteredPath = $"{UnfilteredRead.Path}/{caseId}";
        var baselinePath = $"{UnfilteredRead.BaselinePath}/{caseId}";
        var view = JsonDocument.Parse(await GetAsync(client, filteredPath)).RootElement;
        var unfilteredBytes = (await GetAsync(client, unfilteredPath)).Length;
        var filteredBytes = (await GetAsync(client, filteredPath)).Length;
        Console.WriteLine($"case {caseId}, read as {viewer.UserName} ({viewer.Role}, {viewer.Organisation.Type}): {view.GetProperty("access").GetString()}");
        Console.WriteLine("  categories: " + string.Join(", ", view.GetProperty("categories").EnumerateArray()
            .Select(c => $"{c.GetProperty("category").GetString()} {(c.GetProperty("shown").GetBoolean() ? "shown" : "redacted")}")));
        Console.WriteLine($"  answer: filtered {filteredBytes} bytes, unfiltered {unfilteredBytes} bytes");

        var services = app.Services;
        var disclosures = services.GetRequiredService<DisclosureLog>();
        var store = services.GetRequiredService<IDocumentStore>();
        var details = (await LoadAsync(services, caseId))!;
        var record = SampleRecord(user, details);
        await Baseline.CreateAsync(settings.OwnerConnectionString ?? settings.ConnectionString, settings.ConnectionString, record);
        Console.WriteLine($"  run as database role {new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString).Username}" +
            (settings.OwnerConnectionString is null ? " (which also owns the schema)" : $", schema by {new Npgsql.NpgsqlConnectionStringBuilder(settings.OwnerConnectionString).Username}"));

        var idleFrom = CpuSample.Take(settings.Database);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Console.WriteLine($"idle (no reads, 2 s): {CpuSample.Take(settings.Database).Since(idleFrom)}");

        var loads = new List<Load>();
        var steps = new Dictionary<int, GateSteps>();
        foreach (var readers in settings.Readers)
        {
            loads.Add(new Load("filtered", "API GET /api/cases/{id} (gate + disclosure)", readers, () => GetAsync(client, filteredPath), settings.Database));
            loads.Add(new Load("unfiltered", "HTTP GET, plain LoadAsync<CaseDetails>", readers, () => GetAsync(client, unfilteredPath), settings.Database));
            loads.Add(new Load("baseline", "HTTP GET, LoadAsync + one durable insert", readers, () => GetAsync(client, baselinePath), settings.Database));
            if (settings.Parts)
            {
                loads.Add(new Load("gate", "  in process: PrivacyGate.ViewCaseAsync", readers, () => GateAsync(services, caseId, user), settings.Database));
                loads.Add(new Load("load", "  in process: LoadAsync<CaseDetails>", readers, () => LoadAsync(services, caseId), settings.Database));
                var stepped = steps[readers] = new GateSteps(services, caseId, user);
                loads.Add(new Load("steps", "  in process: the gate's steps, timed", readers, stepped.ReadAsync, settings.Database, stepped.Measure));
                loads.Add(new Load("facts", "  part: facts batch (tables, consents, resident)", readers, () => FactsAsync(store, details), settings.Database));
                loads.Add(new Load("append", "  part: DisclosureLog.AppendAsync", readers, () => disclosures.AppendAsync(record, CancellationToken.None), settings.Database));
            }
        }

        for (var round = 1; round <= settings.Rounds; round++)
        {
            Console.Write($"round {round} of {settings.Rounds} ...");
            foreach (var load in loads)
            {
                await load.RunAsync(settings.WarmUp, measure: false);
                await load.RunAsync(settings.Duration, measure: true);
            }

            Console.WriteLine($" load average {LoadAverage()}");
        }

        Report(settings, loads, steps);
        if (settings.Breakdown)
        {
            Console.WriteLine();
            Console.WriteLine("database time per read, one reader (Npgsql activities; request = inside the HTTP request):");
            using var breakdown = new Breakdown();
            foreach (var load in loads.Where(l => l.Readers == settings.Readers.Min()))
            {
                var again = new Load(load.Way, load.Label, 1, load.ReadOnce, settings.Database);
                breakdown.Start();
                await again.RunAsync(settings.Duration, measure: true);
                breakdown.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{load.Label.Trim()}: {again.Mean:0.00} ms a read"));
                breakdown.Print((int)again.Reads, "read");
            }
        }

        return 0;
    }

    private static void Report(PrivacySettings settings, IReadOnlyList<Load> loads, IReadOnlyDictionary<int, GateSteps> steps)
    {
        Console.WriteLine();
        Console.WriteLine($"{"way",-46} {"readers",7} {"reads/s",8} {"p50 ms",7} {"p90 ms",7} {"p99 ms",7} {"cpu ms",7}  cpu in cores while it ran");
        foreach (var load in loads.OrderBy(l => l.Readers))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{load.Label,-46} {load.Readers,7} {load.PerSecond,8:0.0} {load.P50,7:0.00} {load.P90,7:0.00} {load.P99,7:0.00} {load.CpuMillisecondsPerRead,7:0.00}  {load.Cpu}"));
        }

        Console.WriteLine("cpu ms: CPU of the bench process (app and readers) and its PostgreSQL backends per read; other: everything else on the machine.");
        Console.WriteLine();
        Load Find(string way, int readers) => loads.Single(l => l.Way == way && l.Readers == readers);
        var one = settings.Readers.Min();
        var many = settings.Readers.Max();
        foreach (var readers in settings.Readers)
        {
            var filtered = Find("filtered", readers);
            var unfiltered = Find("unfiltered", readers);
            var baseline = Find("baseline", readers);
            var ratio = filtered.P50 / baseline.P50;
            Verdict(string.Create(CultureInfo.InvariantCulture,
                $"{readers,2} reader(s): filtered / baseline (unfiltered + durable insert) p50 {filtered.P50:0.00} / {baseline.P50:0.00} ms = {ratio:0.00}x; " +
                $"filtered / unfiltered p50 {filtered.P50 / unfiltered.P50:0.00}x"),
                readers == one ? ratio <= RatioTarget : null, $"target <= {RatioTarget}x baseline with {one} reader");
            Verdict(string.Create(CultureInfo.InvariantCulture, $"{readers,2} reader(s): filtered p99 {filtered.P99:0.00} ms"),
                readers == one ? filtered.P99 <= P99Target : null, $"target <= {P99Target} ms with {one} reader");
            var share = filtered.PerSecond / unfiltered.PerSecond;
            Verdict(string.Create(CultureInfo.InvariantCulture,
                $"{readers,2} reader(s): reads/s filtered {filtered.PerSecond:0} / unfiltered {unfiltered.PerSecond:0} = {share:0.00}x (baseline {baseline.PerSecond:0})"),
                readers == many && many != one ? share >= ThroughputTarget : null, $"target >= {ThroughputTarget}x with {many} readers");
        }

        if (settings.Parts)
        {
            Console.WriteLine();
            foreach (var readers in settings.Readers)
            {
                var gate = Find("gate", readers).Mean;
                var load = Find("load", readers).Mean;
                // The gate reads the case and its facts in one batch, so the parts alone do not add up to it.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{readers,2} reader(s), in process, mean ms: gate {gate:0.00}; alone: load {load:0.00}, facts batch {Find("facts", readers).Mean:0.00}, " +
                    $"disclosure append {Find("append", readers).Mean:0.00}; gate / load {gate / load:0.00}x"));
                Console.WriteLine($"{readers,2} reader(s), the gate's steps timed in one read, mean ms: " +
                    string.Join(", ", steps[readers].Means().Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Step} {s.Milliseconds:0.00}"))));
            }
        }
    }

    /// <summary>A resident's case referred by the GGZ with texts in several categories, on the agenda of a table where the municipality chairs, and a consent for the corporation.</summary>
    private static async Task<Guid> SetUpAsync(PrivacyHost app)
    {
        var today = TimeProvider.System.Today(); // the Dutch calendar day, as the app counts it
        using var ggz = await app.SignedInAsync("fatima");
        var resident = await BenchApi.CreatedAsync(ggz, "/api/residents", new { name = "Jorrit Fictief-Veldhuizen", bsn = RandomBsn(), birthDate = new DateOnly(1984, 3, 1), address = "Dorpsstraat 1, Harderwijk" });
        using var admin = await app.SignedInAsync("ingrid");
        var table = await BenchApi.CreatedAsync(admin, "/api/tables", BenchApi.Table("Doorbraaktafel Bench"));
        var caseId = await BenchApi.CreatedAsync(ggz, "/api/cases", new { title = "Uitstroom BW", bottleneck = "Woning nodig met begeleiding", bottleneckCategory = "Wonen", residentId = resident, residentInformed = true, tableId = table });
        (string Text, string Category)[] contributions =
        [
            ("Diagnose schizofrenie, stabiel op medicatie", "Gezondheid"),
            ("Huurachterstand van 1200 euro, betalingsregeling loopt", "Financien"),
            ("Wil graag in de wijk van zijn zus blijven wonen", "Wonen"),
            ("Dagbesteding bij de kringloop, drie dagen per week", "Daginvulling"),
            ("Ambulante begeleiding twee keer per week nodig", "Ondersteuning"),
        ];
        foreach (var (text, category) in contributions)
        {
            await BenchApi.CreatedAsync(ggz, $"/api/cases/{caseId}/contributions", new { text, category, weighing = BenchApi.Weighing });
        }

        using var chair = await app.SignedInAsync("sanne");
        var meeting = await BenchApi.CreatedAsync(chair, $"/api/tables/{table}/meetings", new { date = today });
        await BenchApi.PostAsync(chair, $"/api/meetings/{meeting}/agenda", new { caseId });
        await BenchApi.CreatedAsync(ggz, $"/api/residents/{resident}/consents", new
        {
            purpose = "doorbraaktafel-casusoverleg",
            categories = new[] { "Wonen" },
            recipientOrganisationTypes = new[] { "Woningcorporatie" },
            kind = "AvgConsent",
            evidenceHow = "Schriftelijk",
            documentReference = "Toestemmingsformulier 2026-77",
            validUntil = today.AddMonths(6),
        });
        return caseId;
    }

    /// <summary>A fictitious BSN that passes the elfproef, new each run, so the bench can run again on the same database.</summary>
    private static string RandomBsn()
    {
        while (true)
        {
            var digits = Enumerable.Range(0, 8).Select(i => Random.Shared.Next(i == 0 ? 1 : 0, 10)).ToArray();
            var check = digits.Select((d, i) => d * (9 - i)).Sum() % 11;
            if (check < 10)
            {
                return string.Concat(digits) + check.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
    }

    private static async Task GateAsync(IServiceProvider services, Guid caseId, CurrentUser user)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PrivacyGate>().ViewCaseAsync(caseId, user, Channel.Api, CancellationToken.None);
    }

    private static async Task<CaseDetails?> LoadAsync(IServiceProvider services, Guid caseId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IQuerySession>().LoadAsync<CaseDetails>(caseId);
    }

    /// <summary>The gate's one batched query for what it needs to decide (its FactsAsync): the case's tables, the resident's consents and identity.</summary>
    private static async Task FactsAsync(IDocumentStore store, CaseDetails details)
    {
        await using var query = store.QuerySession();
        var batch = query.CreateBatchQuery();
        var tables = batch.LoadMany<TableDetails>().ById(details.Schedule.Select(s => s.TableId).Distinct().ToArray());
        var residentId = details.ResidentId!.Value;
        var consents = batch.Query<ConsentRecord>().Where(c => c.ResidentId == residentId).ToList();
        var resident = batch.Load<Resident>(residentId);
        await batch.Execute();
        await tables;
        await consents;
        await resident;
    }

    /// <summary>A disclosure record like the gate writes for this read.</summary>
    private static DisclosureRecord SampleRecord(CurrentUser user, CaseDetails details)
    {
        var now = DateTimeOffset.UtcNow;
        return new DisclosureRecord(
            now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond)), user.UserId, user.Role, user.OrganisationId, user.OrganisationType.ToString(),
            "doorbraaktafel-casusoverleg", "bench", "Wonen=rule:bench", "", details.ResidentId?.ToString(), "Wonen", "Gezondheid", Channel.Api, "case",
            details.Id.ToString(), details.Version, null, null, "bench");
    }

    /// <summary>A figure with its verdict, or (<paramref name="met"/> null) a figure the target is not about.</summary>
    private static void Verdict(string figure, bool? met, string target) =>
        Console.WriteLine(met is { } m ? $"{(m ? "MET   " : "MISSED")} {figure}  ({target})" : $"       {figure}");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
