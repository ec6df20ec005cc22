using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace DoorbraakTafel.Tests.Infrastructure;

/// <summary>
/// PostgreSQL down or stalled: the API says so with 503 and Retry-After, /health says 503, and
/// both come back by themselves when PostgreSQL does. The app reaches its database through a
/// relay the test takes down and stalls.
/// </summary>
public sealed class DatabaseOutageTests
{
    [Test]
    public async Task With_PostgreSQL_down_or_stalled_the_API_answers_503_with_Retry_After_and_recovers_without_a_restart()
    {
        var database = await TestRun.Server.CreateDatabaseAsync("outage");
        var direct = new NpgsqlConnectionStringBuilder(database.AppConnectionString);
        await using var relay = new TcpProxy(direct.Host!, direct.Port);
        var relayed = new NpgsqlConnectionStringBuilder(direct.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = relay.Port,
            Timeout = 5,
            CommandTimeout = 5,
            CancellationTimeout = 500,
        };
        // The app's own connections go through the relay; the owner role applies the schema at start-up, directly.
        await using var app = new DoorbraakApp(database with { AppConnectionString = relayed.ConnectionString }, settings: new Dictionary<string, string?> { ["Health:DatabaseTimeout"] = "00:00:01" });
        var client = await app.SignedInAs("sanne");
        var caseId = await client.CreatedId("/api/cases", new { title = "Storing", bottleneck = "De database valt weg", bottleneckCategory = "Wonen" });
        var proposal = $"/api/cases/{caseId}/proposals";

        relay.TakeDown();
        await AssertUnavailable(await client.PostAsJsonAsync(proposal, new { text = "Tijdens de storing", category = "Wonen" }));
        await AssertUnavailable(await client.GetAsync($"/api/cases/{caseId}"));
        Assert.That((await client.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));

        relay.BringBack();
        await AssertRecoversAsync(client, proposal);

        relay.Stall();
        Assert.That((await client.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "a stalled PostgreSQL is unhealthy");
        await AssertUnavailable(await client.PostAsJsonAsync(proposal, new { text = "Tijdens het haperen", category = "Wonen" }));

        relay.BringBack();
        await AssertRecoversAsync(client, proposal);
        await using var connection = new NpgsqlConnection(direct.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from doorbraak.mt_events where type = 'proposal_made'", connection);
        Assert.That(await count.ExecuteScalarAsync(), Is.EqualTo(2L), "only the proposals answered 201 were stored");
    }

    private static async Task AssertUnavailable(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), text);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32(), Is.EqualTo(503));
    }

    /// <summary>Connections the outage broke may fail a request or two more (503 each); then writes go through and /health is 200 again.</summary>
    private static async Task AssertRecoversAsync(HttpClient client, string proposal)
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var response = await client.PostAsJsonAsync(proposal, new { text = "Na de storing", category = "Wonen" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                break;
            }

            await AssertUnavailable(response);
            await Task.Delay(500);
        }

        Assert.That(statuses[^1], Is.EqualTo(HttpStatusCode.Created), string.Join(", ", statuses));
        Assert.That((await client.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
