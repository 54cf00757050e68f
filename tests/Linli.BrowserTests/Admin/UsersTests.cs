using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;

namespace Linli.BrowserTests.Admin;

public sealed class UsersTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task TheSecurityAdministratorGrantsACadreASecondGrid()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var cadre = app.Account(Roles.GridCadre);
        var folder = Directory.CreateDirectory(Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots")).FullName;

        await using (var context = await chromium.NewContextAsync(app.BaseAddress))
        {
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.SecurityAdmin));
            await page.GetByRole(AriaRole.Link, new() { Name = "用户与权限" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "用户与权限", Level = 1 })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "admin-users-desktop.png");

            await page.GetByRole(AriaRole.Link, new() { Name = cadre.UserName, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(cadre.DisplayName);
            await page.GetByLabel("角色").SelectOptionAsync(new SelectOptionValue { Label = "包片干部" });
            await page.GetByLabel("管辖范围").SelectOptionAsync(new SelectOptionValue { Label = "幸福里社区 / 第四居民组" });
            await page.GetByRole(AriaRole.Button, new() { Name = "授予", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已授予角色");
            await Expect(page.Locator("table.roles tbody tr").Filter(new() { HasText = "第四居民组" })).ToHaveCountAsync(1);
            await ScreenshotTests.SaveAsync(page, folder, "admin-user-roles-desktop.png");
        }

        foreach (var (name, size) in new[] { ("desktop", Chromium.Desktop), ("phone", Chromium.Phone) })
        {
            await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
            var page = await context.NewPageAsync();
            await page.LogInAsync(cadre);
            await page.GotoAsync("/Account/Manage");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的账号", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator(".role-chip").Filter(new() { HasText = "第四居民组" })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"my-account-{name}.png");
        }

        await using (var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone))
        {
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.SystemAdmin));
            await page.GotoAsync("/Admin/Users");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "新增账号" })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "admin-users-phone.png");
        }
    }
}
