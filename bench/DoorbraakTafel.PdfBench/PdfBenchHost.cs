using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.PdfBench;

/// <summary>The real app on a real Kestrel port, started the way the tests start it.</summary>
internal sealed class PdfBenchHost(string connectionString) : WebApplicationFactory<Program>
{
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static PdfBenchHost Start(string connectionString)
    {
        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the current directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var host = new PdfBenchHost(connectionString);
        host.UseKestrel(0);
        host.StartServer();
        return host;
    }

    /// <summary>A client with a bearer token from the development sign-in.</summary>
    public async Task<HttpClient> SignedInAsync(string userName)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        var response = await client.PostAsJsonAsync("/dev/token", new { userName });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("ConnectionStrings:Doorbraak", connectionString);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    private sealed record TokenResponse(string AccessToken);
}
