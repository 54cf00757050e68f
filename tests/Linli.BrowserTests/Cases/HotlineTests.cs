using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Features.Cases;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Cases;

/// <summary>
/// Issue 13's walk: the hotline operator finds a caller by phone number, opens a help request and dispatches it; the
/// cadre sees it on the phone workbench, records the visit from the case and closes it; the 回访 marks it solved. With pictures.
/// </summary>
public sealed class HotlineTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task TheHotlineOpensAHelpRequestTheCadreClosesItOnThePhoneAndTheFollowUpMarksItSolved()
    {
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var app = await LinliApp.StartWithDemoAsync();
        string name, last4;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var grid = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
            var r = await db.Residents.Where(x => x.GridId == grid.Id && x.PhoneMasked != null && x.HouseholdId != null).OrderBy(x => x.Id).Skip(5).FirstAsync();
            (name, last4) = (r.Name, r.PhoneMasked![^4..]);
        }

        await using var desk = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop);
        var hotline = await desk.NewPageAsync();
        await hotline.LogInAsync(app.Account(Roles.HotlineOperator));
        await hotline.GetByRole(AriaRole.Link, new() { Name = "求助热线" }).First.ClickAsync();
        await hotline.GetByLabel("来电查询").FillAsync(last4);
        await hotline.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        var card = hotline.Locator("section.caller", new() { Has = hotline.GetByRole(AriaRole.Heading, new() { Name = name }) }).First;
        await Expect(card).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(hotline, folder, "hotline-lookup-desktop.png");
        await card.GetByRole(AriaRole.Link, new() { Name = "为此人登记" }).ClickAsync();
        await hotline.GetByLabel("事由").FillAsync("家中水管爆裂");
        await hotline.GetByLabel("具体情况").FillAsync("厨房水管爆裂，老人不会关总阀");
        await hotline.GetByLabel("派给").SelectOptionAsync(new SelectOptionValue { Label = "王秀兰（第三居民组包片干部）" });
        await ScreenshotTests.SaveAsync(hotline, folder, "hotline-form-desktop.png");
        await hotline.GetByRole(AriaRole.Button, new() { Name = "登记并派单" }).ClickAsync();
        var reference = await hotline.Locator("[data-reference]").InnerTextAsync();
        Assert.Matches(@"^XFL-\d{4}-\d{6}$", reference.Trim());
        await Expect(hotline.GetByText("王秀兰")).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(hotline, folder, "hotline-opened-desktop.png");

        await using var phone = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone);
        var cadre = await phone.NewPageAsync();
        await cadre.LogInAsync(app.Account(Roles.GridCadre));
        await cadre.Locator("nav.bottombar").GetByRole(AriaRole.Link, new() { Name = "事件" }).ClickAsync();
        await Expect(cadre.GetByRole(AriaRole.Link, new() { Name = reference.Trim() }).First).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(cadre, folder, "cases-mine-phone.png");
        await cadre.GetByRole(AriaRole.Link, new() { Name = reference.Trim() }).First.ClickAsync();
        await cadre.GetByRole(AriaRole.Button, new() { Name = "受理" }).ClickAsync();
        await Expect(cadre.Locator(".flash")).ToContainTextAsync("受理");
        await ScreenshotTests.SaveAsync(cadre, folder, "case-clock-phone.png");
        // The cadre goes to the door and records the visit from the case (the visits module keeps it).
        await cadre.Locator("details.action summary", new() { HasText = "记录走访" }).ClickAsync();
        await cadre.Locator("details.action", new() { HasText = "记录走访" }).GetByLabel("上门走访情况").FillAsync("上门查看，水管已爆裂，帮老人关闭总阀");
        await cadre.GetByRole(AriaRole.Button, new() { Name = "记录走访" }).ClickAsync();
        await Expect(cadre.Locator(".flash")).ToContainTextAsync("记录走访");
        await Expect(cadre.Locator("ol.history")).ToContainTextAsync("帮老人关闭总阀");
        await ScreenshotTests.SaveAsync(cadre, folder, "case-visit-phone.png");
        await cadre.Locator("details.action", new() { HasText = "答复办结" }).GetByLabel("答复/办理结果").FillAsync("已上门关闭总阀并联系物业更换水管");
        await cadre.GetByRole(AriaRole.Button, new() { Name = "答复办结" }).ClickAsync();
        await Expect(cadre.GetByText("已答复").First).ToBeVisibleAsync();

        await hotline.GotoAsync(cadre.Url.Replace(app.BaseAddress.ToString().TrimEnd('/'), ""));
        await hotline.GetByLabel("已解决").CheckAsync();
        await hotline.Locator("details.action", new() { HasText = "回访" }).GetByLabel("回访情况").FillAsync("老人表示已修好");
        await hotline.GetByRole(AriaRole.Button, new() { Name = "回访" }).ClickAsync();
        await Expect(hotline.Locator(".status.ok", new() { HasText = "已解决" })).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(hotline, folder, "case-followed-up-desktop.png");
        await using var check = app.Database.Target.CreateContext();
        var done = await check.Set<Case>().SingleAsync(c => c.Reference == reference.Trim());
        Assert.Equal(CaseState.FollowedUp, done.State);
        Assert.True(done.FollowUpSolved);
        Assert.True(await check.Set<CaseEvent>().AnyAsync(e => e.CaseId == done.Id && e.Action == CaseActions.Visit));
        Assert.True(await check.Set<Linli.Features.Visits.VisitEvent>().AnyAsync(e => e.Text == $"case #{done.Id}"));
    }

    [Fact]
    public async Task PicturesOfTheHotlineACaseWithItsClockTheSupervisionViewTheTypeSettingsAndTheMediationAgreement()
    {
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var app = await LinliApp.StartWithDemoAsync();
        long caseId, agreementId;
        await using (var db = app.Database.Target.CreateContext())
        {
            caseId = await db.Set<Case>().Where(c => c.Kind == CaseType.Mediation && c.ClockStage != null).OrderBy(c => c.DueAt).Select(c => c.Id).FirstAsync();
            agreementId = await db.Set<Case>().Where(c => c.Kind == CaseType.Mediation && c.AgreementReached == true).Select(c => c.Id).FirstAsync();
        }
        foreach (var (name, size) in new[] { ("desktop", Chromium.Desktop), ("phone", Chromium.Phone) })
        {
            await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.HotlineOperator));
            await page.GotoAsync("/Hotline?q=" + Uri.EscapeDataString("3号楼1单元101"));
            await Expect(page.Locator("section.caller").First).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, $"hotline-{name}.png");

            await using var leadContext = await chromium.NewContextAsync(app.BaseAddress, size);
            var lead = await leadContext.NewPageAsync();
            await lead.LogInAsync(app.Account(Roles.CommunityLead));
            await lead.GotoAsync($"/Cases/{caseId}");
            await Expect(lead.Locator(".case-clock")).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(lead, folder, $"case-{name}.png");
            await lead.GotoAsync("/Cases?view=community");
            await Expect(lead.Locator("table.case-list")).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(lead, folder, $"cases-community-{name}.png");
            await lead.GotoAsync($"/Cases/{agreementId}/Print?form=agreement");
            await Expect(lead.GetByRole(AriaRole.Heading, new() { Name = "人民调解协议书" })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(lead, folder, $"print-agreement-{name}.png");

            await using var streetContext = await chromium.NewContextAsync(app.BaseAddress, size);
            var street = await streetContext.NewPageAsync();
            await street.LogInAsync(app.Account(Roles.StreetOfficer));
            await street.GotoAsync("/Cases/Supervise");
            await Expect(street.GetByRole(AriaRole.Heading, new() { Name = "事件督办", Level = 1 })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(street, folder, $"supervise-{name}.png");
            // 事件类型设置: each type's limits and its yellow lines for the community and, once escalated, the street.
            await street.GotoAsync("/Cases/Types");
            await Expect(street.GetByLabel("上报街道后办理预警线（剩余%）").First).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(street, folder, $"case-types-{name}.png");
        }
    }
}
