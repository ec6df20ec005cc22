using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.UnitTests.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Privacy;

/// <summary>Needs <c>builder.AddSharingPolicy();</c> in Program.cs.</summary>
public sealed class PolicyStartupTests
{
    [TearDown]
    public void DeleteTempFiles() => PolicyFile.DeleteTempFiles();

    [Test]
    public async Task The_app_refuses_to_start_with_an_invalid_policy_and_says_why()
    {
        var json = PolicyFile.ShippedJson();
        var (rule, _) = PolicyFile.Rule(json, "Gemeente", "Wonen");
        rule["category"] = "Wonnen";
        var badFile = PolicyFile.WriteTemp(json);
        await using var app = new DoorbraakApp(
            await TestRun.Server.CreateDatabaseAsync("policy"),
            "Testing",
            new Dictionary<string, string?> { [PolicyModule.PathSetting] = badFile });

        var failure = Assert.Throws<InvalidPolicyException>(() => app.StartServer());

        Assert.That(failure!.Message, Does.Contain(badFile).And.Contain("unknown category 'Wonnen'"));
    }

    [Test]
    public void The_running_app_holds_the_shipped_policy()
    {
        var policy = TestRun.App.Services.GetService<SharingPolicy>();

        Assert.That(policy, Is.Not.Null, "SharingPolicy is not registered: add builder.AddSharingPolicy() to Program.cs");
        Assert.That(policy!.Version, Is.EqualTo(PolicyLoader.Load(PolicyFile.ShippedPath).Version));
    }
}
