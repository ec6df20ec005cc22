using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DoorbraakTafel.Tests.Infrastructure;

/// <summary>Small helpers over HttpClient so scenarios read as the steps a table takes.</summary>
public static class Api
{
    public static async Task<JsonElement> PostOk(this HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"POST {path}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task PutOk(this HttpClient client, string path, object body)
    {
        var response = await client.PutAsJsonAsync(path, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"PUT {path}: {await response.Content.ReadAsStringAsync()}");
    }

    public static Task<JsonElement> PostCreated(this HttpClient client, string path, object body) => client.PostOk(path, body, HttpStatusCode.Created);

    public static async Task<Guid> CreatedId(this HttpClient client, string path, object body) =>
        (await client.PostCreated(path, body)).GetProperty("id").GetGuid();

    public static async Task<JsonElement> Get(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET {path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static HttpRequestMessage Post(string path, object body, long? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}
