using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DoorbraakTafel.Privacy.Disclosures;

namespace DoorbraakTafel.Tests.Infrastructure;

public sealed class StartupTests
{
    private static readonly Dictionary<string, string?> EntraId = new()
    {
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = "00000000-0000-0000-0000-000000000001",
        ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000002",
    };

    [Test]
    public async Task Production_without_AzureAd_refuses_to_start_and_says_what_is_missing()
    {
        await using var app = new DoorbraakApp(await TestRun.Server.CreateDatabaseAsync("prod"), "Production");

        var failure = Assert.Throws<InvalidOperationException>(() => app.StartServer());

        Assert.That(failure!.Message, Does.Contain("Microsoft Entra ID"));
        Assert.That(failure.Message, Does.Contain("AzureAd:TenantId"));
        Assert.That(failure.Message, Does.Contain("AzureAd:ClientId"));
    }

    [TestCase(null)]
    [TestCase("c2hvcnQ=")]
    public async Task Without_a_usable_chain_key_the_app_refuses_to_start_and_names_the_setting(string? key)
    {
        await using var app = new DoorbraakApp(await TestRun.Server.CreateDatabaseAsync("key"), "Production", new Dictionary<string, string?>(EntraId) { [ChainKeys.Setting] = key });

        var failure = Assert.Throws<InvalidOperationException>(() => app.StartServer());

        Assert.That(failure!.Message, Does.Contain(ChainKeys.Setting));
    }

    [TestCase("superuser")]
    [TestCase("owner")]
    public async Task Production_refuses_to_run_as_a_database_role_that_could_switch_the_logs_guard_off(string role)
    {
        var database = await TestRun.Server.CreateDatabaseAsync("prodrole");
        var connection = role == "owner" ? database.OwnerConnectionString : database.SuperuserConnectionString;
        await using var app = new DoorbraakApp(database, "Production", new Dictionary<string, string?>(EntraId) { ["ConnectionStrings:Doorbraak"] = connection });

        var failure = Assert.Throws<InvalidOperationException>(() => app.StartServer());

        Assert.That(failure!.Message, Does.Contain("could alter the schema").And.Contain("ConnectionStrings:DoorbraakOwner"));
    }

    [Test]
    public async Task Production_has_no_dev_sign_in()
    {
        await using var app = new DoorbraakApp(await TestRun.Server.CreateDatabaseAsync("prod"), "Production", EntraId);
        var client = app.Anonymous();

        var token = await client.PostAsJsonAsync("/dev/token", new { userName = "sanne" });
        var users = await client.GetAsync("/dev/users");
        var api = await client.GetAsync($"/api/cases/{Guid.NewGuid()}");

        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(users.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Health_is_200_while_PostgreSQL_answers_and_503_when_it_does_not()
    {
        var database = await TestRun.Server.CreateDatabaseAsync("health");
        await using var app = new DoorbraakApp(database);
        var client = app.Anonymous();

        var healthy = await client.GetAsync("/health");
        await TestRun.Server.ExecuteAsync($"alter database \"{database.Name}\" allow_connections false");
        await TestRun.Server.ExecuteAsync($"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{database.Name}'");
        var unhealthy = await client.GetAsync("/health");

        Assert.That(healthy.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await healthy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(unhealthy.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task The_API_is_described_as_OpenAPI()
    {
        var document = await TestRun.App.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(paths, Does.Contain("/api/cases").And.Contain("/api/cases/{id}").And.Contain("/api/cases/{id}/timeline"));
    }
}
