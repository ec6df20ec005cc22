using System.Globalization;
using System.Text;
using DoorbraakTafel.Cases.Signalling;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Export.Rendering;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Export.Reports;

/// <summary>
/// The team-leader report as JSON, CSV and PDF, for those admitted to the table: counts, durations,
/// organisations and case aliases, and of the cases' words only the rules set aside and the signals,
/// as the privacy gate shows them to the reader ("(afgeschermd)" where it holds them back); what it
/// prints is logged as a disclosure of each case.
/// </summary>
internal static class TableReportApi
{
    public const string Confidentiality = "Vertrouwelijk - voor teamleiding en beheer; regels en signalen alleen zoals de privacypoort ze u toont";

    public static async Task<IResult> Json(
        Guid tableId, DateOnly? from, DateOnly? until, CurrentUser user, IQuerySession query, PrivacyGate gate, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(await LoadAsync(tableId, from, until, user, query, gate, Channel.Api, clock, cancellationToken));

    public static async Task<IResult> Csv(
        Guid tableId, DateOnly? from, DateOnly? until, CurrentUser user, IQuerySession query, PrivacyGate gate, TimeProvider clock, CancellationToken cancellationToken)
    {
        var report = await LoadAsync(tableId, from, until, user, query, gate, Channel.Export, clock, cancellationToken);
        return TypedResults.File(Encoding.UTF8.GetBytes(ToCsv(report)), "text/csv; charset=utf-8", FileName(report, "csv"));
    }

    public static async Task<IResult> Pdf(
        Guid tableId, DateOnly? from, DateOnly? until, CurrentUser user, IQuerySession query, PrivacyGate gate, TimeProvider clock, IPdfRenderer renderer,
        CancellationToken cancellationToken)
    {
        var report = await LoadAsync(tableId, from, until, user, query, gate, Channel.Pdf, clock, cancellationToken);
        return TypedResults.File(renderer.Render(ToDocument(report, user, clock.GetUtcNow())), "application/pdf", FileName(report, "pdf"));
    }

    /// <summary>The report of a table the user is admitted to (<see cref="TableAccess"/>: a team leader only for her team's tables).</summary>
    /// <remarks>What it prints of the cases' words (rules set aside, signals) passes the privacy gate for the user and is logged (<see cref="PrivacyGate.ViewCasesForReportAsync"/>, <see cref="PrivacyGate.ViewSignalsAsync"/>).</remarks>
    public static async Task<TableReport> LoadAsync(
        Guid tableId, DateOnly? from, DateOnly? until, CurrentUser user, IQuerySession query, PrivacyGate gate, Channel channel, TimeProvider clock, CancellationToken cancellationToken)
    {
        var details = await query.AdmittedTableAsync(tableId, user, cancellationToken);
        var today = clock.Today();
        var last = until ?? today;
        var first = from ?? last.AddMonths(-3).AddDays(1);
        var errors = Http.Errors();
        if (first > last)
        {
            errors["from"] = ["'from' must be on or before 'until'."];
        }

        errors.ThrowIfAny();

        var batch = query.CreateBatchQuery();
        var meetings = batch.Query<MeetingBoard>().Where(m => m.TableId == tableId).ToList();
        var signals = batch.Query<SignalItem>().Where(s => s.TableId == tableId).ToList();
        await batch.Execute(cancellationToken);

        var caseIds = (await meetings).SelectMany(m => m.Agenda).Distinct().ToArray();
        var cases = caseIds.Length == 0 ? [] : await query.LoadManyAsync<CaseDetails>(cancellationToken, caseIds);
        var viewed = await gate.ViewCasesForReportAsync(cases, user, channel, cancellationToken);
        var signalList = await signals;
        var signalViews = (await gate.ViewSignalsAsync(signalList, user, channel, cancellationToken)).ToDictionary(v => v.Id);
        var shownSignals = signalList.Select(s => signalViews.TryGetValue(s.Id, out var v) && v.Flaw is not null
            ? s
            : s with { Flaw = PrivacyGate.Redacted, RuleOrPolicy = PrivacyGate.Redacted, EscalatedTo = PrivacyGate.Redacted }).ToList();
        return TableReports.Compute(details, first, last, today, await meetings, viewed, shownSignals);
    }

    public static string ToCsv(TableReport report)
    {
        var rows = new List<string?[]>
        {
            new[] { "onderdeel", "omschrijving", "waarde", "toelichting" },
            new[] { "tafel", "naam", report.Table, null },
            new[] { "periode", "van", Iso(report.From), null },
            new[] { "periode", "tot en met", Iso(report.Until), null },
            new[] { "casussen", "in", Number(report.Cases.In), string.Join(" ", report.Cases.InAliases) },
            new[] { "casussen", "uit", Number(report.Cases.Out), string.Join(" ", report.Cases.OutAliases) },
            new[] { "doorbraak", "casussen met doorbraak", Number(report.Breakthrough.Cases), null },
            new[] { "doorbraak", "mediaan dagen van aanmelding tot doorbraak", report.Breakthrough.MedianDays?.ToString("0.0", CultureInfo.InvariantCulture), null },
            new[] { "regelafwijkingen", "besluiten met afwijking", Number(report.RuleDeviations.Decisions), null },
        };
        rows.AddRange(report.RuleDeviations.Rules.Select(r => new[] { "regelafwijking", r.Rule, Number(r.Decisions), null }));
        rows.Add(["kosten", "kostenvergelijkingen", Number(report.Costs.Comparisons), null]);
        rows.Add(["kosten", "som verschil per jaar in euro", (report.Costs.YearlyDifferenceInCents / 100m).ToString("0.00", CultureInfo.InvariantCulture), "schatting; positief is een besparing"]);
        rows.Add(["besluiten", "gecorrigeerd", Number(report.Corrections.Decisions), $"{Number(report.Corrections.Corrections)} correcties; afwijkingen en kosten zoals gecorrigeerd"]);
        rows.AddRange(report.OverdueActions.Select(o => new[] { "acties te laat", o.Organisation, Number(o.Actions), $"op {Iso(report.OverdueOn)}" }));
        rows.Add(["signalen", "open", Number(report.OpenSignals.Count), null]);
        rows.AddRange(report.OpenSignals.Select(s => new[] { "open signaal", s.RuleOrPolicy, Dutch.Label(s.Status), $"{s.CaseAlias}; doorgezet naar {s.EscalatedTo}; sinds {Iso(s.RaisedOn)}" }));

        var csv = new StringBuilder();
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Escape)).Append('\n');
        }

        return csv.ToString();
    }

    public static ReportDocument ToDocument(TableReport report, CurrentUser user, DateTimeOffset now)
    {
        var period = $"{Dutch.Date(report.From)} tot en met {Dutch.Date(report.Until)}";
        string Aliases(IReadOnlyList<string> aliases) => aliases.Count == 0 ? "geen" : string.Join(", ", aliases);
        List<Block> blocks =
        [
            new Heading($"Rapportage {report.Table}"),
            new Paragraph($"Wat deze tafel bereikte van {period}. Dit overzicht bevat geen persoonsgegevens: alleen aantallen, regels, organisaties en casusnummers.", Small: true),
            new Heading("Casussen", 2),
            Grid.KeyValues(
            [
                ("Nieuw aan tafel", Number(report.Cases.In)),
                ("Afgesloten", Number(report.Cases.Out)),
                ("Nieuwe casussen", Aliases(report.Cases.InAliases)),
                ("Afgesloten casussen", Aliases(report.Cases.OutAliases)),
            ]),
            new Heading("Tijd tot doorbraak", 2),
            Grid.KeyValues(
            [
                ("Doorbraken", Number(report.Breakthrough.Cases)),
                ("Mediaan van aanmelding tot doorbraak", report.Breakthrough.MedianDays is { } days
                    ? $"{days.ToString("0.0", Dutch.Culture)} dagen"
                    : "geen doorbraak in deze periode"),
            ]),
            new Heading("Besluiten met afwijking van regels", 2),
            Grid.KeyValues([("Besluiten met afwijking", Number(report.RuleDeviations.Decisions))]),
        ];
        if (report.RuleDeviations.Rules.Count > 0)
        {
            blocks.Add(new Grid([0.8f, 0.2f], ["Regel waarvan is afgeweken", "Besluiten"],
                [.. report.RuleDeviations.Rules.Select(r => (IReadOnlyList<Cell>)[r.Rule, Number(r.Decisions)])]));
        }

        blocks.Add(new Heading("Kostenvergelijkingen", 2));
        blocks.Add(Grid.KeyValues(
        [
            ("Kostenvergelijkingen", Number(report.Costs.Comparisons)),
            ("Som van de verschillen", new Cell($"{Dutch.Euro(report.Costs.YearlyDifferenceInCents)} per jaar (schatting)", CellStyle.Bold)),
        ]));
        blocks.Add(new Paragraph("Een positief bedrag is een besparing: de voorgestelde aanpak kost minder dan de huidige. Het is een schatting op basis van de bedragen die aan tafel zijn ingebracht.", Small: true));

        blocks.Add(new Heading("Gecorrigeerde besluiten", 2));
        blocks.Add(Grid.KeyValues(
        [
            ("Besluiten gecorrigeerd", Number(report.Corrections.Decisions)),
            ("Correcties", Number(report.Corrections.Corrections)),
        ]));
        blocks.Add(new Paragraph("Afwijkingen en kosten tellen mee zoals ze na de laatste correctie luiden; het casusoverzicht toont elk besluit zoals het is vastgelegd en elke correctie.", Small: true));

        blocks.Add(new Heading($"Acties te laat op {Dutch.Date(report.OverdueOn)}", 2));
        blocks.Add(report.OverdueActions.Count == 0
            ? new Paragraph("Geen acties te laat.")
            : new Grid([0.8f, 0.2f], ["Organisatie", "Acties"], [.. report.OverdueActions.Select(o => (IReadOnlyList<Cell>)[o.Organisation, Number(o.Actions)])]));

        blocks.Add(new Heading("Open signalen over regels en beleid", 2));
        blocks.Add(report.OpenSignals.Count == 0
            ? new Paragraph("Geen open signalen.")
            : new Grid([0.2f, 0.34f, 0.24f, 0.1f, 0.12f], ["Casus", "Regel of beleid", "Doorgezet naar", "Stand", "Sinds"],
                [.. report.OpenSignals.Select(s => (IReadOnlyList<Cell>)[s.CaseAlias, s.RuleOrPolicy, s.EscalatedTo, Dutch.Label(s.Status), s.RaisedOn.ToString("d-M-yyyy", Dutch.Culture)])]));

        return new ReportDocument(
            new DocumentInfo($"Rapportage {report.Table}", $"Rapportage doorbraaktafel, {period}", user.DisplayName, now),
            new PageFrame([$"Rapportage {report.Table}", $"Periode: {period}"], Confidentiality, $"Deze rapportage is gegenereerd door {user.DisplayName} op {Dutch.DateAndTime(now)}."),
            blocks);
    }

    private static string FileName(TableReport report, string extension) => $"rapportage-{report.From:yyyyMMdd}-{report.Until:yyyyMMdd}.{extension}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Escape(string? value)
    {
        if (value is null)
        {
            return "";
        }

        // A text that a spreadsheet would take for a formula is kept as text.
        if ((value.Length > 0 && "=+@\t\r".Contains(value[0], StringComparison.Ordinal)) || (value.StartsWith('-') && !decimal.TryParse(value, CultureInfo.InvariantCulture, out _)))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
