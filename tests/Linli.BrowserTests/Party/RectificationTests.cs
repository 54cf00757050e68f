using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Features.Party;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Linli.BrowserTests.Party;

/// <summary>
/// The party worker records a problem of the leadership team (查摆), reports it done, is not offered 销号, and the community's
/// lead, its reviewer, signs it off; the 整改台账 then prints A4 landscape with the overdue items red. Screenshots of the
/// branch page, a member, the rectification ledger, desktop and phone.
/// </summary>
public sealed class RectificationTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task AProblemGoesFromItsRecordToItsSignOffAndTheLedgerPrints()
    {
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var app = await LinliApp.StartWithDemoAsync();
        long inspection, member;
        await using (var db = app.Database.Target.CreateContext())
        {
            inspection = await db.Set<SelfInspection>().Select(s => s.Id).SingleAsync();
            member = await db.Set<PartyMember>().Where(m => m.IsCommittee).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
        }
        var deadline = DateTime.Today.AddDays(30).ToString("yyyy-MM-dd");

        await using var workerContext = await chromium.NewContextAsync(app.BaseAddress);
        var page = await workerContext.NewPageAsync();
        await page.LogInAsync(app.Account(Roles.PartyWorker));
        await page.GetByRole(AriaRole.Link, new() { Name = "党建" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("幸福里社区党支部");
        await Expect(page.Locator("table.rhythm tbody tr")).ToHaveCountAsync(MeetingRhythm.Rules.Count);
        await ScreenshotTests.SaveAsync(page, folder, "party-branch-desktop.png");

        // 查摆: the team's problem, against the rule it falls short of, with its owner and a different reviewer.
        await page.GetByRole(AriaRole.Link, new() { Name = "查摆整改" }).ClickAsync();
        await page.Locator("table a", new() { HasTextString = "班子对照检查" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("对照检查");
        await page.GetByText("查摆一个问题").ClickAsync();
        await page.GetByLabel("对照条目").SelectOptionAsync(new SelectOptionValue { Label = "严格党的组织生活制度" });
        await page.GetByLabel("来源").SelectOptionAsync(new SelectOptionValue { Label = "自己查摆" });
        await page.GetByLabel("问题表现").FillAsync("2026年7月主题党日因社区换届推迟，之后没有补开。");
        await page.GetByLabel("整改目标").FillAsync("主题党日每月按时开展");
        await page.GetByLabel("整改措施").FillAsync("年初排定全年主题党日日期并公布；因故推迟的当月补开");
        await page.GetByLabel("责任人").SelectOptionAsync(new SelectOptionValue { Label = "吴芳" });
        await page.GetByLabel("复核人").SelectOptionAsync(new SelectOptionValue { Label = "李建华" });
        await page.GetByLabel("整改时限").FillAsync(deadline);
        await page.GetByRole(AriaRole.Button, new() { Name = "加入整改清单" }).ClickAsync();
        var row = page.Locator("#row-13");
        await Expect(row).ToContainTextAsync("主题党日因社区换届推迟");
        await Expect(row).ToContainTextAsync("未启动");

        // The owner reports it done; 销号 is not theirs to press.
        await row.GetByRole(AriaRole.Link, new() { Name = "13", Exact = true }).ClickAsync();
        await page.GetByLabel("整改结果").FillAsync("8月补开主题党日，9月起每月15日固定开展");
        await page.GetByLabel("佐证材料", new() { Exact = true }).FillAsync("会议记录、签到表");
        await page.GetByRole(AriaRole.Button, new() { Name = "整改完成" }).ClickAsync();
        await Expect(page.Locator("h1 [data-progress]")).ToHaveTextAsync("已完成");
        await Expect(page.GetByText("待复核人 李建华 复核销号")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "销号" })).ToHaveCountAsync(0);
        var rectification = page.Url;

        // The reviewer signs it off.
        await using var leadContext = await chromium.NewContextAsync(app.BaseAddress);
        var lead = await leadContext.NewPageAsync();
        await lead.LogInAsync(app.Account(Roles.CommunityLead));
        await lead.GotoAsync(rectification);
        await lead.GetByLabel("复核意见").FillAsync("查阅会议记录和签到表，属实");
        await lead.GetByRole(AriaRole.Button, new() { Name = "销号" }).ClickAsync();
        await Expect(lead.Locator("h1 [data-progress]")).ToHaveTextAsync("已销号");
        await Expect(lead.Locator(".facts")).ToContainTextAsync(DateTime.Today.ToString("yyyy-MM-dd") + " 李建华");

        // The 整改台账, printed: A4 landscape, title, the signed-off row, overdue rows red, page numbers.
        await lead.GotoAsync($"/Party/Ledger/{inspection}");
        await Expect(lead.Locator("table.ledger tbody tr")).ToHaveCountAsync(13);
        await Expect(lead.Locator("table.ledger tbody tr[data-overdue=true]")).ToHaveCountAsync(3);
        var red = await lead.Locator("table.ledger tbody tr[data-overdue=true] td").First.EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.Equal("rgb(207, 34, 46)", red);
        await ScreenshotTests.SaveAsync(lead, folder, "party-ledger-desktop.png");
        var pdfPath = Path.Combine(folder, "party-ledger.pdf");
        await lead.PdfAsync(new() { Path = pdfPath, PreferCSSPageSize = true, PrintBackground = true });
        using (var pdf = PdfDocument.Open(pdfPath))
        {
            var first = pdf.GetPage(1);
            Assert.True(first.Width > first.Height, $"the ledger prints landscape: {first.Width} × {first.Height}");
            Assert.InRange(first.Width, 835, 848);
            var text = string.Concat(pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains("幸福里社区党支部", text);
            Assert.Contains("整改台账", text);
            Assert.Contains("李建华", text);   // the reviewer of the item just signed off (cells wrap, so longer texts break across lines)
            Assert.Contains("逾期", text);
            Assert.Contains("第1页", text);
            Assert.DoesNotContain("查摆整改", text);   // the page's tabs and menus stay off the paper
        }

        // Pictures of the member page, and the phone's view of the branch and the ledger.
        await page.GotoAsync($"/Party/Member/{member}");
        await Expect(page.GetByText("参加组织生活")).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(page, folder, "party-member-desktop.png");
        await using var phoneContext = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone);
        var phone = await phoneContext.NewPageAsync();
        await phone.LogInAsync(app.Account(Roles.PartyWorker));
        foreach (var (path, name) in new[] { ("/Party", "party-branch-phone.png"), ($"/Party/Member/{member}", "party-member-phone.png"), ($"/Party/Ledger/{inspection}", "party-ledger-phone.png"), ($"/Party/Inspection/{inspection}?view=duties", "party-duties-phone.png") })
        {
            await phone.GotoAsync(path);
            await Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(phone, folder, name);
        }
    }
}
