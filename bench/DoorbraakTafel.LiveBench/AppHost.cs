using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.LiveBench;

/// <summary>The real app on a real Kestrel port, started the way the tests and the append bench start it.</summary>
internal sealed class AppHost(string connectionString) : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> tokens = [];

    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static AppHost Start(string connectionString)
    {
        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json
        // in the current directory, as under a test runner.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var host = new AppHost(connectionString);
        host.UseKestrel(0);
        host.StartServer();
        return host;
    }

    /// <summary>A bearer token from /dev/token, as an API client or the browser's hub connection holds one.</summary>
    public async Task<string> TokenAsync(string userName)
    {
        if (!tokens.TryGetValue(userName, out var token))
        {
            using var client = new HttpClient { BaseAddress = BaseAddress };
            var response = await client.PostAsJsonAsync("/dev/token", new { userName });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
            tokens[userName] = token;
        }

        return token;
    }

    public async Task<HttpClient> SignedInAsync(string userName)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("ConnectionStrings:Doorbraak", connectionString);
        builder.UseSetting("Hangfire:Workers", "1");
        // Keeps the bench's output to figures.
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.UseSetting("Logging:LogLevel:Hangfire", "Error");
    }

    private sealed record TokenResponse(string AccessToken);
}
