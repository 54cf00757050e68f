using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;

namespace Linli.BrowserTests.Admin;

public sealed class CalendarTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task TheSystemAdministratorSeesTheWorkingDayCalendarsYears()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Directory.CreateDirectory(Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots")).FullName;
        // One sign-in (an administrator enrols a second factor the first time), then the page at both sizes.
        await using var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop);
        var page = await context.NewPageAsync();
        await page.LogInAsync(app.Account(Roles.SystemAdmin));
        await page.GetByRole(AriaRole.Link, new() { Name = "系统设置" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作日历", Level = 1 })).ToBeVisibleAsync();
        var year2026 = page.Locator("tr[data-year=\"2026\"]");
        await Expect(year2026).ToContainTextAsync("已公布");
        await Expect(year2026.GetByRole(AriaRole.Link, new() { Name = "国务院办公厅通知" })).ToHaveAttributeAsync("href", "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm");
        await ScreenshotTests.SaveAsync(page, folder, "calendar-desktop.png");
        await page.SetViewportSizeAsync(Chromium.Phone.Width, Chromium.Phone.Height);
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作日历", Level = 1 })).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(page, folder, "calendar-phone.png");
    }
}
