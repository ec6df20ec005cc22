using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DoorbraakTafel.Tests.Cases;

public sealed class OpenCaseTests : AppTest
{
    [Test]
    public async Task Opening_a_case_stores_a_CaseOpened_event_and_reads_it_back_with_its_ETag()
    {
        var chair = await App.SignedInAs("sanne");

        var response = await chair.PostAsJsonAsync("/api/cases", new { title = "Uitstroom beschermd wonen", bottleneck = "Geen woning zonder inkomen" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
        var location = response.Headers.Location!.ToString();
        var read = await chair.GetAsync(location);
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(read.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
        var body = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("case");
        Assert.That(body.GetProperty("title").GetString(), Is.EqualTo("Uitstroom beschermd wonen"));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Aangemeld"));
        Assert.That(body.GetProperty("referrer").GetProperty("organisationId").GetString(), Is.EqualTo("gem-harderwijk"));

        var caseId = body.GetProperty("id").GetGuid();
        var rows = await QueryEventRowsAsync(caseId);
        Assert.That(rows, Is.EqualTo(new[] { ("case_opened", 1L, "demo-sanne") }));
    }

    [Test]
    public async Task The_timeline_lists_CaseOpened_with_who_and_when()
    {
        var chair = await App.SignedInAs("sanne");
        var created = await chair.PostAsJsonAsync("/api/cases", new { title = "Schulden en huurachterstand", bottleneck = "Beslag op inkomen" });

        var timeline = await chair.GetFromJsonAsync<JsonElement>($"{created.Headers.Location}/timeline");

        Assert.That(timeline.GetArrayLength(), Is.EqualTo(1));
        var entry = timeline[0];
        Assert.That(entry.GetProperty("type").GetString(), Is.EqualTo("CaseOpened"));
        Assert.That(entry.GetProperty("version").GetInt64(), Is.EqualTo(1));
        Assert.That(entry.GetProperty("by").GetProperty("userId").GetString(), Is.EqualTo("demo-sanne"));
        Assert.That(entry.GetProperty("by").GetProperty("role").GetString(), Is.EqualTo("Chair"));
        Assert.That(entry.GetProperty("by").GetProperty("organisation").GetString(), Is.EqualTo("gem-harderwijk"));
        Assert.That(entry.GetProperty("time").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task Without_a_token_the_api_answers_401()
    {
        var anonymous = App.Anonymous();

        var post = await anonymous.PostAsJsonAsync("/api/cases", new { title = "x", bottleneck = "y" });
        var get = await anonymous.GetAsync($"/api/cases/{Guid.NewGuid()}");

        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_streams"), Is.Zero);
    }

    [TestCase("{}", new[] { "title", "bottleneck" })]
    [TestCase("""{"title": "  ", "bottleneck": "Geen woning"}""", new[] { "title" })]
    [TestCase("""{"title": "Uitstroom"}""", new[] { "bottleneck" })]
    public async Task A_bad_body_gets_400_naming_the_fields_and_creates_no_stream(string json, string[] fields)
    {
        var chair = await App.SignedInAs("sanne");

        var response = await chair.PostAsync("/api/cases", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var named = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name);
        Assert.That(named, Is.EquivalentTo(fields));
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_streams"), Is.Zero);
    }

    [Test]
    public async Task A_body_of_the_wrong_type_gets_a_400_problem_and_creates_no_stream()
    {
        var chair = await App.SignedInAs("sanne");

        var response = await chair.PostAsync("/api/cases", new StringContent("""{"title": 12, "bottleneck": []}""", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("title"));
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_streams"), Is.Zero);
    }

    [Test]
    public async Task An_unknown_case_gets_a_404_problem()
    {
        var chair = await App.SignedInAs("sanne");
        var id = Guid.NewGuid();

        var response = await chair.GetAsync($"/api/cases/{id}");
        var timeline = await chair.GetAsync($"/api/cases/{id}/timeline");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(timeline.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(id.ToString()));
    }

    private static async Task<List<(string Type, long Version, string? User)>> QueryEventRowsAsync(Guid streamId)
    {
        var dataSource = App.Services.GetRequiredService<NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand(
            "select type, version, user_name from doorbraak.mt_events where stream_id = $1 order by version");
        command.Parameters.AddWithValue(streamId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return rows;
    }
}
