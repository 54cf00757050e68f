using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Features.Benefits;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Benefits;

/// <summary>
/// Issue 14's walk: a social worker takes a 低保 application for a household, records the investigation visit, publishes
/// the notice (the public page shows only the allowed fields), and records the decision. With pictures on a desktop and a phone.
/// </summary>
public sealed class DibaoApplicationTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task ASocialWorkerTakesADibaoApplicationThroughItsNoticeToTheDecision()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        long household;
        string head;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var grid = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第二居民组");
            var taken = db.Set<BenefitApplication>().Select(a => a.HouseholdId);
            var h = await db.Households.Where(x => x.GridId == grid.Id && x.HeadId != null && !taken.Contains(x.Id)
                    && db.Residents.Count(r => r.HouseholdId == x.Id && r.Status == ResidentStatus.Active) >= 3)
                .OrderBy(x => x.Id).Select(x => new { x.Id, Name = db.Residents.Where(r => r.Id == x.HeadId).Select(r => r.Name).First() }).FirstAsync();
            (household, head) = (h.Id, h.Name);
        }
        await using var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop);
        var page = await context.NewPageAsync();
        await page.LogInAsync(app.Account(Roles.SocialWorker));

        // 受理: find the household by the head's name; its members come from the registry.
        await page.GotoAsync("/Benefits");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "救助申请", Level = 1 })).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(page, folder, "benefits-list-desktop.png");
        await page.GetByRole(AriaRole.Link, new() { Name = "受理申请" }).ClickAsync();
        await page.GetByLabel("户主或家庭成员姓名").FillAsync(head);
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await page.Locator($"a[href*='household={household}']").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = head, Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("申请理由（家庭困难情况）").FillAsync("户主患病失去劳动能力，家庭收入低于保障标准。");
        await page.GetByLabel("家庭月收入（元）").FillAsync("800");
        await page.GetByLabel("书面申请书").CheckAsync();
        await page.GetByLabel("户口簿").CheckAsync();
        await ScreenshotTests.SaveAsync(page, folder, "benefits-new-desktop.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("DB-");
        var applicationUrl = page.Url;

        // 入户调查, recorded as a visit.
        await page.GetByLabel("调查情况").FillAsync("家中三人，户主卧床，配偶打零工，无存款。");
        await page.GetByRole(AriaRole.Button, new() { Name = "记录入户调查" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已办理：入户调查");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "走访记录" })).ToBeVisibleAsync();

        // 民主评议, then the 公示.
        await page.GetByLabel("参加人数").FillAsync("11");
        await page.GetByLabel("同意人数").FillAsync("10");
        await page.GetByLabel("拟保障金额（元/月）").FillAsync("620");
        await page.GetByRole(AriaRole.Button, new() { Name = "记录民主评议" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已办理：民主评议");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布公示" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已办理：公示");
        await ScreenshotTests.SaveAsync(page, folder, "benefits-application-notice-desktop.png");

        // The public page, without login: the masked name, the household's size, the amount, the group — nothing else.
        var masked = BenefitWorkflow.MaskName(head);
        foreach (var (size, suffix) in new[] { (Chromium.Desktop, "desktop"), (Chromium.Phone, "phone") })
        {
            await using var visitorContext = await chromium.NewContextAsync(app.BaseAddress, size);
            var visitor = await visitorContext.NewPageAsync();
            await visitor.GotoAsync("/Notices/CGJD-XFL");
            await Expect(visitor.GetByRole(AriaRole.Cell, new() { Name = masked, Exact = true })).ToBeVisibleAsync();
            Assert.DoesNotContain(head, await visitor.Locator(".public-notice").InnerTextAsync(), StringComparison.Ordinal);
            await ScreenshotTests.SaveAsync(visitor, folder, $"benefits-public-notice-{suffix}.png");
            await visitor.GotoAsync("/Notices/CGJD-XFL/Print");
            await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "社会救助公示" })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(visitor, folder, $"benefits-board-notice-{suffix}.png");
            if (suffix == "desktop") await visitor.PdfAsync(new() { Path = Path.Combine(folder, "benefits-board-notice.pdf"), Format = "A4" });
        }

        // The week passes; the application goes to the street, and the decision is recorded.
        var id = long.Parse(applicationUrl[(applicationUrl.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await using (var db = app.Database.Target.CreateContext())
            await db.Set<BenefitNotice>().Where(n => n.ApplicationId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.FromDay, n => n.FromDay.AddDays(-8)).SetProperty(n => n.RemoveOn, n => n.RemoveOn.AddDays(-8)));
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "报街道审批" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已办理：报街道审批");
        await page.GetByLabel("批准", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("保障类别").SelectOptionAsync("B类");
        await page.GetByRole(AriaRole.Button, new() { Name = "记录审批结果" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已办理：审批");
        await Expect(page.Locator(".status.big")).ToHaveTextAsync("享受中");
        await Expect(page.GetByText("设置人员标签“低保户”")).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(page, folder, "benefits-application-granted-desktop.png");

        await using var phoneContext = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone);
        var phone = await phoneContext.NewPageAsync();
        await phone.LogInAsync(app.Account(Roles.SocialWorker));
        await phone.GotoAsync(applicationUrl);
        await Expect(phone.Locator(".status.big")).ToHaveTextAsync("享受中");
        await ScreenshotTests.SaveAsync(phone, folder, "benefits-application-phone.png");
        await phone.GotoAsync("/Benefits");
        await ScreenshotTests.SaveAsync(phone, folder, "benefits-list-phone.png");

        // 救助类别设置, as the community's lead sees it.
        foreach (var (size, suffix) in new[] { (Chromium.Desktop, "desktop"), (Chromium.Phone, "phone") })
        {
            await using var leadContext = await chromium.NewContextAsync(app.BaseAddress, size);
            var lead = await leadContext.NewPageAsync();
            await lead.LogInAsync(app.Account(Roles.CommunityLead));
            await lead.GotoAsync("/Benefits/Settings");
            await Expect(lead.GetByRole(AriaRole.Region, new() { Name = "低保" }).GetByLabel("公示天数")).ToHaveValueAsync("7");
            await ScreenshotTests.SaveAsync(lead, folder, $"benefits-settings-{suffix}.png");
        }
    }
}
