using DoorbraakTafel.Tests.Infrastructure;

namespace DoorbraakTafel.Tests;

/// <summary>Owns PostgreSQL and the app host for the whole run.</summary>
[SetUpFixture]
public sealed class TestRun
{
    private static PostgresServer? server;
    private static DoorbraakApp? app;

    public static PostgresServer Server => server ?? throw new InvalidOperationException("The test run has not started.");

    public static DoorbraakApp App => app ?? throw new InvalidOperationException("The test run has not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        server = await PostgresServer.StartAsync();
        TestContext.Progress.WriteLine($"Tests run against {server.Description}.");
        app = new DoorbraakApp(await server.CreateDatabaseAsync("app"));
        app.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
