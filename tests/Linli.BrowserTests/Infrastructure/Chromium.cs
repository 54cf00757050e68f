namespace Linli.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium, launched once for a test class (Playwright's own browser download does not work
/// on these machines). Each test opens its own context, so cookies never leak from one test to the next.
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

    IPlaywright? playwright;
    IBrowser? browser;

    public async Task InitializeAsync()
    {
        // A cold server compiles its first query while the browser waits; 5 s is too tight on two cores.
        SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LINLI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = Args,
        });
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

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
    }
}
