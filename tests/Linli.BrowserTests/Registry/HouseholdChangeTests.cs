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
}
