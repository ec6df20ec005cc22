using DoorbraakTafel.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace DoorbraakTafel.LiveBench;

/// <summary>A trivial hub: a client joins a group; nothing is checked, nothing is remembered.</summary>
internal sealed class BareHub : Hub
{
    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);
}

/// <summary>
/// What the bare hub has of the app's hub, to see where the app's memory per connection goes:
/// nothing (the baseline), stateful reconnect, bearer sign-in with the app's own tokens, and a
/// second group per connection (the app puts a connection in its meeting's group for presence and
/// its audience's group for content).
/// </summary>
/// <param name="CompactPrincipal">
/// After sign-in, the principal is replaced as the app does for hub connections
/// (<see cref="IdentityModule.KeepAppClaimsOnHubs"/>): a copy of the claims the app reads, without the parsed token.
/// </param>
/// <param name="Logging">
/// Logging as the app is set up (<see cref="Infrastructure.Observability.AddStructuredLogging"/>: JSON with scopes
/// and trace ids, here from warnings up): every request then carries its log scopes and an <c>Activity</c>.
/// </param>
internal sealed record BareOptions(bool StatefulReconnect = false, TokenValidationParameters? SignIn = null, int Groups = 1, bool SaveToken = true, bool CompactPrincipal = false, bool Logging = false)
{
    public static readonly BareOptions Plain = new();

    public string Describe() =>
        string.Join(" + ", new[]
        {
            "bare hub", StatefulReconnect ? "stateful reconnect" : null,
            SignIn is null ? null : "bearer sign-in" + (SaveToken ? "" : " (SaveToken off)") + (CompactPrincipal ? " (app's claims only, token dropped)" : ""),
            Groups > 1 ? $"{Groups} groups" : null,
            Logging ? "the app's logging" : null,
        }.OfType<string>());
}

/// <summary>
/// The baseline: a minimal second web app in this process with SignalR's defaults and a trivial
/// hub, and a write that is a raw Npgsql insert followed by a plain group send. What any
/// "commit, then push" costs on this machine, without the app's work in between.
/// </summary>
internal sealed class BareServer : IAsyncDisposable
{
    public const string Method = "Pushed";

    private readonly WebApplication app;
    private readonly NpgsqlDataSource database;
    private readonly IHubContext<BareHub> hub;

    private BareServer(WebApplication app, NpgsqlDataSource database, BareOptions options)
    {
        this.app = app;
        this.database = database;
        Options = options;
        hub = app.Services.GetRequiredService<IHubContext<BareHub>>();
    }

    public BareOptions Options { get; }

    public Uri HubUrl => new(new Uri(app.Urls.First()), "hubs/bare");

    public static async Task<BareServer> StartAsync(string connectionString, BareOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "BareHub", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (options.Logging)
        {
            builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            builder.Logging.AddJsonConsole(json => json.IncludeScopes = true).SetMinimumLevel(LogLevel.Warning);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSignalR();
        if (options.SignIn is { } validation)
        {
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
            {
                // As the app's development sign-in is set up: its tokens, its claims, the token in the query for WebSockets.
                jwt.MapInboundClaims = false;
                jwt.SaveToken = options.SaveToken;
                jwt.TokenValidationParameters = validation;
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        context.Token = context.Request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null;
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context => options.CompactPrincipal ? IdentityModule.KeepAppClaimsOnHubs(context) : Task.CompletedTask,
                };
            });
            builder.Services.AddAuthorization();
        }

        var app = builder.Build();
        if (options.SignIn is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        var endpoint = app.MapHub<BareHub>("/hubs/bare", hub => hub.AllowStatefulReconnects = options.StatefulReconnect);
        if (options.SignIn is not null)
        {
            endpoint.RequireAuthorization();
        }

        await app.StartAsync();

        var database = NpgsqlDataSource.Create(connectionString);
        await using (var create = database.CreateCommand(
            "create table if not exists live_bench_bare (id bigint generated always as identity primary key, stream uuid not null, version bigint not null, " +
            "text text not null, at timestamptz not null default now())"))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new BareServer(app, database, options);
    }

    /// <summary>One write of the baseline: the row is committed, then the group hears of it.</summary>
    public async Task WriteAsync(Guid stream, long version)
    {
        await using (var insert = database.CreateCommand("insert into live_bench_bare (stream, version, text) values ($1, $2, $3)"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = stream });
            insert.Parameters.Add(new NpgsqlParameter { Value = version });
            insert.Parameters.Add(new NpgsqlParameter { Value = "Huurachterstand is afgelost" });
            await insert.ExecuteNonQueryAsync();
        }

        await hub.Clients.Group(stream.ToString("N")).SendAsync(Method, stream, version);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await database.DisposeAsync();
    }
}
