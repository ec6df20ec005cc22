using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Disclosures;
using Marten;
using Marten.Events.Daemon.Coordination;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DoorbraakTafel.Tests.Infrastructure;

/// <summary>The real app on a real Kestrel port, against a real PostgreSQL database.</summary>
public sealed class DoorbraakApp : WebApplicationFactory<Program>
{
    private readonly string environment;
    private readonly Dictionary<string, string?> settings;
    private readonly Dictionary<string, string> tokens = [];

    public DoorbraakApp(TestDatabase database, string environment = "Testing", IDictionary<string, string?>? settings = null)
    {
        Database = database;
        this.environment = environment;
        this.settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Doorbraak"] = database.AppConnectionString,
            ["ConnectionStrings:DoorbraakOwner"] = database.OwnerConnectionString,
            ["Hangfire:Workers"] = "1",
            [ChainKeys.Setting] = ChainKey,
            [DisclosureCheckpoints.FolderSetting] = Path.Combine(Path.GetTempPath(), "doorbraak-test-checkpoints", database.Name),
            [DisclosureCheckpoints.SigningKeySetting] = CheckpointSigningKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }

        UseKestrel(0);
    }

    /// <summary>The tests' chain key; a real one lives in a key vault (README).</summary>
    public const string ChainKey = "b1soAOJ2JCAFHyTLxKiG22MksJDzrRWtN8egtHEYqnU=";

    /// <summary>The run's checkpoint signing key, made for it.</summary>
    public static readonly string CheckpointSigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem();

    private DocumentStore? ownerStore;

    public TestDatabase Database { get; }

    /// <summary>Warnings and errors the app logged in this run.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Marten's store through the owner role, which may truncate what the app's role may not (see <see cref="ResetCaseStoreAsync"/>).</summary>
    private DocumentStore OwnerStore => ownerStore ??= Services.GetRequiredService<DatabaseSchema>().OwnerStore();

    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient Anonymous()
    {
        StartServer();
        return new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>A client signed in as a demo user, with a bearer token from /dev/token.</summary>
    public async Task<HttpClient> SignedInAs(string userName)
    {
        var token = await TokenFor(userName);
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A live meeting-board connection (not started) for a demo user, as the browser makes it: automatic and stateful reconnect.</summary>
    public async Task<HubConnection> HubConnectionAs(string userName)
    {
        var token = await TokenFor(userName);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "hubs/meeting"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .WithAutomaticReconnect()
            .WithStatefulReconnect()
            .Build();
    }

    private async Task<string> TokenFor(string userName)
    {
        if (!tokens.TryGetValue(userName, out var token))
        {
            var response = await Anonymous().PostAsJsonAsync("/dev/token", new { userName });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
            tokens[userName] = token;
        }

        return token;
    }

    /// <summary>
    /// Empties the case store as Marten's <c>ResetAllMartenDataAsync</c> does (daemon paused, every
    /// document and event deleted), but as the owner role: the app's own role may not truncate.
    /// </summary>
    public async Task ResetCaseStoreAsync()
    {
        var coordinator = Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            await OwnerStore.Advanced.ResetAllData();
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (ownerStore is not null)
        {
            await ownerStore.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>Lets the async daemon finish every projection, so lists built from events are complete.</summary>
    public Task CatchUpProjectionsAsync() => Marten.Events.TestingExtensions.ForceAllMartenDaemonActivityToCatchUpAsync(Services, CancellationToken.None);

    private sealed record TokenResponse(string AccessToken);
}
