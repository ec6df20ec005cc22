using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Export.Rendering;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;

namespace DoorbraakTafel.Export.Summary;

/// <summary>
/// The case summary as a document, composed only from what the privacy gate handed out
/// (<see cref="CaseView"/>): every text is either shown or replaced by a visible notice with the
/// gate's reason. Tables are read for their names and their organisations' names only.
/// </summary>
internal sealed class CaseSummary(CaseView view, IReadOnlyList<TableDetails> tables, DateTimeOffset now)
{
    public const string Confidentiality = "Vertrouwelijk - alleen voor betrokkenen bij deze casus";

    private readonly CaseDetails details = view.Case;
    private readonly List<Block> blocks = [];

    public static ReportDocument Compose(CaseView view, IReadOnlyList<TableDetails> tables, CurrentUser user, DateTimeOffset now)
    {
        var summary = new CaseSummary(view, tables, now);
        return new ReportDocument(
            new DocumentInfo($"Casusoverzicht {view.Alias}", "Casusoverzicht doorbraaktafel", user.DisplayName, now),
            new PageFrame(summary.Header(), Confidentiality, $"Dit overzicht is gegenereerd door {user.DisplayName} op {Dutch.DateAndTime(now)}."),
            summary.Body());
    }

    private IReadOnlyList<string> Header()
    {
        var name = view.Resident is { } resident ? $" · {resident.Name}" : "";
        var end = details.Closure?.At ?? now;
        return
        [
            $"Casusoverzicht {view.Alias}{name}",
            $"Tafel: {TableNames()} · Periode: {Dutch.Date(details.OpenedAt)} tot en met {Dutch.Date(end)}",
        ];
    }

    private List<Block> Body()
    {
        Overview();
        Withheld();
        StepsNotRead();
        Vuistregels();
        Closure();
        Decisions();
        Actions();
        Housing();
        Signals();
        ResidentVoice();
        Contributions();
        Proposals();
        return blocks;
    }

    private void Overview()
    {
        blocks.Add(new Heading($"Casusoverzicht {view.Alias}"));
        blocks.Add(new Paragraph("Dit overzicht laat zien wat de doorbraaktafel over deze casus heeft vastgelegd, voor zover u dat mag zien.", Small: true));
        var identity = view.Categories.FirstOrDefault(c => c.Category == DataCategory.Identificatie);
        List<(string, Cell)> rows =
        [
            ("Casus", view.Alias),
            ("Inwoner", Resident(identity)),
            ("Onderwerp", details.Title),
            ("Stand van zaken", Dutch.Label(details.Status)),
            ("Aangemeld op", Dutch.Date(details.OpenedAt)),
            ("Aangemeld door", Organisation(details.Referrer.OrganisationId)),
            ("Tafel", TableNames()),
            ("Doorbraak", details.BreakthroughAt is { } breakthrough ? $"bereikt op {Dutch.Date(breakthrough)}" : "nog niet bereikt"),
            ("Knelpunt", TextCell(details.Bottleneck)),
        ];
        blocks.Add(Grid.KeyValues(rows));
        blocks.Add(new Paragraph($"Waarom u deze casus mag inzien: {view.Access}", Small: true));
        if (details.ErasedAt is { } erased)
        {
            blocks.Add(new Notice($"De teksten van deze casus zijn gewist op {Dutch.Date(erased)}. Wat er wanneer is gebeurd, blijft zichtbaar."));
        }
    }

    private Cell Resident(CategoryVerdict? identity) => (view.Resident, details.ResidentId, identity) switch
    {
        ({ } resident, _, _) => resident.Name,
        // Without a basis for identification the view holds no resident id either, so whether one is linked stays unsaid.
        (null, _, { Shown: false } verdict) => new Cell($"Naam niet getoond: {verdict.Explanation}", CellStyle.Notice),
        (null, null, _) => "geen inwoner vastgelegd bij deze casus",
        _ => new Cell("Naam niet beschikbaar: de identiteitsgegevens zijn gewist.", CellStyle.Notice),
    };

    private void Withheld()
    {
        var withheld = view.Categories.Where(c => !c.Shown).ToList();
        if (withheld.Count == 0)
        {
            return;
        }

        blocks.Add(new Heading("Wat u in dit overzicht niet ziet", 2));
        blocks.Add(new Notice("Een deel van deze casus is niet voor u zichtbaar. Zo beschermen we de privacy van de inwoner. " +
            "Waar iets is weggelaten, staat in dit overzicht waarom."));
        blocks.Add(new Grid([0.25f, 0.75f], ["Soort gegevens", "Waarom niet getoond"],
            [.. withheld.Select(c => (IReadOnlyList<Cell>)[Dutch.Label(c.Category), new Cell(c.Explanation, CellStyle.Notice)])]));
    }

    private void StepsNotRead()
    {
        if (details.StepsNotRead.Count == 0)
        {
            return;
        }

        blocks.Add(new Heading("Stappen die niet konden worden gelezen", 2));
        blocks.Add(new Notice(UnreadableStep.Detail));
        foreach (var step in details.StepsNotRead)
        {
            blocks.Add(new Paragraph($"{Dutch.Date(step.At)} · {UnreadableStep.Sentence}."));
        }
    }

    private void Vuistregels()
    {
        blocks.Add(new Heading("De vijf vuistregels", 2));
        blocks.Add(new Paragraph("Hoe het stond bij de eerste beoordeling, en hoe het nu staat.", Small: true));
        var rows = Enum.GetValues<Vuistregel>().Select(v =>
        {
            var assessments = details.Assessments.Where(a => a.Vuistregel == v).OrderBy(a => a.At).ToList();
            return (IReadOnlyList<Cell>)
            [
                new Cell(Dutch.Label(v), CellStyle.Label),
                assessments.Count == 0 ? "nog niet beoordeeld" : $"{Dutch.Label(assessments[0].Status)} ({Dutch.Date(assessments[0].At)})",
                assessments.Count == 0 ? "nog niet beoordeeld" : $"{Dutch.Label(assessments[^1].Status)} ({Dutch.Date(assessments[^1].At)})",
                assessments.Count == 0 ? "-" : TextCell(assessments[^1].Note),
            ];
        });
        blocks.Add(new Grid([0.18f, 0.21f, 0.21f, 0.4f], ["Vuistregel", "Bij de start", "Nu", "Toelichting nu"], [.. rows]));
    }

    private void Closure()
    {
        if (details.Closure is not { } closure)
        {
            return;
        }

        blocks.Add(new Heading("Afsluiting", 2));
        blocks.Add(Grid.KeyValues(
        [
            ("Afgesloten op", Dutch.Date(closure.At)),
            ("Samenvatting", TextCell(closure.Summary)),
            ("Vervolgafspraak", closure.FollowUpOn is { } followUp ? Dutch.Date(followUp) : "geen"),
        ]));
        blocks.Add(new Grid([0.2f, 0.2f, 0.6f], ["Vuistregel", "Uitkomst", "Toelichting"],
            [.. closure.Outcomes.Select(o => (IReadOnlyList<Cell>)[Dutch.Label(o.Vuistregel), Dutch.Label(o.Status), NoteCell(o.Note)])]));
    }

    private void Decisions()
    {
        blocks.Add(new Heading("Besluiten", 2));
        var decisions = details.Decisions.OrderBy(d => d.At).ToList();
        if (decisions.Count == 0)
        {
            blocks.Add(new Paragraph("Er zijn nog geen besluiten vastgelegd."));
            return;
        }

        if (decisions.Any(d => d.CostComparison is not null))
        {
            blocks.Add(new Paragraph("De bedragen in de kostenvergelijkingen zijn schattingen op basis van wat aan tafel is ingebracht. Eenmalige kosten tellen mee in het eerste jaar.", Small: true));
        }

        for (var i = 0; i < decisions.Count; i++)
        {
            var decision = decisions[i];
            blocks.Add(new Heading($"Besluit {i + 1}: {Dutch.Date(decision.At)}{(decision.Breakthrough ? " (doorbraak)" : "")}", 3));
            var meeting = details.Schedule.FirstOrDefault(s => s.MeetingId == decision.MeetingId);
            List<(string, Cell)> rows =
            [
                ("Genomen", decision.BetweenMeetings || meeting is null ? "tussen twee overleggen in" : $"in het overleg van {Dutch.Date(meeting.Date)}"),
                ("Vastgelegd door", Organisation(decision.By.OrganisationId)),
                ("Wat is besloten", TextCell(decision.What)),
                ("Waarom", TextCell(decision.Why)),
            ];
            if (decision.RuleDeviation is { } deviation)
            {
                var mandate = deviation.Mandate;
                rows.Add(("Afwijking van de regel", NoteCell(deviation.Rule)));
                rows.Add(("Reden van afwijken", NoteCell(deviation.Reason)));
                rows.Add(("Mandaat", mandate.Person == PrivacyGate.Redacted
                    ? NoteCell(mandate.Person)
                    : $"{mandate.Person}, {mandate.Role}, {mandate.Organisation} (kenmerk {mandate.Reference})"));
                if (deviation.LegalHook is { } hook)
                {
                    rows.Add(("Wettelijke grondslag", NoteCell(hook)));
                }

                if (deviation.Until is { } until)
                {
                    rows.Add(("Afwijking geldt tot en met", Dutch.Date(until)));
                }
            }

            if (decision.History.Count > 0)
            {
                rows.Add(("Gecorrigeerd", $"{decision.History.Count} keer, laatst op {Dutch.Date(decision.History[^1].At)}; hieronder het besluit zoals het nu luidt en elke correctie"));
            }

            blocks.Add(Grid.KeyValues(rows));
            if (decision.CostComparison is { } costs)
            {
                CostComparison(costs);
            }

            Corrections(decision);
        }
    }

    /// <summary>Each correction of a decision with what it replaced, so the decision as recorded stays in the summary.</summary>
    private void Corrections(Decision decision)
    {
        for (var i = 0; i < decision.History.Count; i++)
        {
            var correction = decision.History[i];
            blocks.Add(new Paragraph($"Correctie {i + 1} op {Dutch.Date(correction.At)} door {Organisation(correction.By.OrganisationId)}", Bold: true));
            List<(string, Cell)> rows = [("Reden van de correctie", NoteCell(correction.Reason))];
            if (correction.What is { } what)
            {
                rows.Add(("Wat was vastgelegd", TextCell(correction.WhatBefore)));
                rows.Add(("Wat nu geldt", TextCell(what)));
            }

            if (correction.Why is { } why)
            {
                rows.Add(("Waarom was vastgelegd", TextCell(correction.WhyBefore)));
                rows.Add(("Waarom nu geldt", TextCell(why)));
            }

            if (correction.CostComparison is { } now)
            {
                rows.Add(("Kostenvergelijking was", correction.CostComparisonBefore is { } before ? CostSummary(before) : "geen"));
                rows.Add(("Kostenvergelijking nu", CostSummary(now)));
            }

            blocks.Add(Grid.KeyValues(rows));
        }
    }

    private static string CostSummary(CostComparison costs)
    {
        static string Line(CostItem item) => $"{(item.Label == PrivacyGate.Redacted ? "(afgeschermd)" : item.Label)} {Dutch.Euro(item.AmountInCents)} {Dutch.Label(item.Period)}";
        var difference = costs.YearlyDifferenceInCents;
        return $"huidige route {string.Join(", ", costs.Current.Select(Line))}; voorstel {string.Join(", ", costs.Proposed.Select(Line))}; "
            + $"{Dutch.Euro(Math.Abs(difference))} per jaar {(difference >= 0 ? "goedkoper" : "duurder")} met het voorstel";
    }

    private void CostComparison(CostComparison costs)
    {
        IReadOnlyList<Cell> Item(string side, CostItem item) => [$"{side}: {(item.Label == PrivacyGate.Redacted ? "(afgeschermd)" : item.Label)}", $"{Dutch.Euro(item.AmountInCents)} {Dutch.Label(item.Period)}", Dutch.Euro(item.PerYearInCents)];

        blocks.Add(new Paragraph("Kostenvergelijking (schatting)", Bold: true));
        blocks.Add(new Grid([0.45f, 0.3f, 0.25f], ["Kostenpost", "Bedrag", "Per jaar"],
        [
            .. costs.Current.Select(c => Item("Nu", c)),
            .. costs.Proposed.Select(c => Item("Voorstel", c)),
            [new Cell("Totaal nu", CellStyle.Bold), "", new Cell(Dutch.Euro(costs.Current.Sum(c => c.PerYearInCents)), CellStyle.Bold)],
            [new Cell("Totaal voorstel", CellStyle.Bold), "", new Cell(Dutch.Euro(costs.Proposed.Sum(c => c.PerYearInCents)), CellStyle.Bold)],
        ]));
        var difference = costs.YearlyDifferenceInCents;
        var verdict = difference >= 0 ? "goedkoper met het voorstel" : "duurder met het voorstel";
        blocks.Add(Grid.KeyValues([("Verschil per jaar", new Cell($"{Dutch.Euro(Math.Abs(difference))} per jaar {verdict} (schatting)", CellStyle.Bold))]));
    }

    private void Actions()
    {
        blocks.Add(new Heading("Acties", 2));
        var today = Clock.DayOf(now);
        var open = details.Actions.Where(a => a.Status != ActionStatus.Done).OrderBy(a => a.Due).ToList();
        var done = details.Actions.Where(a => a.Status == ActionStatus.Done).OrderBy(a => a.CompletedAt).ToList();

        blocks.Add(new Heading("Open acties", 3));
        if (open.Count == 0)
        {
            blocks.Add(new Paragraph("Er zijn geen open acties."));
        }
        else
        {
            blocks.Add(new Grid([0.43f, 0.25f, 0.14f, 0.18f], ["Actie", "Wie", "Vuistregel", "Uiterlijk"],
            [
                .. open.Select(a => (IReadOnlyList<Cell>)
                [
                    TextCell(a.Description), Organisation(a.Owner.OrganisationId), Dutch.Label(a.Vuistregel),
                    a.Status == ActionStatus.Overdue || a.Due < today ? new Cell($"{Dutch.Date(a.Due)} ({Dutch.InSentence(Dutch.Label(ActionStatus.Overdue))})", CellStyle.Bold) : Dutch.Date(a.Due),
                ]),
            ]));
        }

        blocks.Add(new Heading("Afgeronde acties", 3));
        if (done.Count == 0)
        {
            blocks.Add(new Paragraph("Er zijn nog geen acties afgerond."));
        }
        else
        {
            blocks.Add(new Grid([0.4f, 0.22f, 0.16f, 0.22f], ["Actie", "Wie", "Afgerond op", "Toelichting"],
            [
                .. done.Select(a => (IReadOnlyList<Cell>)
                [
                    TextCell(a.Description), Organisation(a.Owner.OrganisationId), a.CompletedAt is { } at ? Dutch.Date(at) : "-", NoteCell(a.CompletionNote),
                ]),
            ]));
        }
    }

    private void Housing()
    {
        blocks.Add(new Heading("Woonprofiel en routekaart", 2));
        if (details.HousingProfile is not { } profile)
        {
            blocks.Add(new Paragraph("Er is nog geen woonprofiel vastgelegd."));
        }
        else
        {
            blocks.Add(Grid.KeyValues(
            [
                ("Woonwensen", TextCell(profile.Wishes)),
                ("Voorwaarden voor begeleiding", TextCell(profile.SupportConditions)),
                ("Inkomen", TextCell(profile.Income)),
                ("Risico's", TextCell(profile.Risks)),
                ("Bijgewerkt op", Dutch.Date(profile.At)),
            ]));
        }

        blocks.Add(new Heading("Routekaart", 3));
        if (details.Roadmap.Count == 0)
        {
            blocks.Add(new Paragraph("Er is nog geen stap van de routekaart gezet."));
            return;
        }

        blocks.Add(new Grid([0.25f, 0.25f, 0.5f], ["Stap", "Datum", "Toelichting"],
            [.. details.Roadmap.OrderBy(r => r.On).Select(r => (IReadOnlyList<Cell>)[Dutch.Label(r.Step), Dutch.Date(r.On), NoteCell(r.Note)])]));
    }

    private void Signals()
    {
        blocks.Add(new Heading("Signalen over regels en beleid", 2));
        if (details.Signals.Count == 0)
        {
            blocks.Add(new Paragraph("Bij deze casus is geen signaal over regels of beleid doorgezet."));
            return;
        }

        blocks.Add(new Paragraph("Een signaal is een knelpunt in regels of beleid dat de tafel bij deze casus tegenkwam en doorzette.", Small: true));
        blocks.Add(new Grid([0.36f, 0.26f, 0.24f, 0.14f], ["Knelpunt", "Regel of beleid", "Doorgezet naar", "Stand"],
            [.. details.Signals.OrderBy(s => s.At).Select(s => (IReadOnlyList<Cell>)[NoteCell(s.Flaw), NoteCell(s.RuleOrPolicy), NoteCell(s.EscalatedTo), Dutch.Label(s.Status)])]));
    }

    private void ResidentVoice()
    {
        if (details.ResidentVoice.Count == 0)
        {
            return;
        }

        blocks.Add(new Heading("Wat de inwoner zelf zegt", 2));
        foreach (var voice in details.ResidentVoice.OrderBy(v => v.At))
        {
            blocks.Add(new Paragraph(Dutch.Date(voice.At), Small: true, Bold: true));
            blocks.Add(TextBlock(voice.Words));
            if (voice.Wishes is { } wishes)
            {
                blocks.Add(TextBlock(wishes, "Wensen: "));
            }
        }
    }

    private void Contributions()
    {
        blocks.Add(new Heading("Inbreng van partners", 2));
        if (details.Contributions.Count == 0)
        {
            blocks.Add(new Paragraph("Er is nog geen inbreng vastgelegd."));
            return;
        }

        foreach (var contribution in details.Contributions.OrderBy(c => c.At))
        {
            blocks.Add(new Paragraph($"{Dutch.Date(contribution.At)} · {Organisation(contribution.By.OrganisationId)} · {Dutch.Label(contribution.Text.Category)}", Small: true, Bold: true));
            blocks.Add(TextBlock(contribution.Text));
        }
    }

    private void Proposals()
    {
        if (details.Proposals.Count == 0)
        {
            return;
        }

        blocks.Add(new Heading("Voorstellen", 2));
        foreach (var proposal in details.Proposals.OrderBy(p => p.At))
        {
            blocks.Add(new Paragraph($"{Dutch.Date(proposal.At)} · {Organisation(proposal.By.OrganisationId)}", Small: true, Bold: true));
            blocks.Add(TextBlock(proposal.Text));
            var positions = Enum.GetValues<Position>().Select(p => $"{proposal.Positions.Count(q => q.Position == p)} {Dutch.InSentence(Dutch.Label(p))}");
            blocks.Add(new Paragraph($"Standpunten: {string.Join(", ", positions)}.", Small: true));
        }
    }

    /// <summary>Shown text, or the gate's reason for holding it back; a text without the gate's approval is never shown.</summary>
    /// <summary>A free note as the gate left it: held back (empty) with its item, or not written.</summary>
    private static Cell NoteCell(string? note) => note switch
    {
        null => "-",
        PrivacyGate.Redacted => new Cell("Afgeschermd, zoals het onderdeel waar het bij hoort.", CellStyle.Notice),
        _ => note,
    };

    private static Cell TextCell(CategorisedText? text) => text switch
    {
        null => "niet ingevuld",
        { Gate.Shown: true } => text.Text,
        _ => new Cell(Withheld(text), CellStyle.Notice),
    };

    private static Block TextBlock(CategorisedText text, string prefix = "") =>
        text.Gate is { Shown: true } ? new Paragraph(prefix + text.Text) : new Notice(prefix + Withheld(text));

    private static string Withheld(CategorisedText text) =>
        $"Niet getoond ({Dutch.Label(text.Category)}): {text.Gate?.Explanation ?? "er is geen grondslag vastgesteld om dit te tonen."}";

    private string TableNames()
    {
        var names = details.Schedule.Select(s => s.TableId).Distinct()
            .Select(id => tables.FirstOrDefault(t => t.Id == id)?.Name).OfType<string>().ToList();
        return names.Count == 0 ? "nog niet op de agenda" : string.Join(", ", names);
    }

    private string Organisation(string organisationId) =>
        tables.SelectMany(t => t.Organisations).FirstOrDefault(o => o.Id == organisationId)?.Name ?? organisationId;
}
