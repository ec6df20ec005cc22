using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;

namespace DoorbraakTafel.Identity;

public static class IdentityModule
{
    /// <summary>Chooses bearer or cookie per request, so the API answers 401 and pages redirect to sign-in.</summary>
    private const string SmartScheme = "BearerOrCookie";

    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        var authentication = builder.Services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Bearer or cookie", options => options.ForwardDefaultSelector = SelectScheme);

        if (builder.Environment.IsProduction())
        {
            AddEntraId(builder, authentication);
        }
        else
        {
            builder.Services.AddSingleton<DevTokenIssuer>();
            authentication.AddJwtBearer();
            builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<DevTokenIssuer>((options, issuer) =>
                {
                    options.MapInboundClaims = false;
                    options.TokenValidationParameters = issuer.ValidationParameters;
                    options.Events = new JwtBearerEvents { OnMessageReceived = ReadHubAccessToken, OnTokenValidated = KeepAppClaimsOnHubs };
                });
            authentication.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.LoginPath = "/dev/sign-in";
                options.Cookie.Name = "doorbraak.dev";
            });
        }

        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery();
        return builder;
    }

    private static void AddEntraId(WebApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        var section = builder.Configuration.GetSection("AzureAd");
        string[] required = ["Instance", "TenantId", "ClientId"];
        var missing = required.Where(key => string.IsNullOrWhiteSpace(section[key])).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException(
                "Production sign-in needs Microsoft Entra ID, but the configuration is incomplete: missing " +
                string.Join(", ", missing.Select(key => $"AzureAd:{key}")) +
                ". Set them in appsettings.Production.json or as environment variables (AzureAd__TenantId, ...).");
        }

        authentication.AddMicrosoftIdentityWebApp(section, OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme);
        authentication.AddMicrosoftIdentityWebApi(section, JwtBearerDefaults.AuthenticationScheme);
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.MapInboundClaims = false;
            options.Events ??= new JwtBearerEvents();
            options.Events.OnMessageReceived = ReadHubAccessToken;
            // After Identity.Web's own check of the token's scopes and roles.
            var validated = options.Events.OnTokenValidated;
            options.Events.OnTokenValidated = async context =>
            {
                await validated(context);
                await KeepAppClaimsOnHubs(context);
            };
        });
        builder.Services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options => options.MapInboundClaims = false);
    }

    private static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        var hasBearer = request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));
        if (hasBearer)
        {
            return JwtBearerDefaults.AuthenticationScheme;
        }

        var hasCookie = request.Cookies.Keys.Any(key => key.StartsWith("doorbraak.", StringComparison.Ordinal) || key.StartsWith(".AspNetCore.Cookies", StringComparison.Ordinal));
        var isApi = request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");
        return isApi && !hasCookie ? JwtBearerDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    /// <summary>
    /// A hub connection keeps its principal, and its request, for as long as the meeting runs, some
    /// hours. The validated identity refers to the parsed token (header, payload, every claim with
    /// its properties), about 4 KB per connection; a copy of just the claims the app reads, named by
    /// the app's own claim type strings, holds none of it. Deciding here also keeps the handler from
    /// saving the raw token in the connection's ticket (SaveToken), which nothing reads on a hub, and
    /// the request need not keep the token it signed in with either (its Authorization header, about
    /// 1.5 KB). A check that already failed stays failed.
    /// </summary>
    public static Task KeepAppClaimsOnHubs(Microsoft.AspNetCore.Authentication.JwtBearer.TokenValidatedContext context)
    {
        if (context.Result is null && context.Request.Path.StartsWithSegments("/hubs") && context.Principal?.Identity is ClaimsIdentity signedIn)
        {
            var claims = DoorbraakClaims.All.SelectMany(type => signedIn.Claims.Where(claim => claim.Type == type).Select(claim => new Claim(type, claim.Value)));
            context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, signedIn.AuthenticationType, signedIn.NameClaimType, signedIn.RoleClaimType));
            context.Request.Headers.Authorization = default;
            context.Success();
        }

        return Task.CompletedTask;
    }

    // Browsers cannot set headers on WebSockets; SignalR sends the token as a query parameter.
    private static Task ReadHubAccessToken(Microsoft.AspNetCore.Authentication.JwtBearer.MessageReceivedContext context)
    {
        var token = context.Request.Query["access_token"].ToString();
        if (token.Length > 0 && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }
}
