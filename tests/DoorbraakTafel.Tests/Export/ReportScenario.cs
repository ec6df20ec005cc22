using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Tables;
using DoorbraakTafel.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Export;

/// <summary>
/// Two tables and their cases over the first quarter of 2025, appended as events with fixed times,
/// so every figure of the team-leader report for table <see cref="Table"/> is known:
/// in 3 (B, C, F), out 1 (A); breakthroughs A 55, B 20, C 22 days (median 22.0); three decisions
/// setting a rule aside (two on <see cref="TravelRule"/>, one on <see cref="HousingRule"/>); cost
/// differences 47.000 and -6.000 (sum 41.000); overdue on 31 March: corporation 2, municipality 1,
/// GGZ 1; one open signal, escalated. Case D came to the table after the quarter, case E is at the other table.
/// </summary>
public sealed class ReportScenario
{
    public const string TravelRule = "Bijzondere bijstand vergoedt geen reiskosten";
    public const string HousingRule = "Huisvestingsverordening art. 2.5";
    public const string CaseText = "Vertrouwelijke casustekst die nooit in een rapportage hoort";
    public static readonly DateOnly From = new(2025, 1, 1);
    public static readonly DateOnly Until = new(2025, 3, 31);

    private static readonly Participant Chair = new("demo-sanne", "gem-harderwijk");
    private readonly List<(Guid Stream, object[] Events)> streams = [];

    public Guid Table { get; } = Guid.CreateVersion7();

    public Guid OtherTable { get; } = Guid.CreateVersion7();

    public Guid A { get; } = Guid.CreateVersion7();

    public Guid B { get; } = Guid.CreateVersion7();

    public Guid C { get; } = Guid.CreateVersion7();

    public Guid D { get; } = Guid.CreateVersion7();

    public Guid F { get; } = Guid.CreateVersion7();

    public static async Task<ReportScenario> SeedAsync(DoorbraakApp app)
    {
        var scenario = new ReportScenario();
        scenario.Build();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            foreach (var (stream, events) in scenario.streams)
            {
                session.Events.StartStream(stream, events);
            }

            await session.SaveChangesAsync();
        }

        await app.CatchUpProjectionsAsync();
        return scenario;
    }

    /// <summary>A moment in Dutch winter time (UTC+1).</summary>
    private static DateTimeOffset At(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(1));

    private void Build()
    {
        var at = At(2024, 11, 1);
        streams.Add((Table, [
            new TableEstablished(Table, "Doorbraaktafel Rapportage", "Stadsweiden", "Harderwijk", ["demo-sanne"], "demo-ingrid", at),
            new OrganisationJoinedTable(Table, "gem-harderwijk", "Gemeente Harderwijk", OrganisationType.Gemeente, at),
            new OrganisationJoinedTable(Table, "woonstichting-de-linde", "Woonstichting De Linde", OrganisationType.Woningcorporatie, at),
            new OrganisationJoinedTable(Table, "ggz-randmeren", "GGZ Randmeren", OrganisationType.GGZ, at),
        ]));
        streams.Add((OtherTable, [new TableEstablished(OtherTable, "Andere tafel", "Centrum", "Harderwijk", ["demo-joost"], "demo-ingrid", at)]));

        var m0 = PlanMeeting(Table, new DateOnly(2024, 12, 10), A);
        var m1 = PlanMeeting(Table, new DateOnly(2025, 1, 14), A, B);
        var m2 = PlanMeeting(Table, new DateOnly(2025, 2, 11), C, F);
        var m3 = PlanMeeting(Table, new DateOnly(2025, 4, 8), D);
        var e = Guid.CreateVersion7();
        var n1 = PlanMeeting(OtherTable, new DateOnly(2025, 2, 1), e);

        // A: at the table since December; breakthrough in January (55 days after referral), closed in February.
        AddCase(A, At(2024, 11, 20), [
            new CaseScheduled(A, m0, Table, new DateOnly(2024, 12, 10)),
            new CaseScheduled(A, m1, Table, new DateOnly(2025, 1, 14)),
            DecisionOn(A, null, At(2024, 12, 15), false, HousingRule, null),
            DecisionOn(A, m1, At(2025, 1, 14), true, TravelRule, Costs(50000m, CostPeriod.PerYear, 3000m, CostPeriod.PerYear)),
            new CaseClosed(A, [], new CategorisedText(CaseText, DataCategory.Wonen), null, Chair, At(2025, 2, 20)),
        ]);

        // B: new in January; breakthrough between meetings after 20 days; three actions.
        AddCase(B, At(2025, 1, 2), [
            new CaseScheduled(B, m1, Table, new DateOnly(2025, 1, 14)),
            DecisionOn(B, null, At(2025, 1, 22), true, HousingRule, Costs(1500m, CostPeriod.PerMonth, 24000m, CostPeriod.PerYear)),
            .. ActionEvents(B, "woonstichting-de-linde", new DateOnly(2025, 2, 1), completedAt: null),
            .. ActionEvents(B, "gem-harderwijk", new DateOnly(2025, 3, 1), completedAt: At(2025, 2, 25)),
            .. ActionEvents(B, "gem-harderwijk", new DateOnly(2025, 3, 10), completedAt: At(2025, 4, 2)),
        ]);

        // C: new in February; breakthrough after 22 days in the meeting; one open signal, escalated, and one resolved.
        var open = Guid.CreateVersion7();
        var resolved = Guid.CreateVersion7();
        AddCase(C, At(2025, 1, 20, 12), [
            new CaseScheduled(C, m2, Table, new DateOnly(2025, 2, 11)),
            DecisionOn(C, m2, At(2025, 2, 11, 12), true, TravelRule, null),
            .. ActionEvents(C, "ggz-randmeren", new DateOnly(2025, 3, 20), completedAt: null),
            .. ActionEvents(C, "woonstichting-de-linde", new DateOnly(2025, 3, 30), completedAt: null),
            new SystemSignalRaised(C, open, Table, CaseText, "Participatiewet art. 18", "Wethouder Sociaal Domein", Chair, At(2025, 2, 11)),
            new SystemSignalRaised(C, resolved, Table, CaseText, "Huisvestingsverordening", "Beleidsteam Wonen", Chair, At(2025, 2, 11)),
            new SystemSignalStatusChanged(C, open, SignalStatus.Escalated, null, Chair, At(2025, 2, 20)),
            new SystemSignalStatusChanged(C, resolved, SignalStatus.Resolved, null, Chair, At(2025, 3, 1)),
        ]);

        // F: new in February; its breakthrough, deviation and signal come after the quarter.
        AddCase(F, At(2025, 2, 1), [
            new CaseScheduled(F, m2, Table, new DateOnly(2025, 2, 11)),
            DecisionOn(F, null, At(2025, 4, 10), true, TravelRule, null),
            new SystemSignalRaised(F, Guid.CreateVersion7(), Table, CaseText, "Later beleid", "Later", Chair, At(2025, 4, 9)),
        ]);

        // D: only at the table after the quarter, with an action already overdue; counts nowhere yet.
        AddCase(D, At(2025, 3, 1), [
            new CaseScheduled(D, m3, Table, new DateOnly(2025, 4, 8)),
            .. ActionEvents(D, "woonstichting-de-linde", new DateOnly(2025, 3, 15), completedAt: null),
        ]);

        // E: at the other table, in the quarter; counts only there.
        AddCase(e, At(2025, 1, 5), [
            new CaseScheduled(e, n1, OtherTable, new DateOnly(2025, 2, 1)),
            DecisionOn(e, n1, At(2025, 2, 1), true, TravelRule, Costs(10000m, CostPeriod.PerYear, 0m, CostPeriod.Once)),
            .. ActionEvents(e, "woonstichting-de-linde", new DateOnly(2025, 2, 10), completedAt: null),
            new SystemSignalRaised(e, Guid.CreateVersion7(), OtherTable, CaseText, "Elders", "Elders", Chair, At(2025, 2, 1)),
        ]);
    }

    private Guid PlanMeeting(Guid table, DateOnly date, params Guid[] agenda)
    {
        var id = Guid.CreateVersion7();
        var planned = At(date.Year, date.Month, date.Day).AddDays(-14);
        streams.Add((id, [
            new MeetingPlanned(id, table, date, "demo-sanne", planned),
            .. agenda.Select(caseId => (object)new CaseAddedToAgenda(id, caseId, "demo-sanne", planned)),
        ]));
        return id;
    }

    private void AddCase(Guid id, DateTimeOffset openedAt, object[] events) => streams.Add((id, [
        new CaseOpened(id, "Casus voor de rapportage", new CategorisedText(CaseText, DataCategory.Wonen), new Referrer("demo-fatima", "ggz-randmeren"), null, null, openedAt),
        .. events,
    ]));

    private static DecisionRecorded DecisionOn(Guid caseId, Guid? meeting, DateTimeOffset at, bool breakthrough, string rule, CostComparison? costs) => new(
        caseId, Guid.CreateVersion7(), new CategorisedText(CaseText, DataCategory.Wonen), new CategorisedText(CaseText, DataCategory.Wonen), null, meeting,
        meeting is null, breakthrough, new RuleDeviation(rule, CaseText, new Mandate("M. de Boer", "Wethouder", "Gemeente Harderwijk", "B&W 2025-1"), null, null), costs, Chair, at);

    private static CostComparison Costs(decimal currentEuros, CostPeriod currentPeriod, decimal proposedEuros, CostPeriod proposedPeriod) =>
        new([new CostItem("Nu", (long)(currentEuros * 100), currentPeriod)], [new CostItem("Voorstel", (long)(proposedEuros * 100), proposedPeriod)]);

    private static object[] ActionEvents(Guid caseId, string organisation, DateOnly due, DateTimeOffset? completedAt)
    {
        var id = Guid.CreateVersion7();
        var owner = new Participant("demo-owner", organisation);
        var assigned = new ActionAssigned(caseId, id, new CategorisedText(CaseText, DataCategory.Wonen), owner, due, Vuistregel.Wonen, Chair,
            new DateTimeOffset(due.AddDays(-20).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(1)));
        return completedAt is { } done ? [assigned, new ActionCompleted(caseId, id, null, owner, done)] : [assigned];
    }
}
