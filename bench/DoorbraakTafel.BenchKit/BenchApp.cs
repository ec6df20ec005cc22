using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.BenchKit;

/// <summary>
/// The real app on a real Kestrel port, started the way the tests start it, with its output kept
/// to warnings so a bench prints figures. A bench that needs more of the app overrides
/// <see cref="ConfigureWebHost"/> and calls the base first.
/// </summary>
public class BenchApp(string connectionString) : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> tokens = [];

    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static BenchApp Start(string connectionString) => Start(new BenchApp(connectionString));

    protected static TApp Start<TApp>(TApp app)
        where TApp : BenchApp
    {
        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json
        // in the current directory, as under a test runner.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    /// <summary>A bearer token from /dev/token, as an API client or a browser's hub connection holds one.</summary>
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
        builder.UseSetting("DisclosureLog:ChainKey", "qbp69ucMLgIguDZRCDxwgyEcy9kC5KAoQ/FeMheYPu8=");
        builder.UseSetting("DisclosureLog:CheckpointFolder", Path.Combine(Path.GetTempPath(), "doorbraak-bench-checkpoints"));
        builder.UseSetting("DisclosureLog:CheckpointSigningKey", ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Hangfire", "Error");
    }

    private sealed record TokenResponse(string AccessToken);
}
