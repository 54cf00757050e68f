using Linli.BrowserTests.Infrastructure;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;

namespace Linli.BrowserTests.Shared;

public sealed class PhoneLayoutTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task ThePhoneLayoutHasAMenuButtonAndABottomBar()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        await using var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone);
        var page = await context.NewPageAsync();
        await page.LogInAsync(app.Account(Roles.GridCadre));

        // On a phone the sidebar waits off-screen to the left.
        var sidebar = page.GetByRole(AriaRole.Navigation, new() { Name = "功能模块" });
        await Expect(sidebar).Not.ToBeInViewportAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "常用" })).ToBeInViewportAsync(new() { Ratio = 1 });

        var menu = page.GetByRole(AriaRole.Button, new() { Name = "菜单", Exact = true });
        await menu.ClickAsync();

        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(sidebar.GetByRole(AriaRole.Link, new() { Name = "首页" })).ToBeInViewportAsync(new() { Ratio = 1 });
    }
}
