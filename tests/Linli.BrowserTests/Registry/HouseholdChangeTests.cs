using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Registry;

/// <summary>
/// A community lead registers the death of an elderly couple's head: the page asks for the new head in the same step,
/// offers the widow the 独居老人 label, says what will change before doing it, and the household page then shows her
/// as 户主 with the history. On a desktop and on a phone, with screenshots of each step.
/// </summary>
public sealed class HouseholdChangeTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task ALeadReheadsAHouseholdAfterTheHeadsDeath()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var couples = new List<(long Household, string Husband, string Wife)>();
        await using (var db = app.Database.Target.CreateContext())
        {
            var nest = await db.Tags.Where(t => t.Code == DemoTags.EmptyNestElderly.Code).Select(t => t.Id).SingleAsync();
            var households = await db.Households.Where(h => db.Residents.Count(r => r.HouseholdId == h.Id) == 2
                    && db.ResidentTags.Count(rt => rt.TagId == nest && db.Residents.Any(r => r.Id == rt.ResidentId && r.HouseholdId == h.Id)) == 2)
                .OrderBy(h => h.Id).Select(h => h.Id).Take(2).ToListAsync();
            foreach (var h in households)
            {
                var members = await db.Residents.Where(r => r.HouseholdId == h).ToListAsync();
                couples.Add((h, members.Single(m => m.RelationToHead == RelationToHead.Self).Name, members.Single(m => m.RelationToHead == RelationToHead.Spouse).Name));
            }
        }
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var ((name, size), (household, husband, wife)) in new[] { ("desktop", Chromium.Desktop), ("phone", Chromium.Phone) }.Zip(couples))
        {
            await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.CommunityLead));
            await page.GotoAsync($"/Registry/Household/{household}");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "变更户主" })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"household-actions-{name}.png");

            await page.GetByRole(AriaRole.Link, new() { Name = $"登记迁出或死亡：{husband}" }).ClickAsync();
            await page.GetByLabel("情况").SelectOptionAsync(new SelectOptionValue { Label = "死亡" });
            await page.GetByLabel("日期").FillAsync("2026-11-02");
            await page.GetByLabel("新户主").SelectOptionAsync(new SelectOptionValue { Label = $"{wife}（配偶）" });
            await Expect(page.GetByLabel($"将独自居住：标为独居老人", new() { Exact = false })).ToBeCheckedAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"household-leave-{name}.png");
            await page.GetByRole(AriaRole.Button, new() { Name = "下一步：核对" }).ClickAsync();

            var confirm = page.Locator(".notice.confirm");
            await Expect(confirm).ToContainTextAsync($"户主由{husband}变更为{wife}");
            await Expect(confirm).ToContainTextAsync("标为独居老人");
            await Expect(confirm).ToContainTextAsync($"{wife}婚姻状况记为丧偶");
            await ScreenshotTests.SaveAsync(page, folder, $"household-leave-confirm-{name}.png");
            await page.GetByRole(AriaRole.Button, new() { Name = "确认登记迁出或死亡" }).ClickAsync();

            await Expect(page.GetByText("已登记迁出或死亡")).ToBeVisibleAsync();
            var row = page.Locator("table tbody tr", new() { HasText = wife });
            await Expect(row).ToContainTextAsync("户主");
            await Expect(row).ToContainTextAsync("独居老人");
            await Expect(page.Locator("table tbody tr", new() { HasText = husband })).ToContainTextAsync("死亡");
            await Expect(page.Locator("ol.history")).ToContainTextAsync($"户主由{husband}变更为{wife}");
            await ScreenshotTests.SaveAsync(page, folder, $"household-after-death-{name}.png");
        }
    }

    [Fact]
    public async Task ScreenshotsOfTheChangeHeadFormAndTheDuplicatesPage()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        long household;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var grids = await db.OrgUnits.Where(o => o.ParentId == community.Id).OrderBy(o => o.SortOrder).Select(o => o.Id).ToListAsync();
            household = await db.Households.Where(h => h.GridId == grids[2] && db.Residents.Count(r => r.HouseholdId == h.Id) >= 4).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
            // Two records of one person (as two rosters left them) and two 楼 of one name (as an import left them).
            var twin = await db.Residents.Where(r => r.GridId == grids[2]).OrderBy(r => r.Id).Skip(5).FirstAsync();
            var other = await db.Residents.Where(r => r.GridId == grids[2] && r.HouseholdId != twin.HouseholdId).OrderBy(r => r.Id).Skip(40).FirstAsync();
            other.Name = twin.Name;
            other.BirthDate = twin.BirthDate;
            var keep = await db.Buildings.Where(b => b.GridId == grids[2]).OrderBy(b => b.Id).FirstAsync();
            var dup = await db.Buildings.Where(b => b.GridId == grids[0]).OrderBy(b => b.Id).FirstAsync();
            dup.Name = keep.Name;
            await db.SaveChangesAsync();
        }
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var (name, size) in new[] { ("desktop", Chromium.Desktop), ("phone", Chromium.Phone) })
        {
            await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.CommunityLead));
            await page.GotoAsync($"/Registry/Household/{household}/Change?op=head");
            await Expect(page.GetByText("其他成员与新户主的关系")).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"household-change-head-{name}.png");
            var newHead = (await page.GetByLabel("新户主").InputValueAsync());
            await page.GetByRole(AriaRole.Button, new() { Name = "下一步：核对" }).ClickAsync();
            await Expect(page.Locator(".notice.confirm")).ToContainTextAsync("户主由");
            await page.GetByRole(AriaRole.Button, new() { Name = "确认变更户主" }).ClickAsync();
            await Expect(page.GetByText("已变更户主")).ToBeVisibleAsync();
            await Expect(page.Locator($"table tbody tr:has(a[href='/Registry/Resident/{newHead}'])")).ToContainTextAsync("户主");
            await page.GotoAsync("/Registry/Duplicates");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "姓名和出生日期相同" }).First).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "同名的楼栋 1 组" })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"duplicates-{name}.png");
            await page.GetByRole(AriaRole.Button, new() { Name = "合并到勾选的楼栋" }).ClickAsync();
            await Expect(page.Locator(".notice.confirm")).ToContainTextAsync("并入");
            await ScreenshotTests.SaveAsync(page, folder, $"duplicates-confirm-{name}.png");
        }
    }
}
