using Linli.Features.Access;
using Linli.Features.Demo;

namespace Linli.BrowserTests.Infrastructure;

/// <summary>What a person does often enough that every test should do it the same way.</summary>
static class Steps
{
    /// <summary>Opens the login page, types the account's user name and password, and waits for the home page.</summary>
    public static async Task LogInAsync(this IPage page, DemoCommunity.Account account)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(account.UserName);
        await page.GetByLabel("密码").FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        if (Roles.Administrators.Contains(account.Role))
        {
            // Administrators enrol a second factor first: read the key as a person would type it into a phone.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "两步验证" })).ToBeVisibleAsync();
            var key = await page.Locator("[data-key]").GetAttributeAsync("data-key");
            await page.GetByLabel("验证码").FillAsync(Linli.Tests.Infrastructure.Totp.Code(key!));
            await page.GetByRole(AriaRole.Button, new() { Name = "启用" }).ClickAsync();
        }
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(account.DisplayName);
    }
}
