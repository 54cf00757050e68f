using System.Text.RegularExpressions;
using Linli.BrowserTests.Infrastructure;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Setup;

public sealed partial class SetupTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task TheFirstRunWalksThroughTheSetupPage()
    {
        await using var app = await LinliApp.StartAsync();
        await using var context = await chromium.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(SetupPage());
        await page.GetByLabel("街道名称").FillAsync("城关街道");
        await page.GetByLabel("社区名称").FillAsync("幸福里社区");
        await page.GetByLabel("管理员用户名").FillAsync("admin");
        await page.GetByLabel("管理员姓名").FillAsync("赵磊");
        await page.GetByLabel(PasswordLabel()).FillAsync("xingfu2026li");
        await page.GetByLabel(ConfirmLabel()).FillAsync("xingfu2026li");
        await page.GetByRole(AriaRole.Button, new() { Name = "完成设置" }).ClickAsync();

        // The first administrator, like every administrator, must enrol a second factor before anything else.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "两步验证" })).ToBeVisibleAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "两步验证" })).ToBeVisibleAsync();
        var key = await page.Locator("[data-key]").GetAttributeAsync("data-key");
        await page.GetByLabel("验证码").FillAsync(Linli.Tests.Infrastructure.Totp.Code(key!));
        await page.GetByRole(AriaRole.Button, new() { Name = "启用" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, "/").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("赵磊");

        var again = await page.GotoAsync("/Setup");
        Assert.Equal(404, again?.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("找不到");
        await Expect(page.GetByLabel("街道名称")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SetupShowsErrorsNextToTheFields()
    {
        await using var app = await LinliApp.StartAsync();
        await using var context = await chromium.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/Setup");
        await page.GetByLabel("街道名称").FillAsync("城关街道");
        await page.GetByLabel("社区名称").FillAsync("幸福里社区");
        await page.GetByLabel("管理员用户名").FillAsync("admin");
        await page.GetByLabel("管理员姓名").FillAsync("赵磊");
        await page.GetByLabel(PasswordLabel()).FillAsync("abc123");
        await page.GetByLabel(ConfirmLabel()).FillAsync("abc1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "完成设置" }).ClickAsync();

        await Expect(ErrorNextTo(page, PasswordLabel())).ToContainTextAsync("至少需要10个字符");
        await Expect(ErrorNextTo(page, ConfirmLabel())).ToContainTextAsync("两次输入的密码不一致");
        await Expect(page).ToHaveURLAsync(SetupPage());
        await Expect(page.GetByLabel("街道名称")).ToHaveValueAsync("城关街道");

        await using var db = app.Database.Target.CreateContext();
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.OrgUnits.CountAsync());
    }

    /// <summary>The error line inside the same field block as the labelled input.</summary>
    static ILocator ErrorNextTo(IPage page, Regex label) =>
        page.Locator(".field").Filter(new() { Has = page.GetByLabel(label) }).Locator(".field-error");

    // The labels end in a red "*"; "密码" alone would also match "再次输入密码".
    [GeneratedRegex("^密码")]
    private static partial Regex PasswordLabel();

    [GeneratedRegex("^再次输入密码")]
    private static partial Regex ConfirmLabel();

    [GeneratedRegex("/Setup$")]
    private static partial Regex SetupPage();
}
