using System.Diagnostics;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Policy;
using Marten;

namespace DoorbraakTafel.Bench;

/// <summary>
/// The pieces an API append adds to bare Marten, each run on its own with the same writers, so
/// their cost per call can be set against the API's: the idempotency lookup (a second
/// session), the disclosure log record, and an HTTP round trip with and without a bearer token.
/// </summary>
internal sealed class Components(BenchHost app, HttpClient signedIn, HttpClient anonymous)
{
    /// <summary>What Writes.Run does first for a request with an Idempotency-Key: look for an earlier answer.</summary>
    public async Task IdempotencyLookupAsync(int writer, long sequence)
    {
        await using var query = app.Store.QuerySession();
        if (await query.LoadAsync<IdempotentRequest>($"{Workload.User.UserId}|{Guid.NewGuid()}") is not null)
        {
            throw new InvalidOperationException("A fresh key found an earlier answer.");
        }
    }

    /// <summary>What the contribution endpoint does after the write: one record in the disclosure log.</summary>
    public Task DisclosureAsync(int writer, long sequence)
    {
        var now = DateTimeOffset.UtcNow;
        return app.Disclosures.AppendAsync(
            new DisclosureRecord(
                now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond)), Workload.User.UserId, Workload.User.Role, Workload.User.Organisation.Id,
                Workload.User.Organisation.Type.ToString(), SharingPolicy.CaseConferencePurpose, "benchmark", $"{Workload.Category}=shared:{Workload.Weighing.Basis}", "",
                null, Workload.Category.ToString(), "", Channel.Api, "case-contribution", Guid.NewGuid().ToString(), sequence + 2,
                ActivityTraceId.CreateRandom().ToString(), ActivitySpanId.CreateRandom().ToString(), "benchmark"),
            CancellationToken.None);
    }

    /// <summary>An HTTP round trip to an endpoint that touches no database; the bearer token is validated all the same.</summary>
    public Task HttpWithBearerAsync(int writer, long sequence) => GetUsersAsync(signedIn);

    public Task HttpAnonymousAsync(int writer, long sequence) => GetUsersAsync(anonymous);

    private static async Task GetUsersAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/dev/users");
        response.EnsureSuccessStatusCode();
    }
}
