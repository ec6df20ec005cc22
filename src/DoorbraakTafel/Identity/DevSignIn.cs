using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DoorbraakTafel.Identity;

/// <summary>Demo-user sign-in for Development and tests. Never mapped in Production, so it answers 404 there.</summary>
public static class DevSignIn
{
    public sealed record TokenRequest(string? UserName);

    public sealed record TokenResponse(string AccessToken);

    public sealed record DemoUserView(string UserName, string DisplayName, string Role, string Organisation, string OrganisationName, OrganisationType OrganisationType);

    public static IEndpointRouteBuilder MapDevSignIn(this IEndpointRouteBuilder app)
    {
        var dev = app.MapGroup("/dev").WithTags("Development sign-in").AllowAnonymous();
        dev.MapGet("/users", ListUsers);
        dev.MapPost("/token", IssueToken);
        dev.MapGet("/sign-in", SignInPage).ExcludeFromDescription();
        dev.MapPost("/sign-in", SignIn).ExcludeFromDescription();
        dev.MapPost("/sign-out", SignOut).ExcludeFromDescription();
        return app;
    }

    private static IEnumerable<DemoUserView> ListUsers() =>
        DemoUsers.All.Select(u => new DemoUserView(u.UserName, u.DisplayName, u.Role, u.Organisation.Id, u.Organisation.Name, u.Organisation.Type));

    private static Results<Ok<TokenResponse>, ValidationProblem> IssueToken(TokenRequest request, DevTokenIssuer issuer)
    {
        var user = DemoUsers.Find(request.UserName);
        if (user is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["userName"] = ["Unknown demo user; GET /dev/users lists them."],
            });
        }

        return TypedResults.Ok(new TokenResponse(issuer.IssueFor(user)));
    }

    private static ContentHttpResult SignInPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Inloggen (ontwikkelomgeving) - DoorbraakTafel</title></head>
            <body><main><h1>Inloggen als demogebruiker</h1>
            <p>Dit is de ontwikkelomgeving. Kies een fictieve gebruiker om mee verder te gaan.</p><ul>
            """);
        foreach (var user in DemoUsers.All)
        {
            html.Append($"""
                <li><form method="post" action="/dev/sign-in">
                <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
                <input type="hidden" name="userName" value="{user.UserName}">
                <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl ?? "/")}">
                <button type="submit">{WebUtility.HtmlEncode(user.DisplayName)}</button>
                {WebUtility.HtmlEncode(user.Role)}, {WebUtility.HtmlEncode(user.Organisation.Name)}
                </form></li>
                """);
        }

        html.Append("</ul></main></body></html>");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static async Task<IResult> SignIn([Microsoft.AspNetCore.Mvc.FromForm] string userName, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl, HttpContext context)
    {
        var user = DemoUsers.Find(userName);
        if (user is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userName"] = ["Onbekende demogebruiker."] });
        }

        var identity = DevTokenIssuer.CookieIdentity(user, CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new(identity));
        var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/";
        return TypedResults.LocalRedirect(target);
    }

    private static async Task<RedirectHttpResult> SignOut(HttpContext context, CancellationToken cancellationToken)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/dev/sign-in");
    }
}
