using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DoorbraakTafel.Identity;

namespace DoorbraakTafel.Tests.Identity;

public sealed class DevSignInTests : AppTest
{
    [Test]
    public async Task Demo_users_cover_every_role_across_at_least_five_organisation_types()
    {
        var users = await App.Anonymous().GetFromJsonAsync<JsonElement[]>("/dev/users");

        var roles = users!.Select(u => u.GetProperty("role").GetString()).Distinct();
        var types = users!.Select(u => u.GetProperty("organisationType").GetString()).Distinct();
        Assert.That(roles, Is.EquivalentTo(Roles.All));
        Assert.That(types.Count(), Is.GreaterThanOrEqualTo(5));
        Assert.That(users![0].TryGetProperty("userName", out _) && users[0].TryGetProperty("displayName", out _) && users[0].TryGetProperty("organisation", out _));
    }

    [Test]
    public async Task An_unknown_demo_user_gets_no_token()
    {
        var response = await App.Anonymous().PostAsJsonAsync("/dev/token", new { userName = "mallory" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task The_sign_in_page_lists_the_demo_users_in_Dutch()
    {
        var page = await App.Anonymous().GetStringAsync("/dev/sign-in");

        Assert.That(page, Does.Contain("Inloggen als demogebruiker"));
        Assert.That(page, Does.Contain("Sanne Vos"));
    }

    [Test]
    public async Task A_page_without_sign_in_redirects_to_the_sign_in_page()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = App.BaseAddress };

        var response = await client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/dev/sign-in"));
    }
}
