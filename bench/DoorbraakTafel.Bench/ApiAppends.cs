using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DoorbraakTafel.Bench;

/// <summary>
/// The API as a client uses it: POST /api/cases/{id}/contributions with a bearer token and,
/// when <c>idempotencyKeys</c> is set, a fresh Idempotency-Key on every request, against the
/// real Kestrel server. The streams are opened by <see cref="MartenAppends"/>, so they start
/// as those of the bare-Marten way do.
/// </summary>
internal sealed class ApiAppends(HttpClient client, IReadOnlyList<Guid> streams, BenchSettings settings, bool idempotencyKeys)
{
    private static readonly byte[] Body = JsonSerializer.SerializeToUtf8Bytes(new
    {
        text = Workload.Text,
        category = Workload.Category.ToString(),
        weighing = new
        {
            purpose = Workload.Weighing.Purpose,
            basis = Workload.Weighing.Basis,
            necessity = Workload.Weighing.Necessity,
            proportionality = Workload.Weighing.Proportionality,
            subsidiarity = Workload.Weighing.Subsidiarity,
            residentInformed = Workload.Weighing.ResidentInformed,
        },
    });
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = Encoding.UTF8.WebName };

    public async Task AppendAsync(int writer, long sequence)
    {
        var id = streams[Workload.StreamOf(settings, writer, sequence)];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/contributions")
        {
            Content = new ByteArrayContent(Body) { Headers = { ContentType = Json } },
        };
        if (idempotencyKeys)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
