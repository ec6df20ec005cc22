using Microsoft.Playwright;

namespace DoorbraakTafel.Tests.Pages;

/// <summary>
/// One Chromium for the browser tests of this folder: Debian's package at /usr/bin/chromium (the
/// dev script installs it), driven by Playwright through ExecutablePath; never `playwright install`.
/// </summary>
[SetUpFixture]
public sealed class BrowserRun
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static IPlaywright? playwright;
    private static IBrowser? browser;

    public static IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>The repository root, where the front-end packages and the screenshot folder live.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ScreenshotFolder => Path.Combine(RepositoryRoot, "test-screenshots");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var executable = Environment.GetEnvironmentVariable("DOORBRAAK_CHROMIUM") is { Length: > 0 } configured ? configured : ChromiumPath;
        if (!File.Exists(executable))
        {
            Assert.Fail($"The browser tests need Debian's Chromium at {executable}: `apt-get install chromium` (deploy/dev.sh test does it as root).");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DoorbraakTafel.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (with DoorbraakTafel.sln) was not found above the test folder.");
    }
}
