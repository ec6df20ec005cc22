using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Demo;

/// <summary>
/// Fictional demo data for <c>deploy/dev.sh up</c>: one table of six organisations, three meetings
/// and five cases in different states, among them the train-pass case of the seeds. Idempotent:
/// the streams have fixed ids and are only written when the table is absent. On by
/// <c>Demo:Seed</c> (Development only).
/// </summary>
public static class DemoSeed
{
    public static readonly Guid TableId = Guid.Parse("0199a000-0000-7000-8000-00000000a001");
    public static readonly Guid TrainPassCaseId = Guid.Parse("0199a000-0000-7000-8000-00000000c001");

    public static WebApplicationBuilder AddDemoSeed(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue("Demo:Seed", false))
        {
            builder.Services.AddHostedService<Seeder>();
        }

        return builder;
    }

    private static Guid Id(char kind, int n) => Guid.Parse($"0199a000-0000-7000-8000-00000000{kind}{n:000}");

    private static Participant As(string userName)
    {
        var user = DemoUsers.Find(userName)!;
        return new Participant(user.UserId, user.Organisation.Id);
    }

    private sealed class Seeder(IDocumentStore store, TimeProvider clock, ILogger<Seeder> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            if (await session.Events.FetchStreamStateAsync(TableId, cancellationToken) is not null)
            {
                logger.LogInformation("Demo data already present");
                return;
            }

            session.LastModifiedBy = "system:demo-seed";
            var now = clock.GetUtcNow();
            var today = clock.Today();
            var chair = As("sanne");

            Organisation[] members = [DemoUsers.Gemeente, DemoUsers.Corporatie, DemoUsers.Ggz, DemoUsers.Schuldhulp, DemoUsers.Welzijn, DemoUsers.Zorg];
            session.Events.StartStream<Table>(TableId, [
                new TableEstablished(TableId, "Doorbraaktafel Stadsweiden", "Stadsweiden", "Harderwijk", [chair.UserId, As("joost").UserId], "system:demo-seed", now),
                .. members.Select(o => new OrganisationJoinedTable(TableId, o.Id, o.Name, o.Type, now)),
            ]);

            var past = Id('b', 1);
            var current = Id('b', 2);
            var next = Id('b', 3);
            session.Events.StartStream<Meeting>(past, new MeetingPlanned(past, TableId, today.AddDays(-14), chair.UserId, now),
                new MeetingOpened(past, chair.UserId, now), new MeetingClosed(past, chair.UserId, now));
            session.Events.StartStream<Meeting>(current, new MeetingPlanned(current, TableId, today, chair.UserId, now));
            session.Events.StartStream<Meeting>(next, new MeetingPlanned(next, TableId, today.AddDays(14), chair.UserId, now));

            OpenCase(session, TrainPassCaseId, "Boetes voor reizen zonder kaartje, dreigende detentie",
                "Inwoner reist dagelijks met de trein zonder kaartje; boetes stapelen zich op tot detentie.", DataCategory.Financien, As("fatima"), now);
            Schedule(session, TrainPassCaseId, past, today.AddDays(-14));
            session.Events.Append(TrainPassCaseId,
                new CaseTakenUp(TrainPassCaseId, past, now),
                new VuistregelAssessed(TrainPassCaseId, Vuistregel.Financien, VuistregelStatus.Zorgelijk,
                    new CategorisedText("Boetes lopen op, inkomen gaat op aan aflossing.", DataCategory.Financien), As("esther"), now),
                new DecisionRecorded(TrainPassCaseId, Id('d', 1),
                    new CategorisedText("De gemeente koopt een NS-jaarkaart voor de inwoner.", DataCategory.Financien),
                    new CategorisedText("Reizen is zijn daginvulling; detentie helpt niemand en kost veel meer.", DataCategory.Daginvulling),
                    null, past, false, true,
                    new RuleDeviation("Bijzondere bijstand vergoedt geen reiskosten voor vrijetijdsbesteding",
                        "Maatwerk: zonder vervoersbewijs volgt opnieuw detentie", new Mandate("M. de Boer", "Wethouder Zorg", "Gemeente Harderwijk", "Collegebesluit 2026-118"),
                        "Hardheidsclausule Participatiewet", today.AddYears(1)),
                    new CostComparison(
                        [new CostItem("Vervangende hechtenis", 50_000_00, CostPeriod.PerYear, DataCategory.Justitie), new CostItem("Casusoverleg (6 personen)", 500_00, CostPeriod.PerMonth, DataCategory.Financien)],
                        [new CostItem("NS-jaarkaart", 3_000_00, CostPeriod.PerYear, DataCategory.Financien)]),
                    chair, now),
                new ActionAssigned(TrainPassCaseId, Id('e', 1), new CategorisedText("Jaarkaart aanvragen en uitreiken", DataCategory.Financien),
                    As("ahmed"), today.AddDays(7), Vuistregel.Financien, chair, now));

            OpenCase(session, Id('c', 2), "Uitstroom beschermd wonen zonder passende woning",
                "Klaar voor zelfstandig wonen, maar geen urgentie omdat de inwoner niet dakloos is.", DataCategory.Wonen, As("mirjam"), now);
            Schedule(session, Id('c', 2), current, today);

            OpenCase(session, Id('c', 3), "Huurachterstand na wegvallen toeslag",
                "Toeslag stopte door een administratieve fout; huisuitzetting dreigt.", DataCategory.Financien, As("bram"), now);
            Schedule(session, Id('c', 3), current, today);

            OpenCase(session, Id('c', 4), "Overlast en eenzaamheid in portiekflat",
                "Buren klagen; inwoner heeft geen daginvulling en geen netwerk.", DataCategory.Leefomgeving, As("kees"), now);

            OpenCase(session, Id('c', 5), "Schulden geregeld, woning gevonden",
                "Schuldenbewind en begeleiding liepen langs elkaar heen.", DataCategory.Financien, As("esther"), now);
            Schedule(session, Id('c', 5), past, today.AddDays(-14));
            session.Events.Append(Id('c', 5), new CaseClosed(Id('c', 5),
                [.. Enum.GetValues<Vuistregel>().Select(v => new VuistregelOutcome(v, VuistregelStatus.OpOrde, null))],
                new CategorisedText("Eigen woning, bewindvoering loopt, dagbesteding bij de kringloop.", DataCategory.Ondersteuning), today.AddMonths(3), chair, now));

            session.Events.Append(past, new CaseAddedToAgenda(past, TrainPassCaseId, chair.UserId, now), new CaseAddedToAgenda(past, Id('c', 5), chair.UserId, now));
            session.Events.Append(current, new CaseAddedToAgenda(current, Id('c', 2), chair.UserId, now), new CaseAddedToAgenda(current, Id('c', 3), chair.UserId, now));

            // The team leader oversees the demo table (privacy/dpia.md, M1: a team leader reads the team's cases only).
            session.Store(new Team(Id('b', 1), "Wijkteams Harderwijk", [As("lotte").UserId], [TableId], []));
            await session.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Demo data seeded");
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private static void OpenCase(IDocumentSession session, Guid id, string title, string bottleneck, DataCategory category, Participant referrer, DateTimeOffset now) =>
            session.Events.StartStream<Case>(id, new CaseOpened(id, title, new CategorisedText(bottleneck, category),
                new Referrer(referrer.UserId, referrer.OrganisationId), null, new ResidentInformed(true, null), now, TableId));

        private static void Schedule(IDocumentSession session, Guid caseId, Guid meetingId, DateOnly date) =>
            session.Events.Append(caseId, new CaseScheduled(caseId, meetingId, TableId, date));
    }
}
