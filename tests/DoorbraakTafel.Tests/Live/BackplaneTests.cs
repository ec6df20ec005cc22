using DoorbraakTafel.Live;
using DoorbraakTafel.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Live;

public sealed class BackplaneTests
{
    [Test]
    public void Without_a_Redis_connection_string_the_hub_runs_on_this_node_only()
    {
        var lifetime = TestRun.App.Services.GetRequiredService<HubLifetimeManager<MeetingHub>>();

        Assert.That(lifetime, Is.InstanceOf<DefaultHubLifetimeManager<MeetingHub>>());
    }

    [Test]
    public async Task With_a_Redis_connection_string_the_hub_uses_the_Redis_backplane()
    {
        // Nothing listens there; the backplane connects on first use, which this test never makes.
        await using var app = new DoorbraakApp(await TestRun.Server.CreateDatabaseAsync("redis"), settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = "127.0.0.1:1,abortConnect=false,connectTimeout=200",
        });

        var lifetime = app.Services.GetRequiredService<HubLifetimeManager<MeetingHub>>();

        Assert.That(lifetime.GetType().Name, Does.StartWith("RedisHubLifetimeManager"));
    }
}
