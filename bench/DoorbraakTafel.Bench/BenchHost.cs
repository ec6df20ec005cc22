using System.Net.Http.Headers;
using System.Net.Http.Json;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Disclosures;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Bench;

/// <summary>
/// The real app on a real Kestrel port, started the way the tests start it. With an
/// <c>appendMode</c> it is the same app with that Marten append mode instead of the default,
/// in a schema of its own, without the async daemon.
/// </summary>
internal sealed class BenchHost(string connectionString, EventAppendMode? appendMode = null) : WebApplicationFactory<Program>
{
    public const string UserName = "sanne";

    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The app's own store, so the bare-Marten appends run with exactly the app's configuration.</summary>
    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public EventAppendMode AppendMode => Store.Options.Events.AppendMode;

    public DisclosureLog Disclosures => Services.GetRequiredService<DisclosureLog>();

    public HttpClient AnonymousClient() => new() { BaseAddress = BaseAddress };

    public static BenchHost Start(string connectionString, EventAppendMode? appendMode = null)
    {
        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json
        // in the current directory, as under a test runner.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var host = new BenchHost(connectionString, appendMode);
        host.UseKestrel(0);
        host.StartServer();
        return host;
    }

    /// <summary>A client with a bearer token from /dev/token, as an API client would hold one.</summary>
    public async Task<HttpClient> SignedInClientAsync()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        var response = await client.PostAsJsonAsync("/dev/token", new { userName = UserName });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("ConnectionStrings:Doorbraak", connectionString);
        // Keeps the bench's output to figures; no request is logged at Information either way.
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        if (appendMode is { } mode)
        {
            builder.UseSetting("Marten:DaemonMode", "Disabled");
            // Its own schema: the append modes want different mt_quick_append_events functions.
            builder.ConfigureTestServices(services => services.ConfigureMarten(options =>
            {
                options.Events.AppendMode = mode;
                options.DatabaseSchemaName = $"{DatabaseModule.MartenSchema}_{mode}".ToLowerInvariant();
            }));
        }
    }

    private sealed record TokenResponse(string AccessToken);
}
