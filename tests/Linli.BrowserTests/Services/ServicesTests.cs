using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Services;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Services;

/// <summary>
/// Issue 14's home services walk: the hotline finds an 80-year-old who lives alone by her phone number, orders 助餐 from
/// the caller's card, sees 低偿 with its rule before saving, and the saved order shows both. With pictures of the
/// module's pages on the desktop and the phone.
/// </summary>
public sealed class ServicesTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task TheHotlineOrdersAMealForAnEightyYearOldLivingAloneAndTheOrderShowsTheReducedPriceWithItsRule()
    {
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var app = await LinliApp.StartWithDemoAsync();
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("周桂兰").Aged(80).WithPhone("13955501234"));

        await using var desk = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop);
        var hotline = await desk.NewPageAsync();
        await hotline.LogInAsync(app.Account(Roles.HotlineOperator));
        await hotline.GetByRole(AriaRole.Link, new() { Name = "求助热线" }).First.ClickAsync();
        await hotline.GetByLabel("来电查询").FillAsync("13955501234");
        await hotline.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        var card = hotline.Locator("section.caller", new() { Has = hotline.GetByRole(AriaRole.Heading, new() { Name = "周桂兰" }) }).First;
        await card.GetByRole(AriaRole.Link, new() { Name = "下服务单" }).ClickAsync();

        // Before anything is saved: the tier and the rule that chose it.
        var tier = hotline.Locator(".tier-card");
        await Expect(tier.Locator("[data-tier]")).ToHaveTextAsync("低偿");
        await Expect(tier.Locator("[data-rule]")).ToHaveTextAsync("80岁以上独居老人");
        await hotline.GetByLabel("服务项目").SelectOptionAsync(new SelectOptionValue { Label = "居家养老 · 助餐 — 6.00 元/餐" });
        await Expect(hotline.GetByLabel("来源")).ToHaveValueAsync("热线");
        await ScreenshotTests.SaveAsync(hotline, folder, "services-new-desktop.png");
        await hotline.GetByRole(AriaRole.Button, new() { Name = "保存服务单" }).ClickAsync();

        await Expect(hotline.Locator(".flash")).ToContainTextAsync("已下单");
        var head = hotline.Locator(".order-head");
        await Expect(head.Locator("[data-tier]")).ToHaveTextAsync("低偿");
        await Expect(head.Locator("[data-rule]")).ToHaveTextAsync("80岁以上独居老人");
        await ScreenshotTests.SaveAsync(hotline, folder, "services-order-desktop.png");
        await using var db = app.Database.Target.CreateContext();
        var order = await db.Set<ServiceOrder>().SingleAsync(o => o.ResidentId == elder.Id);
        Assert.Equal((PriceTier.Reduced, "80岁以上独居老人", "助餐", "热线", 600L), (order.Tier, order.RuleName, order.ServiceName, order.Channel, order.ResidentUnitPrice));
    }

    [Fact]
    public async Task PicturesOfTheOrderListTheNumbersTheSettlementTheCatalogueAndTheProviders()
    {
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var app = await LinliApp.StartWithDemoAsync();
        long orderId;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.Where(o => o.Name == "幸福里社区").Select(o => o.Id).SingleAsync();
            orderId = await db.Set<ServiceOrder>().Where(o => o.CommunityId == community).OrderBy(o => o.State == OrderState.Dispatched ? 0 : 1).ThenByDescending(o => o.Id).Select(o => o.Id).FirstAsync();
        }
        foreach (var (name, size) in new[] { ("desktop", Chromium.Desktop), ("phone", Chromium.Phone) })
        {
            await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.SocialWorker));
            await page.GotoAsync("/Services");
            await Expect(page.Locator("table.service-orders")).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"services-list-{name}.png");
            // A count above the list opens its list.
            await page.Locator("[data-count=Registered] a").ClickAsync();
            await Expect(page.GetByLabel("状态", new() { Exact = true })).ToHaveValueAsync("Registered");
            await page.GotoAsync($"/Services/Orders/{orderId}");
            await Expect(page.Locator(".order-head")).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"services-order-dispatched-{name}.png");
            await page.GotoAsync("/Services/Numbers");
            await Expect(page.Locator(".chart svg").First).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"services-numbers-{name}.png");
            await page.GotoAsync("/Services/Settlement?month=" + DateTime.Now.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.Locator("table.settlement-table")).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"services-settlement-{name}.png");
            await page.GotoAsync("/Services/Settings");
            await Expect(page.Locator("table.catalogue")).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"services-settings-{name}.png");
            await page.GotoAsync("/Services/Providers");
            await Expect(page.Locator("table.providers")).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"services-providers-{name}.png");
        }
    }
}
