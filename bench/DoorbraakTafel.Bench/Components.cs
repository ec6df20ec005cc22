using System.Diagnostics;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Policy;
using Marten;

namespace DoorbraakTafel.Bench;

/// <summary>
/// The HTTP part of an API append, run on its own with the same writers, so its cost per call can
/// be set against the API's: a round trip with and without a bearer token. (What the API adds to
/// the commit itself is measured by <see cref="MartenAppends"/> with its records.)
/// </summary>
internal sealed class Components(HttpClient signedIn, HttpClient anonymous)
{
    /// <summary>The disclosure record the contribution endpoint writes with its event: the sharing with the table.</summary>
    public static DisclosureRecord SharingRecord(Guid caseId, long version)
    {
        var now = DateTimeOffset.UtcNow;
        return new DisclosureRecord(
            now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond)), Workload.User.UserId, Workload.User.Role, Workload.User.Organisation.Id,
            Workload.User.Organisation.Type.ToString(), SharingPolicy.CaseConferencePurpose, "benchmark", $"{Workload.Category}=shared:{Workload.Weighing.Basis}", "",
            null, Workload.Category.ToString(), "", Channel.Api, "case-contribution", caseId.ToString(), version,
            ActivityTraceId.CreateRandom().ToString(), ActivitySpanId.CreateRandom().ToString(), "benchmark");
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
