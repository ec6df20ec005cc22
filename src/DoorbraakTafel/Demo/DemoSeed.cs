using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using Marten;

namespace DoorbraakTafel.Demo;

/// <summary>
/// Fictional demo data for <c>deploy/dev.sh up</c>. Idempotent: streams have fixed ids and are
/// only started when absent. Switched on by <c>Demo:Seed</c> (on in Development only).
/// </summary>
public static class DemoSeed
{
    public static readonly Guid TrainPassCaseId = Guid.Parse("0199a000-0000-7000-8000-000000000001");

    public static WebApplicationBuilder AddDemoSeed(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue("Demo:Seed", false))
        {
            builder.Services.AddHostedService<Seeder>();
        }

        return builder;
    }

    private sealed class Seeder(IDocumentStore store, TimeProvider clock, ILogger<Seeder> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var state = await session.Events.FetchStreamStateAsync(TrainPassCaseId, cancellationToken);
            if (state is not null)
            {
                logger.LogInformation("Demo data already present");
                return;
            }

            var referrer = DemoUsers.Find("ahmed")!;
            session.LastModifiedBy = referrer.UserId;
            session.Events.StartStream<Case>(TrainPassCaseId, new CaseOpened(
                TrainPassCaseId,
                "Boetes voor reizen zonder kaartje, dreigende detentie",
                new CategorisedText("Inwoner reist dagelijks met de trein zonder kaartje; boetes stapelen zich op tot detentie.", DataCategory.Financien),
                new Referrer(referrer.UserId, referrer.Organisation.Id),
                clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Demo data seeded");
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
