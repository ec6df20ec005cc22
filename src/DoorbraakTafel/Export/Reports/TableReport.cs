using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Signalling;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;

namespace DoorbraakTafel.Export.Reports;

/// <summary>
/// What a table achieved in a period, for its team leader. Counts, durations, organisations and
/// case aliases, and the rules set aside and signals as the privacy gate showed them to the reader
/// (<see cref="TableReportApi.LoadAsync"/>); no other case texts and no resident's name.
/// </summary>
public sealed record TableReport(
    Guid TableId,
    [property: NonPersonal("the table\'s name")] string Table,
    DateOnly From,
    DateOnly Until,
    DateOnly OverdueOn,
    CaseFlow Cases,
    TimeToBreakthrough Breakthrough,
    RuleDeviations RuleDeviations,
    CostDifferences Costs,
    DecisionCorrections Corrections,
    IReadOnlyList<OverdueActions> OverdueActions,
    IReadOnlyList<OpenSignal> OpenSignals);

/// <summary>Cases put on the table's agenda for the first time in the period, and cases of the table closed in it.</summary>
public sealed record CaseFlow(int In, int Out, [property: NonPersonal("case aliases")] IReadOnlyList<string> InAliases, [property: NonPersonal("case aliases")] IReadOnlyList<string> OutAliases);

/// <summary>Days from referral (the case opened) to its first breakthrough decision, for breakthroughs in the period.</summary>
public sealed record TimeToBreakthrough(int Cases, double? MedianDays);

/// <remarks>The rule is free text of the decisions (personal text of their categories, which the report does not carry): after erasure it reads "[verwijderd]".</remarks>
public sealed record RuleDeviationCount([property: PersonalText] string Rule, int Decisions);

public sealed record RuleDeviations(int Decisions, IReadOnlyList<RuleDeviationCount> Rules);

/// <summary>Cost comparisons of decisions in the period, as last corrected, and the sum of their yearly differences in cents (an estimate; positive is a saving).</summary>
public sealed record CostDifferences(int Comparisons, long YearlyDifferenceInCents);

/// <summary>Decisions of the period corrected since they were recorded, and how many corrections; the other figures count them as corrected.</summary>
public sealed record DecisionCorrections(int Decisions, int Corrections);

public sealed record OverdueActions([property: NonPersonal("an organisation id")] string OrganisationId, [property: NonPersonal("an organisation\'s name")] string Organisation, int Actions);

/// <remarks>The rule and where it went are the signal's free text (personal text of its category, which the report does not carry).</remarks>
public sealed record OpenSignal(
    [property: NonPersonal("a case alias")] string CaseAlias, [property: PersonalText] string RuleOrPolicy, [property: PersonalText] string EscalatedTo, SignalStatus Status, DateOnly RaisedOn);

/// <summary>The one place the team-leader report is computed: a pure function over loaded read models.</summary>
public static class TableReports
{
    /// <param name="table">The table reported on.</param>
    /// <param name="from">First day of the period (Dutch calendar day).</param>
    /// <param name="until">Last day of the period, inclusive.</param>
    /// <param name="today">Today; actions count as overdue on the period's last day, or today when that is earlier.</param>
    /// <param name="meetings">The table's meetings (their agendas say which cases came to the table when).</param>
    /// <param name="cases">The cases on those agendas.</param>
    /// <param name="signals">The table's system signals, in their current state.</param>
    /// <summary>A text as the privacy gate left it for the reader; one it held back (empty) is said so.</summary>
    private static string Shown(string text) => text.Trim() is { Length: > 0 } shown ? shown : "(afgeschermd)";

    public static TableReport Compute(
        TableDetails table, DateOnly from, DateOnly until, DateOnly today,
        IReadOnlyList<MeetingBoard> meetings, IReadOnlyList<CaseDetails> cases, IReadOnlyList<SignalItem> signals)
    {
        bool InPeriod(DateOnly day) => day >= from && day <= until;
        bool AtInPeriod(DateTimeOffset at) => InPeriod(Clock.DayOf(at));

        var ours = meetings.Where(m => m.TableId == table.Id).ToList();
        var meetingIds = ours.Select(m => m.Id).ToHashSet();
        var firstAtTable = ours.SelectMany(m => m.Agenda.Select(caseId => (caseId, m.Date)))
            .GroupBy(x => x.caseId)
            .ToDictionary(g => g.Key, g => g.Min(x => x.Date));
        // Cases that came to this table on or before the period's last day; later arrivals do not count yet.
        var tableCases = cases.Where(c => firstAtTable.TryGetValue(c.Id, out var first) && first <= until).OrderBy(c => c.OpenedAt).ToList();

        var casesIn = tableCases.Where(c => InPeriod(firstAtTable[c.Id])).ToList();
        var casesOut = tableCases.Where(c => c.Closure is { } closure && AtInPeriod(closure.At)).ToList();

        var breakthroughDays = tableCases
            .Where(c => c.BreakthroughAt is { } at && AtInPeriod(at))
            .Select(c => (c.BreakthroughAt!.Value - c.OpenedAt).TotalDays)
            .ToList();

        // A decision counts for this table when taken in one of its meetings, or between meetings on one of its cases.
        var decisions = tableCases
            .SelectMany(c => c.Decisions)
            .Where(d => AtInPeriod(d.At) && (d.MeetingId is null || meetingIds.Contains(d.MeetingId.Value)))
            .ToList();
        var deviations = decisions.Where(d => d.RuleDeviation is not null).ToList();
        var comparisons = decisions.Select(d => d.CostComparison).OfType<CostComparison>().ToList();

        var overdueOn = until < today ? until : today;
        var overdue = tableCases
            .SelectMany(c => c.Actions)
            .Where(a => a.Due < overdueOn && (a.CompletedAt is not { } done || Clock.DayOf(done) > overdueOn))
            .GroupBy(a => a.Owner.OrganisationId)
            .Select(g => new OverdueActions(g.Key, OrganisationName(table, g.Key), g.Count()))
            .OrderByDescending(o => o.Actions).ThenBy(o => o.Organisation, StringComparer.Ordinal)
            .ToList();

        var aliases = tableCases.ToDictionary(c => c.Id, PrivacyGate.AliasOf);
        var openSignals = signals
            .Where(s => s.TableId == table.Id && s.Status != SignalStatus.Resolved && Clock.DayOf(s.RaisedAt) <= until)
            .OrderBy(s => s.RaisedAt)
            .Select(s => new OpenSignal(aliases.GetValueOrDefault(s.CaseId, "onbekende casus"), Shown(s.RuleOrPolicy), Shown(s.EscalatedTo), s.Status, Clock.DayOf(s.RaisedAt)))
            .ToList();

        return new TableReport(
            table.Id, table.Name, from, until, overdueOn,
            new CaseFlow(casesIn.Count, casesOut.Count, [.. casesIn.Select(PrivacyGate.AliasOf)], [.. casesOut.Select(PrivacyGate.AliasOf)]),
            new TimeToBreakthrough(breakthroughDays.Count, Median(breakthroughDays)),
            new RuleDeviations(deviations.Count, [.. deviations
                .GroupBy(d => Shown(d.RuleDeviation!.Rule), StringComparer.OrdinalIgnoreCase)
                .Select(g => new RuleDeviationCount(g.Key, g.Count()))
                .OrderByDescending(r => r.Decisions).ThenBy(r => r.Rule, StringComparer.Ordinal)]),
            new CostDifferences(comparisons.Count, comparisons.Sum(c => c.YearlyDifferenceInCents)),
            new DecisionCorrections(decisions.Count(d => d.History.Count > 0), decisions.Sum(d => d.History.Count)),
            overdue,
            openSignals);
    }

    /// <summary>The middle value, or the mean of the two middle values; rounded to a tenth of a day.</summary>
    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return Math.Round(median, 1, MidpointRounding.AwayFromZero);
    }

    private static string OrganisationName(TableDetails table, string organisationId) =>
        table.Organisations.FirstOrDefault(o => o.Id == organisationId)?.Name ?? organisationId;
}
