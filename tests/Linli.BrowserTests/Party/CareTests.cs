using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;

namespace Linli.BrowserTests.Party;

/// <summary>The community lead records a member's overdue dues and a holiday visit to a member in hardship, as on paper;
/// screenshots of the dues register and the hardship list, desktop and phone.</summary>
public sealed class CareTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task ALeadRecordsOverdueDuesAndAHolidayVisit()
    {
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var app = await LinliApp.StartWithDemoAsync();
        await using (var context = await chromium.NewContextAsync(app.BaseAddress))
        {
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.CommunityLead));
            await page.GotoAsync("/Party");
            await page.GetByRole(AriaRole.Link, new() { Name = "党费", Exact = true }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("党费收缴");
            await page.GetByLabel("显示").SelectOptionAsync("arrears");
            await page.GetByRole(AriaRole.Button, new() { Name = "筛选", Exact = true }).ClickAsync();
            var flagged = page.Locator("tr[data-member].flagged");
            var before = await flagged.CountAsync();
            Assert.True(before >= 3, $"{before} members flagged");
            await ScreenshotTests.SaveAsync(page, folder, "party-dues-desktop.png");

            // 登记缴费 for the first flagged member: the form comes prefilled with the member and the first month owed; less than is due is refused.
            var row = flagged.First;
            var member = await row.GetAttributeAsync("data-member");
            await row.GetByRole(AriaRole.Link, new() { Name = "登记缴费" }).ClickAsync();
            await page.Locator("#pay-member").SelectOptionAsync(member!);
            await page.GetByLabel("月数").FillAsync("1");
            await page.GetByLabel("实缴金额（元）").FillAsync("0");
            await page.GetByRole(AriaRole.Button, new() { Name = "登记缴费" }).ClickAsync();
            await Expect(page.Locator(".field-error").Filter(new() { HasTextString = "少于应缴" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await page.GetByLabel("实缴金额（元）").FillAsync("");
            await page.GetByRole(AriaRole.Button, new() { Name = "登记缴费" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存", new() { Timeout = 20_000 });
            await Expect(page.Locator("#payments")).ToContainTextAsync("共 1 笔");

            // A holiday visit to the member in hardship who lives here: recorded, and among the resident's visits.
            await page.GetByRole(AriaRole.Link, new() { Name = "困难党员", Exact = true }).First.ClickAsync();
            var resident = page.Locator("tr[data-hardship]").Filter(new() { HasNotText = "不在本社区" }).First;
            var id = await resident.GetAttributeAsync("data-hardship");
            await Expect(resident).ToContainTextAsync("未走访");
            await page.Locator($"tr.row-forms:has(#v-p-{id}) summary").ClickAsync();
            await page.Locator($"#v-p-{id}").FillAsync("社区书记、结对党员");
            await page.Locator($"#v-m-{id}").FillAsync("500");
            await page.Locator($"#v-g-{id}").FillAsync("米、面、油");
            await page.Locator($"tr.row-forms:has(#v-p-{id})").GetByRole(AriaRole.Button, new() { Name = "登记走访慰问" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");
            var visited = page.Locator($"tr[data-hardship='{id}']");
            await Expect(visited).ToContainTextAsync("已走访");
            await Expect(visited.GetByRole(AriaRole.Link, new() { Name = "走访记录" })).ToBeVisibleAsync();
            await Expect(page.Locator($"#round tr[data-round-member]").Filter(new() { HasTextString = "已走访" }).First).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "party-hardship-desktop.png");

            // 党费收支: a spending names its use (refused without), then stands in the book with the balance after it.
            await page.GetByRole(AriaRole.Link, new() { Name = "党费", Exact = true }).First.ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "党费收支", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("党费收支");
            await page.GetByLabel("收支类别").SelectOptionAsync("Spending");
            await page.GetByLabel("金额（元）").FillAsync("120");
            await page.GetByLabel("摘要").FillAsync("购买党章学习资料");
            await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
            await Expect(page.Locator(".field-error").Filter(new() { HasTextString = "用途" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await page.GetByLabel("支出用途").SelectOptionAsync("订阅党报党刊和学习资料");
            await page.GetByLabel("批准（支出）").FillAsync("支委会研究决定");
            await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存", new() { Timeout = 20_000 });
            await Expect(page.Locator("#book")).ToContainTextAsync("购买党章学习资料");
            await ScreenshotTests.SaveAsync(page, folder, "party-dues-book-desktop.png");
        }
        await using (var phone = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone))
        {
            var page = await phone.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.PartyWorker));
            await page.GotoAsync("/Party/Dues?show=arrears");
            await Expect(page.Locator("tr[data-member]").First).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "party-dues-phone.png");
            await page.GotoAsync("/Party/Hardship");
            await Expect(page.Locator("tr[data-hardship]").First).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "party-hardship-phone.png");
            await page.GotoAsync("/Party/DuesBook");
            await Expect(page.Locator("#book tr[data-row]").First).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "party-dues-book-phone.png");
        }
    }
}
