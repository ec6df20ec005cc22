using System.Net.Http.Headers;
using System.Net.Http.Json;
using DoorbraakTafel.Cases.Viewing;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.PrivacyBench;

/// <summary>
/// The real app on a real Kestrel port, started the way the tests and the append bench start it,
/// with one addition that lives only in this bench process: <see cref="UnfilteredRead"/>.
/// </summary>
internal sealed class PrivacyHost(string connectionString) : WebApplicationFactory<Program>
{
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static PrivacyHost Start(string connectionString)
    {
        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json
        // in the current directory, as under a test runner.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var host = new PrivacyHost(connectionString);
        host.UseKestrel(0);
        host.StartServer();
        return host;
    }

    /// <summary>A client with a bearer token from /dev/token, as an API client would hold one.</summary>
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
        builder.UseSetting("Hangfire:Workers", "1");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, UnfilteredRead>());
    }

    private sealed record TokenResponse(string AccessToken);
}

/// <summary>
/// The unfiltered read the filtered one is compared with: <c>GET /bench/unfiltered/cases/{id}</c>,
/// a plain Marten <c>LoadAsync&lt;CaseDetails&gt;</c> answered as the API answers (200 with the
/// app's JSON options and an ETag). It is added behind the app's own pipeline, so a request to it
/// passes exactly the middleware an API request passes (exception handler, status code pages,
/// static files, authentication with the same bearer token, authorization, antiforgery, routing
/// that finds no endpoint) and then this instead of the endpoint; it refuses a request that is not
/// signed in, like the API. Nothing of it is in the app.
/// </summary>
internal sealed class UnfilteredRead : IStartupFilter
{
    public const string Path = "/bench/unfiltered/cases";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Run(async context =>
        {
            if (!context.Request.Path.StartsWithSegments(Path, out var rest) || !Guid.TryParse(rest.Value?.Trim('/'), out var id))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (context.User.Identity?.IsAuthenticated != true)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            var details = await context.RequestServices.GetRequiredService<IQuerySession>().LoadAsync<CaseDetails>(id, context.RequestAborted);
            if (details is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.Headers.ETag = $"\"{details.Version}\"";
            await TypedResults.Ok(details).ExecuteAsync(context);
        });
    };
}
