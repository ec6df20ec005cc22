using System.Net;
using System.Security.Claims;

namespace DoorbraakTafel.Identity;

/// <summary>The landing page after sign-in; the full web interface grows from here.</summary>
public static class HomePage
{
    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (ClaimsPrincipal principal) =>
        {
            var user = CurrentUser.From(principal);
            var name = WebUtility.HtmlEncode(user?.DisplayName ?? "onbekend");
            var html = $"""
                <!DOCTYPE html>
                <html lang="nl"><head><meta charset="utf-8"><title>DoorbraakTafel</title></head>
                <body><main><h1>DoorbraakTafel</h1><p>Ingelogd als {name} ({WebUtility.HtmlEncode(user?.Role ?? "")}).</p></main></body></html>
                """;
            return TypedResults.Content(html, "text/html; charset=utf-8");
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
