using System.Net.Http.Json;
using System.Text.Json;
using DoorbraakTafel.BenchKit;
using DoorbraakTafel.Infrastructure;

namespace DoorbraakTafel.LiveBench;

/// <summary>One open meeting of its own table, with one case on its agenda and in focus.</summary>
internal sealed record BenchMeeting(Guid Table, Guid Meeting, Guid Case);

/// <summary>
/// The meetings the bench runs, reached through the API as the tests' Scenario does: a table
/// chaired by Sanne (Gemeente) with the corporation, the GGZ and debt counselling at it.
/// </summary>
internal static class Meetings
{
    /// <summary>Who looks at the board: users of the four member organisations, as in the tests' Scenario.</summary>
    public static readonly string[] Participants = ["fatima", "sanne", "ahmed", "lotte", "bram", "esther"];

    /// <summary>Who writes: the GGZ, with its weighing, as the tests' contributions do. Her screen is connection 0 of each meeting.</summary>
    public const string Writer = "fatima";

    public static async Task<IReadOnlyList<BenchMeeting>> CreateAsync(BenchApp app, int count, int parallelism)
    {
        using var admin = await app.SignedInAsync("ingrid");
        using var chair = await app.SignedInAsync("sanne");
        using var referrer = await app.SignedInAsync(Writer);
        var today = TimeProvider.System.Today(); // the Dutch calendar day, as the app counts it
        var meetings = new BenchMeeting[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) =>
        {
            var table = await BenchApi.CreatedAsync(admin, "/api/tables", BenchApi.Table($"Doorbraaktafel Bench {i + 1}"));
            var meeting = await BenchApi.CreatedAsync(chair, $"/api/tables/{table}/meetings", new { date = today });
            var caseId = await BenchApi.CreatedAsync(referrer, "/api/cases", new { title = "Uitstroom beschermd wonen", bottleneck = "Geen woning zonder inkomen", bottleneckCategory = "Wonen", tableId = table });
            await BenchApi.PostAsync(chair, $"/api/meetings/{meeting}/agenda", new { caseId });
            await BenchApi.PostAsync(chair, $"/api/meetings/{meeting}/open", new { });
            await BenchApi.PostAsync(chair, $"/api/meetings/{meeting}/current-item", new { caseId });
            meetings[i] = new BenchMeeting(table, meeting, caseId);
        });
        return meetings;
    }

    /// <summary>A contribution with its weighing, as a participant posts it during the meeting.</summary>
    /// <returns>The case's version after it, which the push carries.</returns>
    public static async Task<long> ContributeAsync(HttpClient client, BenchMeeting meeting, string text)
    {
        using var response = await client.PostAsJsonAsync($"/api/cases/{meeting.Case}/contributions", new { text, category = "Wonen", meetingId = meeting.Meeting, weighing = BenchApi.Weighing });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST contribution: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt64();
    }
}
