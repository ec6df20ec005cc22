using System.Net;
using System.Text.RegularExpressions;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;

namespace DoorbraakTafel.Tests.Pages;

/// <summary>
/// Every page comes with a Content-Security-Policy that allows no inline script, cannot be framed,
/// is not sniffed and sends no Referer elsewhere; every form carries an antiforgery token, and a
/// post without it is refused. Read over HTTP with the dev sign-in's cookie, no browser needed.
/// </summary>
public sealed partial class PageSecurityTests : AppTest
{
    [Test]
    public async Task Every_page_has_the_security_headers_and_every_form_an_antiforgery_token()
    {
        var (table, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        var pages = new Dictionary<string, string[]>
        {
            ["sanne"] = ["/", "/acties", "/casussen/nieuw", "/inwoners", $"/casussen/{caseId}", $"/tafels/{table}", $"/bijeenkomsten/{meeting}", $"/bijeenkomsten/{meeting}/voorbereiden"],
            ["pieter"] = ["/privacy", "/privacy/inwoner", "/privacy/wat-kon-zien"],
            ["lotte"] = ["/teamleider"],
        };
        var anonymous = App.Anonymous();
        AssertSecurityHeaders(await anonymous.GetAsync("/dev/sign-in"), "/dev/sign-in");
        AssertSecurityHeaders(await anonymous.GetAsync("/css/site.css"), "/css/site.css");
        AssertSecurityHeaders(await anonymous.GetAsync($"/casussen/{Guid.NewGuid()}"), "a page that redirects to sign-in");

        var forms = 0;
        foreach (var (user, paths) in pages)
        {
            var browser = await FormBrowser.SignInAsync(App, user);
            foreach (var path in paths)
            {
                var response = await browser.GetAsync(path);
                var html = await response.Content.ReadAsStringAsync();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{user} GET {path}");
                AssertSecurityHeaders(response, path);
                Assert.That(InlineScript().IsMatch(html), Is.False, $"{path} has an inline script");
                // The framework's empty error summary carries a hidden item styled inline; the policy blocks that style and site.css hides the summary (.validation-summary-valid).
                var own = html.Replace("<li style=\"display:none\"></li>", "", StringComparison.Ordinal);
                Assert.That(InlineHandlerOrStyle().Match(own).Value, Is.Empty, $"{path} has an inline event handler or style");
                foreach (Match form in PostForm().Matches(html))
                {
                    forms++;
                    Assert.That(form.Value, Does.Contain("name=\"__RequestVerificationToken\""), $"a form on {path} has no antiforgery token: {form.Value[..Math.Min(200, form.Value.Length)]}");
                }
            }
        }

        Assert.That(forms, Is.GreaterThan(10), "the pages' forms were found");
    }

    [Test]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        var browser = await FormBrowser.SignInAsync(App, "sanne");
        var before = await ScalarAsync<long>("select count(*) from doorbraak.mt_events");

        var response = await browser.PostAsync("/casussen/nieuw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Case.Title"] = "Zonder token",
            ["Case.Bottleneck"] = "Een andere site post dit formulier",
            ["Case.BottleneckCategory"] = "Wonen",
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_events"), Is.EqualTo(before));
    }

    [Test]
    public async Task A_form_shown_again_with_its_errors_answers_400_and_changes_nothing()
    {
        var browser = await FormBrowser.SignInAsync(App, "sanne");
        var before = await ScalarAsync<long>("select count(*) from doorbraak.mt_events");

        var response = await browser.PostFormAsync("/casussen/nieuw", new Dictionary<string, string>
        {
            ["Case.Title"] = "",
            ["Case.Bottleneck"] = "Geen titel ingevuld",
            ["Case.BottleneckCategory"] = "Wonen",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Geen titel ingevuld"), "what was typed stays");
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_events"), Is.EqualTo(before));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        var policy = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? string.Join(";", values) : "";
        Assert.That(policy, Does.Contain("script-src 'self'"), what);
        Assert.That(policy, Does.Contain("frame-ancestors 'none'"), what);
        Assert.That(policy, Does.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"), what);
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }), what);
        Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "same-origin" }), what);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<[a-z][^>]*\\s(on[a-z]+|style)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandlerOrStyle();

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*>.*?</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex PostForm();
}
