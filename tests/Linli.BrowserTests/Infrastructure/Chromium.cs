namespace Linli.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium (Playwright's own browser download does not work on these machines), launched once for the whole
/// test run and shared by every test class: a launch costs a second or two of a busy two-core machine, and each test
/// opens its own context, so cookies never leak from one test to the next. The browser ends with the test process.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public static readonly ViewportSize Desktop = new() { Width = 1366, Height = 860 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    static readonly Lazy<Task<IBrowser>> Shared = new(LaunchAsync);

    IBrowser? browser;

    static async Task<IBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LINLI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = Args,
        });
        // Closed when the run ends (Playwright's driver also ends the browser when the test process goes without this).
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().Wait(TimeSpan.FromSeconds(10));
            playwright.Dispose();
        };
        return browser;
    }

    public async Task InitializeAsync()
    {
        // A cold server compiles its first query while the browser waits; 5 s is too tight on two cores.
        SetDefaultExpectTimeout(15_000);
        browser = await Shared.Value;
    }

    /// <summary>A fresh browser profile pointed at <paramref name="baseAddress"/>, desktop-sized unless told.</summary>
    public async Task<IBrowserContext> NewContextAsync(Uri baseAddress, ViewportSize? viewport = null)
    {
        var size = viewport ?? Desktop;
        var phone = size.Width < 760;
        return await (browser ?? throw new InvalidOperationException("Chromium is not started")).NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = size,
            IsMobile = phone,
            HasTouch = phone,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
    }

    /// <summary>The browser stays for the next class; each test disposes the contexts it opened.</summary>
    public Task DisposeAsync() => Task.CompletedTask;
}
