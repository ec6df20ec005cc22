using System.Net.Http.Json;
using System.Text.Json;

namespace DoorbraakTafel.BenchKit;

/// <summary>How the benches set up their cases through the app's API: POSTs that fail loudly, and a table like the tests'.</summary>
public static class BenchApi
{
    /// <summary>A table of the municipality, the housing corporation, the GGZ and debt counselling, chaired by sanne.</summary>
    public static object Table(string name) => new
    {
        name,
        wijk = "Stadsweiden",
        municipality = "Harderwijk",
        chairs = new[] { "demo-sanne" },
        members = new object[]
        {
            new { organisationId = "gem-harderwijk", name = "Gemeente Harderwijk", type = "Gemeente" },
            new { organisationId = "woonstichting-de-linde", name = "Woonstichting De Linde", type = "Woningcorporatie" },
            new { organisationId = "ggz-randmeren", name = "GGZ Randmeren", type = "GGZ" },
            new { organisationId = "schuldhulp-veluwe", name = "Schuldhulp Veluwe", type = "Schuldhulpverlening" },
        },
    };

    /// <summary>The weighing a partner records before sharing personal data with the table.</summary>
    public static readonly object Weighing = new
    {
        purpose = "Passende woonplek vinden na beschermd wonen",
        basis = "Toestemming doorbreking beroepsgeheim (art. 7:457 BW)",
        necessity = "Zonder dit weet de corporatie niet welke begeleiding nodig is",
        proportionality = "Alleen de begeleidingsbehoefte, geen diagnose",
        subsidiarity = "Minder gegevens volstaan niet voor de woningtoewijzing",
        residentInformed = true,
    };

    /// <returns>The answer's body; a bench set up wrongly stops with the problem the API gave.</returns>
    public static async Task<string> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
    }

    /// <returns>The id of what the POST created.</returns>
    public static async Task<Guid> CreatedAsync(HttpClient client, string path, object body) =>
        JsonDocument.Parse(await PostAsync(client, path, body)).RootElement.GetProperty("id").GetGuid();
}
