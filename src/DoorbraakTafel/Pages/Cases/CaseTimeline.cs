using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Gate;

namespace DoorbraakTafel.Pages.Cases;

/// <summary>One step in the case's history as the page shows it: what, when, who, and the words as the gate handed them.</summary>
public sealed record TimelineEntry(DateTimeOffset At, bool DayOnly, string What, string? By, IReadOnlyList<(string Label, CategorisedText Text)> Texts, IReadOnlyList<string> Details);

/// <summary>Builds the timeline of everything on a case from the view the privacy gate filtered for this viewer.</summary>
public static class CaseTimelineBuilder
{
    public static IReadOnlyList<TimelineEntry> Build(CaseDetails c, People people)
    {
        string Who(Participant p) => $"{people.Person(p.UserId)} ({people.Organisation(p.OrganisationId)})";
        var entries = new List<TimelineEntry>
        {
            new(c.OpenedAt, false, "Casus ingebracht", $"{people.Person(c.Referrer.UserId)} ({people.Organisation(c.Referrer.OrganisationId)})",
                [("Knelpunt", c.Bottleneck)],
                c.ResidentInformed is { } informed
                    ? [informed.Informed ? "De inwoner weet van de aanmelding." : $"De inwoner is niet geïnformeerd: {Note(informed.ReasonIfNot)}"]
                    : []),
        };
        entries.AddRange(c.Schedule.Select(s => new TimelineEntry(Day(s.Date), true, $"Op de agenda van de bijeenkomst van {Dutch.Date(s.Date)}", null, [], [])));
        entries.AddRange(c.ResidentVoice.Select(v => new TimelineEntry(v.At, false, "In de woorden van de inwoner", null,
            v.Wishes is null ? [("Wat de inwoner zegt", v.Words)] : [("Wat de inwoner zegt", v.Words), ("Wensen", v.Wishes)], [])));
        entries.AddRange(c.Assessments.Select(a => new TimelineEntry(a.At, false, $"Vuistregel {Dutch.Label(a.Vuistregel)}: {Dutch.Label(a.Status)}", Who(a.By),
            a.Note is null ? [] : [("Toelichting", a.Note)], [])));
        entries.AddRange(c.Contributions.Select(x => new TimelineEntry(x.At, false, "Inbreng", Who(x.By), [("Inbreng", x.Text)],
            [x.Weighing.Purpose == PrivacyGate.Redacted
                ? "Afweging bij het delen: afgeschermd, zoals de inbreng zelf."
                : $"Afweging bij het delen: doel \"{x.Weighing.Purpose}\", grondslag \"{x.Weighing.Basis}\"."
                    + (x.Weighing.ResidentInformed ? " De inwoner is geïnformeerd." : $" De inwoner is niet geïnformeerd: {Note(x.Weighing.NotInformedReason)}")])));
        entries.AddRange(c.Proposals.Select(p => new TimelineEntry(p.At, false, "Voorstel", Who(p.By), [("Voorstel", p.Text)],
            [.. p.Positions.Select(pos => $"{Who(pos.By)}: {Dutch.Label(pos.Position)}{(pos.Reason is null ? "" : $" ({Note(pos.Reason)})")}")])));
        // Each decision as it was recorded, then each correction of it at its own time: the history stays readable.
        entries.AddRange(c.Decisions.Select(d => d.AsRecorded()).Select(d => new TimelineEntry(d.At, false, d.Breakthrough ? "Besluit: doorbraak" : "Besluit", Who(d.By),
            [("Besluit", d.What), ("Waarom", d.Why)], DecisionDetails(d))));
        entries.AddRange(c.Decisions.SelectMany(d => d.History).Select(x => new TimelineEntry(x.At, false, "Besluit gecorrigeerd", Who(x.By), CorrectionTexts(x), CorrectionDetails(x))));
        foreach (var a in c.Actions)
        {
            entries.Add(new TimelineEntry(a.CompletedAt ?? Day(a.Due), a.CompletedAt is null, a.Status == ActionStatus.Done ? "Actie klaar" : $"Actie ({Dutch.Label(a.Status)})",
                Who(a.Owner), [("Actie", a.Description)],
                [$"Klaar op {Dutch.Date(a.Due)}, vuistregel {Dutch.Label(a.Vuistregel)}.", .. a.CompletionNote is null ? Array.Empty<string>() : [$"Afgerond: {Note(a.CompletionNote)}"]]));
        }

        if (c.HousingProfile is { } profile)
        {
            entries.Add(new TimelineEntry(profile.At, false, "Woonprofiel vastgelegd", null, HousingTexts(profile), []));
        }

        entries.AddRange(c.Roadmap.Select(r => new TimelineEntry(Day(r.On), true, $"Routekaart: {Dutch.Label(r.Step)}", null, [], r.Note is null ? [] : [Note(r.Note)])));
        entries.AddRange(c.Signals.Select(s => new TimelineEntry(s.At, false, $"Signaal (weeffout): {Dutch.Label(s.Status)}", null, [],
            s.Flaw == PrivacyGate.Redacted
                ? [Note(s.Flaw)]
                : [s.Flaw, $"Regel of beleid: {s.RuleOrPolicy}. Doorgezet naar: {s.EscalatedTo}."])));
        if (c.Closure is { } closure)
        {
            entries.Add(new TimelineEntry(closure.At, false, "Casus afgesloten", null, [("Samenvatting", closure.Summary)],
                [.. closure.Outcomes.Select(o => $"{Dutch.Label(o.Vuistregel)}: {Dutch.Label(o.Status)}{(o.Note is null ? "" : $" ({Note(o.Note)})")}")]));
        }

        entries.AddRange(c.StepsNotRead.Select(s => new TimelineEntry(s.At, false, UnreadableStep.Sentence, null, [], [UnreadableStep.Detail])));
        if (c.ErasedAt is { } erased)
        {
            entries.Add(new TimelineEntry(erased, false, "Woorden verwijderd (AVG of bewaartermijn)", null, [], ["Wie wat wanneer deed blijft zichtbaar; de woorden zijn weg."]));
        }

        return [.. entries.OrderBy(e => e.At)];
    }

    public static IReadOnlyList<(string Label, CategorisedText Text)> HousingTexts(HousingProfile profile) =>
    [
        .. profile.Wishes is null ? [] : new[] { ("Wensen", profile.Wishes) },
        .. profile.SupportConditions is null ? [] : new[] { ("Voorwaarden voor begeleiding", profile.SupportConditions) },
        .. profile.Income is null ? [] : new[] { ("Inkomen", profile.Income) },
        .. profile.Risks is null ? [] : new[] { ("Risico's", profile.Risks) },
    ];

    public static IReadOnlyList<string> DecisionDetails(Decision d)
    {
        var details = new List<string>();
        if (d.RuleDeviation is { Rule: PrivacyGate.Redacted })
        {
            // The deviation's texts take the decision's category: held back together, never as "Waarom: .".
            details.Add("Er is een regel opzij gezet; welke, waarom en op wiens mandaat is afgeschermd, zoals het besluit.");
        }
        else if (d.RuleDeviation is { } deviation)
        {
            details.Add($"Regel opzij gezet: {deviation.Rule}. Waarom: {deviation.Reason}.");
            details.Add($"Mandaat: {deviation.Mandate.Person}, {deviation.Mandate.Role}, {deviation.Mandate.Organisation} (kenmerk {deviation.Mandate.Reference})."
                + (deviation.LegalHook is null ? "" : $" Juridische haak: {deviation.LegalHook}.")
                + (deviation.Until is { } until ? $" Geldt tot {Dutch.Date(until)}." : ""));
        }

        if (d.CostComparison is { } costs)
        {
            details.AddRange(CostDetails(costs));
        }

        return details;
    }

    /// <summary>The texts a correction changed: each as it was and as it reads now, as the gate handed them.</summary>
    public static IReadOnlyList<(string Label, CategorisedText Text)> CorrectionTexts(DecisionCorrection correction) =>
    [
        .. correction.WhatBefore is { } whatBefore ? [("Besluit zoals vastgelegd", whatBefore)] : Array.Empty<(string, CategorisedText)>(),
        .. correction.What is { } what ? [("Besluit nu", what)] : Array.Empty<(string, CategorisedText)>(),
        .. correction.WhyBefore is { } whyBefore ? [("Waarom zoals vastgelegd", whyBefore)] : Array.Empty<(string, CategorisedText)>(),
        .. correction.Why is { } why ? [("Waarom nu", why)] : Array.Empty<(string, CategorisedText)>(),
    ];

    /// <summary>A correction's cost comparison as it was and as it is now, and its reason.</summary>
    public static IReadOnlyList<string> CorrectionDetails(DecisionCorrection correction)
    {
        var details = new List<string>();
        if (correction.CostComparison is { } now)
        {
            details.Add(correction.CostComparisonBefore is { } before
                ? "Kostenvergelijking zoals vastgelegd: " + string.Join(" ", CostDetails(before))
                : "Er was geen kostenvergelijking vastgelegd.");
            details.Add("Kostenvergelijking nu: " + string.Join(" ", CostDetails(now)));
        }

        details.Add($"Reden van de correctie: {Note(correction.Reason)}");
        return details;
    }

    private static IReadOnlyList<string> CostDetails(CostComparison costs) =>
    [
        "Kosten nu: " + string.Join(", ", costs.Current.Select(CostLine)) + ".",
        "Kosten voorstel: " + string.Join(", ", costs.Proposed.Select(CostLine)) + ".",
        costs.YearlyDifferenceInCents >= 0
            ? $"Verschil: het voorstel bespaart {Dutch.Euro(costs.YearlyDifferenceInCents)} per jaar (schatting)."
            : $"Verschil: het voorstel kost {Dutch.Euro(-costs.YearlyDifferenceInCents)} per jaar meer (schatting).",
    ];

    private static string CostLine(CostItem item) => $"{(item.Label == PrivacyGate.Redacted ? "(afgeschermd)" : item.Label)} {Dutch.Euro(item.AmountInCents)} {Dutch.Label(item.Period)}";

    /// <summary>A free note as the gate left it: held back (empty) with the item it belongs to.</summary>
    private static string Note(string? note) => note is null or PrivacyGate.Redacted ? "(afgeschermd)" : note;

    private static DateTimeOffset Day(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
