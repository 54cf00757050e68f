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
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(account.DisplayName);
    }
}
