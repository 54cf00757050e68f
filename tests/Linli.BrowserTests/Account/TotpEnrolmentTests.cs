using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;

namespace Linli.BrowserTests.Account;

public sealed class TotpEnrolmentTests(Chromium chromium) : IClassFixture<Chromium>
{
    /// <summary>An administrator's first login: the QR code is shown beside the key, and on a phone nothing is wider than the screen.</summary>
    [Fact]
    public async Task TheEnrolmentPageShowsTheQrCodeAndFitsAPhone()
    {
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var app = await LinliApp.StartWithDemoAsync();
        foreach (var (name, size) in new[] { ("desktop", Chromium.Desktop), ("phone", Chromium.Phone) })
        {
            await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
            var page = await context.NewPageAsync();
            var admin = app.Account(Roles.SystemAdmin);
            await page.GotoAsync("/Account/Login");
            await page.GetByLabel("用户名").FillAsync(admin.UserName);
            await page.GetByLabel("密码").FillAsync(admin.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "两步验证" })).ToBeVisibleAsync();
            var qr = page.GetByRole(AriaRole.Img, new() { Name = "用验证器扫描这个二维码" });
            await Expect(qr).ToBeVisibleAsync();
            var box = await qr.BoundingBoxAsync();
            Assert.True(box is { Width: >= 150, Height: >= 150 }, $"the QR code is {box?.Width}×{box?.Height}");
            await page.GetByText("也可以把这个地址交给验证器").ClickAsync();
            await Expect(page.Locator("a.otpauth")).ToBeVisibleAsync();
            var (scroll, inner) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
            Assert.True(scroll <= inner, $"{name}: the page is {scroll} px wide on a {inner} px screen");
            Assert.True(new FileInfo(await ScreenshotTests.SaveAsync(page, folder, $"totp-{name}.png")).Length > 10_000);
        }

        // The audit page those logins wrote to, in names and words, on a desktop and then on a phone.
        await using var auditorContext = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop);
        var audit = await auditorContext.NewPageAsync();
        await audit.LogInAsync(app.Account(Roles.Auditor));
        await audit.GotoAsync("/Audit");
        await Expect(audit.Locator("a[data-target^='user:']").First).ToContainTextAsync("（");
        Assert.True(new FileInfo(await ScreenshotTests.SaveAsync(audit, folder, "audit-desktop.png")).Length > 10_000);
        await audit.SetViewportSizeAsync(Chromium.Phone.Width, Chromium.Phone.Height);
        await audit.ReloadAsync();
        await Expect(audit.GetByRole(AriaRole.Navigation, new() { Name = "功能模块" })).Not.ToBeInViewportAsync();
        Assert.True(new FileInfo(await ScreenshotTests.SaveAsync(audit, folder, "audit-phone.png")).Length > 10_000);
    }
}
