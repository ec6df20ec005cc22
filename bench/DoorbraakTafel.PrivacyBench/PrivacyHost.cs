using DoorbraakTafel.BenchKit;
using DoorbraakTafel.Cases.Viewing;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.PrivacyBench;

/// <summary>
/// The app as every bench starts it, with one addition that lives only in this bench process:
/// <see cref="UnfilteredRead"/>.
/// </summary>
internal sealed class PrivacyHost(string connectionString) : BenchApp(connectionString)
{
    public static new PrivacyHost Start(string connectionString) => Start(new PrivacyHost(connectionString));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, UnfilteredRead>());
    }
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
