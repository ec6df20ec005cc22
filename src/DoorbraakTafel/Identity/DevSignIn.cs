using DoorbraakTafel.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DoorbraakTafel.Identity;

/// <summary>
/// Demo-user sign-in for Development and tests: the user list and bearer tokens for the API. The page that
/// picks a user is Pages/Identity/DevSignIn. Never mapped in Production, so it answers 404 there.
/// </summary>
public static class DevSignIn
{
    public sealed record TokenRequest([property: Text(100)] string? UserName);

    public sealed record TokenResponse(string AccessToken);

    public sealed record DemoUserView(string UserName, string DisplayName, string Role, string Organisation, string OrganisationName, OrganisationType OrganisationType);

    public static IEndpointRouteBuilder MapDevSignIn(this IEndpointRouteBuilder app)
    {
        var dev = app.MapGroup("/dev").WithTags("Development sign-in").AllowAnonymous();
        dev.MapGet("/users", ListUsers).WithName("ListDemoUsers");
        dev.MapPost("/token", IssueToken).WithName("IssueDevToken");
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

    private static async Task<RedirectHttpResult> SignOut(HttpContext context, CancellationToken cancellationToken)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/dev/sign-in");
    }
}
