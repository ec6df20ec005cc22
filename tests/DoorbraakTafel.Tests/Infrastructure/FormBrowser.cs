using System.Net;
using System.Text.RegularExpressions;

namespace DoorbraakTafel.Tests.Infrastructure;

/// <summary>
/// Pages over plain HTTP as a browser posts them: a cookie jar signed in through the dev sign-in
/// page's form, and forms posted with the antiforgery token the signed-in user's pages carry.
/// </summary>
public static partial class FormBrowser
{
    /// <summary>A client that keeps cookies and does not follow redirects, signed in as <paramref name="userName"/>.</summary>
    public static async Task<HttpClient> SignInAsync(DoorbraakApp app, string userName)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var form = await browser.GetStringAsync("/dev/sign-in");
        var signIn = await browser.PostAsync("/dev/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
        }));
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await signIn.Content.ReadAsStringAsync());
        return browser;
    }

    /// <summary>
    /// Posts a form with a valid antiforgery token, taken from the start page (every page's layout
    /// has the sign-out form), so a refusal is about who posts, not about a missing token.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient browser, string path, IReadOnlyDictionary<string, string> fields)
    {
        var start = await browser.GetStringAsync("/");
        var token = Token().Match(start).Groups[1].Value;
        Assert.That(token, Is.Not.Empty, "the start page carries an antiforgery token");
        return await browser.PostAsync(path, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
