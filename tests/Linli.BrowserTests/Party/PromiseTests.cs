using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Features.Party;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Party;

/// <summary>One member's promises from the making to a published evaluation: 承诺 → 审诺 → 亮诺 (to residents too) → 践诺 → 评诺,
/// then the year's 民主评议 grade, saved and published. Screenshots of the promises and the evaluation results.</summary>
public sealed class PromiseTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task AMembersPromiseGoesFromCreationToAPublishedEvaluation()
    {
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var app = await LinliApp.StartWithDemoAsync();
        string name;
        long branch;
        long? group;
        await using (var db = app.Database.Target.CreateContext())
        {
            var busy = await db.Set<Commitment>().Where(c => c.MemberId != null).Select(c => c.MemberId!.Value).ToListAsync();
            var m = await db.Set<PartyMember>().Where(x => x.RelationOutOn == null && !busy.Contains(x.Id)).OrderBy(x => x.Id).FirstAsync();
            var twin = await db.Set<PartyMember>().CountAsync(x => x.Name == m.Name);
            Assert.Equal(1, twin);
            (name, branch, group) = (m.Name, m.BranchId, m.GroupId);
        }
        var year = DateTime.Today.Year;
        await using var context = await chromium.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();
        await page.LogInAsync(app.Account(Roles.PartyWorker));
        await page.GotoAsync("/Party");
        await page.GetByRole(AriaRole.Link, new() { Name = "承诺践诺" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("设岗定责与承诺践诺");

        foreach (var (text, measure) in new[] { ("结对帮扶一户独居老人", "每月上门2次"), ("陪伴社区儿童读书", "每月2次") })
        {
            await page.GetByText("新增承诺").ClickAsync();
            await page.GetByLabel("承诺人").SelectOptionAsync(new SelectOptionValue { Label = name });
            await page.GetByLabel("承诺内容").FillAsync(text);
            await page.GetByLabel("衡量标准").FillAsync(measure);
            await page.GetByRole(AriaRole.Button, new() { Name = "承诺", Exact = true }).ClickAsync();
        }
        await page.GetByLabel("党员姓名").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选", Exact = true }).ClickAsync();
        var rows = page.Locator("tr[data-promise]");
        await Expect(rows).ToHaveCountAsync(2);
        var row = rows.Filter(new() { HasTextString = "结对帮扶一户独居老人" });

        // 审诺 (both, as the members' meeting did), 亮诺 to residents too, 践诺, 评诺.
        for (var i = 0; i < 2; i++) await rows.Nth(i).GetByRole(AriaRole.Button, new() { Name = "审诺通过" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "Checked");
        await row.GetByLabel("向居民公开").CheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "亮诺" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "Published");
        await row.GetByPlaceholder("践诺情况").FillAsync("10月上门3次，帮助办理高龄津贴");
        await row.GetByRole(AriaRole.Button, new() { Name = "记录践诺" }).ClickAsync();
        await Expect(row).ToContainTextAsync("帮助办理高龄津贴");
        await row.GetByPlaceholder("党员").FillAsync("90");
        await row.GetByPlaceholder("群众").FillAsync("86");
        await row.GetByPlaceholder("支部").FillAsync("95");
        await row.GetByRole(AriaRole.Button, new() { Name = "评诺" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "Evaluated");
        await Expect(row).ToContainTextAsync("90 / 86 / 95 → 90");
        await ScreenshotTests.SaveAsync(page, folder, "party-promises-desktop.png");

        // The public page shows it to anyone.
        var anonymous = await (await chromium.NewContextAsync(app.BaseAddress)).NewPageAsync();
        await anonymous.GotoAsync($"/Party/Public?branch={branch}&year={year}");
        await Expect(anonymous.GetByText("结对帮扶一户独居老人")).ToBeVisibleAsync();
        await Expect(anonymous.GetByText("陪伴社区儿童读书")).ToHaveCountAsync(0);

        // 民主评议: the grade, saved, then published; the results read back.
        await page.GetByRole(AriaRole.Link, new() { Name = "民主评议" }).First.ClickAsync();
        // The form goes 党小组 by 党小组: the member's group.
        await page.GetByLabel("党小组").SelectOptionAsync(group?.ToString() ?? "-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await Expect(page.Locator("[data-excellent-quota]")).ToContainTextAsync("已评优秀 0 / 上限");
        await page.GetByLabel($"{name} 等次").SelectOptionAsync(new SelectOptionValue { Label = "优秀" });
        await page.GetByRole(AriaRole.Button, new() { Name = "保存评议等次" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");
        await Expect(page.Locator("[data-grade=Excellent]")).ToHaveTextAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "向党员公布评议结果" }).ClickAsync();
        var mine = page.Locator("table.grades tr", new() { HasTextString = name });
        await Expect(mine).ToContainTextAsync("优秀");
        await Expect(mine).ToContainTextAsync("90");
        await Expect(page.Locator(".stats")).ToContainTextAsync(DateTime.Today.ToString("yyyy-MM-dd"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "保存评议等次" })).ToHaveCountAsync(0);
        await ScreenshotTests.SaveAsync(page, folder, "party-evaluation-desktop.png");

        await using var phoneContext = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone);
        var phone = await phoneContext.NewPageAsync();
        await phone.LogInAsync(app.Account(Roles.PartyWorker));
        await phone.GotoAsync($"/Party/Evaluations?branch={branch}&year={year}");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(phone, folder, "party-evaluation-phone.png");
        await phone.GotoAsync($"/Party/Commitments?branch={branch}&year={year}&q={Uri.EscapeDataString(name)}");
        await ScreenshotTests.SaveAsync(phone, folder, "party-promises-phone.png");
    }
}
