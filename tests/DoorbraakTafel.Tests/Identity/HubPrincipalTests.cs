using System.Security.Claims;
using DoorbraakTafel.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DoorbraakTafel.Tests.Identity;

/// <summary>A hub connection holds its principal for hours: it keeps the app's claims, not the token.</summary>
public sealed class HubPrincipalTests
{
    [Test]
    public async Task A_hub_connection_keeps_only_the_claims_the_app_reads_and_not_the_token()
    {
        var (options, validated) = await ValidatedSignInAsync();

        var context = await ValidateForPathAsync(options, validated, "/hubs/meeting");

        var identity = (ClaimsIdentity)context.Principal!.Identity!;
        Assert.That(identity, Is.Not.InstanceOf<CaseSensitiveClaimsIdentity>(), "the validated identity refers to the parsed token");
        Assert.That(identity.Claims.Select(c => c.Type), Is.SubsetOf(DoorbraakClaims.All));
        Assert.That(validated.Claims.Select(c => c.Type), Does.Contain("exp"), "the token had more claims than the app reads");
        Assert.That(CurrentUser.From(context.Principal), Is.EqualTo(CurrentUser.From(new ClaimsPrincipal(validated))));
        Assert.That(identity.IsAuthenticated && identity.Name == DemoUsers.Find("sanne")!.DisplayName);
        Assert.That(context.Result?.Succeeded, Is.True, "decided here, so the handler does not save the raw token on the connection");
        Assert.That(context.Result!.Properties!.GetTokenValue("access_token"), Is.Null);
        Assert.That(context.Result.Principal, Is.SameAs(context.Principal));
    }

    [Test]
    public async Task A_hub_sign_in_that_an_earlier_check_failed_stays_failed()
    {
        var (options, validated) = await ValidatedSignInAsync();
        var context = NewContext(options, validated, "/hubs/meeting");
        context.Fail("scope missing");

        await IdentityModule.KeepAppClaimsOnHubs(context);

        Assert.That(context.Result!.Failure!.Message, Is.EqualTo("scope missing"));
        Assert.That(context.Principal!.Identity, Is.SameAs(validated));
    }

    [Test]
    public async Task An_API_request_keeps_the_validated_principal()
    {
        var (options, validated) = await ValidatedSignInAsync();

        var context = await ValidateForPathAsync(options, validated, "/api/cases");

        Assert.That(context.Principal!.Identity, Is.SameAs(validated));
        Assert.That(context.Result, Is.Null, "the handler decides, and saves the token as configured");
    }

    private static async Task<(JwtBearerOptions Options, ClaimsIdentity Validated)> ValidatedSignInAsync()
    {
        var services = TestRun.App.Services;
        var options = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var token = services.GetRequiredService<DevTokenIssuer>().IssueFor(DemoUsers.Find("sanne")!);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, options.TokenValidationParameters);
        Assert.That(result.IsValid, Is.True);
        return (options, result.ClaimsIdentity);
    }

    private static async Task<TokenValidatedContext> ValidateForPathAsync(JwtBearerOptions options, ClaimsIdentity validated, string path)
    {
        var context = NewContext(options, validated, path);
        await options.Events.TokenValidated(context);
        return context;
    }

    private static TokenValidatedContext NewContext(JwtBearerOptions options, ClaimsIdentity validated, string path)
    {
        var http = new DefaultHttpContext { RequestServices = TestRun.App.Services };
        http.Request.Path = path;
        var scheme = new AuthenticationScheme(JwtBearerDefaults.AuthenticationScheme, null, typeof(JwtBearerHandler));
        return new TokenValidatedContext(http, scheme, options) { Principal = new ClaimsPrincipal(validated) };
    }
}
