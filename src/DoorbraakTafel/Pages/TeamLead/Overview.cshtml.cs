using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Acting;
using DoorbraakTafel.Cases.Signalling;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Pages.TeamLead;

/// <summary>
/// Teamleider: the tables of the teams the user leads in figures, and the case summaries as PDF.
/// Only the team's cases are read (those at its tables or brought in by its professionals: the
/// cases a team leader has need to know of, <see cref="GateRules.Assess"/>), and only counts,
/// durations, sums and aliases are shown: no words of a case (the PDF export passes the gate, per case).
/// </summary>
public sealed class OverviewModel(IQuerySession query, EndpointDataSource endpoints, TimeProvider clock) : DoorbraakPage
{
    public const int Months = 6;

    public sealed record TableRow(TableDetails Table, int Open, int Breakthroughs, int Closed, int Meetings, int OpenSignals, int OverdueActions,
        IReadOnlyList<(Guid Id, string Alias, CaseStatus Status)> Cases);

    public IReadOnlyList<TableRow> Tables { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Alias, CaseStatus Status)> Unscheduled { get; private set; } = [];

    public IReadOnlyList<string> MonthLabels { get; private set; } = [];

    public IReadOnlyList<decimal> CasesIn { get; private set; } = [];

    public IReadOnlyList<decimal> CasesOut { get; private set; } = [];

    public IReadOnlyList<decimal> DaysToBreakthrough { get; private set; } = [];

    /// <summary>Per month, in cents: the bars' values, written with <see cref="Dutch.Euro"/>.</summary>
    public IReadOnlyList<decimal> YearlyDifferenceInCents { get; private set; } = [];

    public bool HasCasePdf { get; private set; }

    public bool HasTableReport { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var patterns = endpoints.Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "").ToList();
        HasCasePdf = patterns.Any(p => p.EndsWith("/summary.pdf", StringComparison.Ordinal));
        HasTableReport = patterns.Any(p => p.StartsWith("/api/reports/tables/", StringComparison.Ordinal) && p.EndsWith("/report.pdf", StringComparison.Ordinal));

        var teams = await query.Query<Team>().Where(t => t.Leaders.Contains(Me.UserId)).ToListAsync(cancellationToken);
        var teamTables = teams.SelectMany(t => t.Tables).Distinct().ToArray();
        var teamProfessionals = teams.SelectMany(t => t.Professionals).Distinct().ToArray();
        var tables = await query.Query<TableDetails>().Where(t => t.Id.IsOneOf(teamTables)).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        // Documents written by an older shape of the projection (no schedule yet) are left out until rebuilt.
        var cases = (await query.Query<CaseDetails>()
                .Where(c => c.Schedule.Any(s => s.TableId.IsOneOf(teamTables)) || c.Referrer.UserId.IsOneOf(teamProfessionals))
                .ToListAsync(cancellationToken))
            .Where(c => c.Schedule is not null && c.Decisions is not null).ToList();
        var meetings = await query.Query<MeetingBoard>().Where(m => m.TableId.IsOneOf(teamTables)).ToListAsync(cancellationToken);
        var signals = await query.Query<SignalItem>().Where(s => s.Status != SignalStatus.Resolved && s.TableId.IsOneOf(teamTables)).ToListAsync(cancellationToken);
        var today = clock.Today();
        var overdue = await query.Query<ActionItem>().Where(a => a.Status != ActionStatus.Done && a.Due < today).ToListAsync(cancellationToken);

        Tables = [.. tables.Select(table =>
        {
            var own = cases.Where(c => c.Schedule.Any(s => s.TableId == table.Id)).ToList();
            var ids = own.Select(c => c.Id).ToHashSet();
            return new TableRow(table,
                own.Count(c => c.Status is not CaseStatus.Afgesloten and not CaseStatus.Doorbraak),
                own.Count(c => c.BreakthroughAt is not null),
                own.Count(c => c.Status == CaseStatus.Afgesloten),
                meetings.Count(m => m.TableId == table.Id && m.Status == MeetingStatus.Closed),
                signals.Count(s => s.TableId == table.Id),
                overdue.Count(a => ids.Contains(a.CaseId)),
                [.. own.OrderByDescending(c => c.OpenedAt).Select(c => (c.Id, PrivacyGate.AliasOf(c), c.Status))]);
        })];
        Unscheduled = [.. cases.Where(c => c.Schedule.Count == 0).OrderByDescending(c => c.OpenedAt).Select(c => (c.Id, PrivacyGate.AliasOf(c), c.Status))];

        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var months = Enumerable.Range(0, Months).Select(i => thisMonth.AddMonths(i - Months + 1)).ToList();
        MonthLabels = [.. months.Select(m => m.ToString("MMM yyyy", Dutch.Culture))];
        static DateOnly MonthOf(DateTimeOffset moment)
        {
            var local = TimeZoneInfo.ConvertTime(moment, Clock.Netherlands);
            return new DateOnly(local.Year, local.Month, 1);
        }

        CasesIn = [.. months.Select(m => (decimal)cases.Count(c => MonthOf(c.OpenedAt) == m))];
        CasesOut = [.. months.Select(m => (decimal)cases.Count(c => c.Closure is { } closure && MonthOf(closure.At) == m))];
        DaysToBreakthrough = [.. months.Select(m =>
        {
            var reached = cases.Where(c => c.BreakthroughAt is { } at && MonthOf(at) == m).Select(c => (decimal)(c.BreakthroughAt!.Value - c.OpenedAt).TotalDays).ToList();
            return reached.Count == 0 ? 0m : Math.Round(reached.Average(), 1);
        })];
        YearlyDifferenceInCents = [.. months.Select(m => cases.SelectMany(c => c.Decisions)
            .Where(d => d.CostComparison is not null && MonthOf(d.At) == m)
            .Sum(d => (decimal)d.CostComparison!.YearlyDifferenceInCents))];
    }

    public BarChart InAndOut => new("grafiek-in-uit", "Casussen in en uit per maand", MonthLabels,
        [new("Ingebracht", "dt-bar--in", CasesIn), new("Afgesloten", "dt-bar--out", CasesOut)], v => v.ToString("0", Dutch.Culture));

    public BarChart Breakthrough => new("grafiek-doorbraak", "Gemiddeld aantal dagen tot de doorbraak, per maand van de doorbraak", MonthLabels,
        [new("Dagen", "dt-bar--value", DaysToBreakthrough)], v => v.ToString("0.#", Dutch.Culture));

    public BarChart Costs => new("grafiek-kosten", "Verschil in kosten per jaar door besluiten, per maand", MonthLabels,
        [new("Besparing per jaar", "dt-bar--value", YearlyDifferenceInCents)], cents => Dutch.Euro((long)cents));
}
