using System.Net;
using DoorbraakTafel.Tests.Infrastructure;

namespace DoorbraakTafel.Tests.Pages;

public sealed class SignInPageTests
{
    private static readonly Dictionary<string, string?> EntraId = new()
    {
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = "00000000-0000-0000-0000-000000000001",
        ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000002",
    };

    [Test]
    public async Task In_Production_pages_send_people_to_the_Entra_ID_sign_in_and_the_demo_picker_is_not_there()
    {
        await using var app = new DoorbraakApp(await TestRun.Server.CreateDatabaseAsync("prodpages"), "Production", EntraId);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Anonymous().BaseAddress };

        // Only the redirects are followed here: the OpenID Connect challenge itself would call Entra ID.
        var home = await client.GetAsync("/");
        var picker = await client.GetAsync("/dev/sign-in");

        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(home.Headers.Location!.ToString(), Does.Contain("/inloggen"));
        Assert.That(picker.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
