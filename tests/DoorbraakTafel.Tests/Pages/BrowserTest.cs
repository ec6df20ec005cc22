using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DoorbraakTafel.Tests.Pages;

/// <summary>
/// Base for browser tests: each test gets fresh browser contexts at 1280x720, signed in through
/// the dev sign-in page as a person would; helpers for screenshots and for axe-core.
/// </summary>
public abstract class BrowserTest : AppTest
{
    /// <summary>How long a browser step may wait: generous, since a wait ends as soon as the page is ready and a slow machine should not fail a test.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    protected static readonly Regex SignInPath = new("/dev/sign-in");

    private readonly List<IBrowserContext> contexts = [];

    [TearDown]
    public async Task CloseBrowsersAsync()
    {
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }

        contexts.Clear();
    }

    /// <summary>A browser window signed in as the demo user.</summary>
    protected async Task<IPage> SignInAsync(string userName, int width = 1280, int height = 720)
    {
        var context = await BrowserRun.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "nl-NL",
            TimezoneId = "Europe/Amsterdam",
        });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dev/sign-in");
        await page.Locator($"form:has(input[name=userName][value={userName}]) button").ClickAsync();
        // Signed in once the browser has left the sign-in page (not WaitForURLAsync: see WaitUntilAtAsync).
        await Assertions.Expect(page).Not.ToHaveURLAsync(SignInPath, new() { Timeout = (float)Patience.TotalMilliseconds });
        return page;
    }

    /// <summary>
    /// Waits until the browser is at <paramref name="url"/>, after a click that navigates. Not
    /// WaitForURLAsync: it also waits for that page's load event, and on a busy machine it now and
    /// then missed the event when the page had loaded before the wait began (a timeout, the network
    /// long idle). What the test does next waits for what it needs on the page anyway.
    /// </summary>
    protected static Task WaitUntilAtAsync(IPage page, Regex url) =>
        Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = (float)Patience.TotalMilliseconds });

    /// <summary>Opens a page and waits until it has loaded; fails on a server error.</summary>
    protected static async Task<IPage> OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.That(response?.Status, Is.LessThan(400), $"GET {path} answered {response?.Status}");
        return page;
    }

    /// <summary>Waits until the board's live connection is up, so what happens next reaches it.</summary>
    protected static Task WaitForLiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("#live-status")).ToContainTextAsync("verbonden", new() { Timeout = (float)Patience.TotalMilliseconds });

    /// <summary>Marks the page's window, so a test can tell later that it was never reloaded.</summary>
    protected static Task MarkWindowAsync(IPage page) => page.EvaluateAsync("() => { window.__doorbraakMarker = 'zelfde venster'; }");

    protected static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.That(await page.EvaluateAsync<string?>("() => window.__doorbraakMarker ?? null"), Is.EqualTo("zelfde venster"), "The page was reloaded.");

    /// <summary>Writes a screenshot of the viewport to test-screenshots/ (git-ignored) for reviewers, from the top of the page unless told otherwise.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name, bool fromTop = true)
    {
        if (fromTop)
        {
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserRun.ScreenshotFolder, name + ".png") });
    }

    /// <summary>
    /// Injects axe-core (npm package, installed by npm ci) and fails on any serious or critical
    /// violation. The pages' Content-Security-Policy allows scripts from the app's own origin only,
    /// so axe is loaded from an address on it that the browser answers itself: the app never
    /// serves it, and the policy stays as strict in the tests as in production.
    /// </summary>
    protected static async Task AssertAccessibleAsync(IPage page)
    {
        var axe = Path.Combine(BrowserRun.RepositoryRoot, "src", "DoorbraakTafel", "node_modules", "axe-core", "axe.min.js");
        Assert.That(File.Exists(axe), Is.True, $"axe-core is missing at {axe}: run npm ci in src/DoorbraakTafel (deploy/dev.sh does it).");
        const string AxeAddress = "/tests-only/axe.min.js";
        await page.RouteAsync("**" + AxeAddress, route => route.FulfillAsync(new RouteFulfillOptions { Path = axe, ContentType = "text/javascript" }));
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = AxeAddress });
        await page.UnrouteAsync("**" + AxeAddress);
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const results = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }, resultTypes: ["violations"] });
              return results.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary) }));
            }
            """);
        var violations = result.EnumerateArray().Select(v => v.ToString()).ToList();
        Assert.That(violations, Is.Empty, $"axe-core on {page.Url}:\n{string.Join("\n", violations)}");
    }
}
