using System.Text.RegularExpressions;
using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Activities;

/// <summary>An activity's day on phones: signed up by staff, checked in by code at the door, closed by the organiser, hours credited, a certificate issued and printed.</summary>
public sealed partial class ActivityDayTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task OnPhonesAVolunteerIsSignedUpChecksInByCodeAndGetsHoursAndACertificate()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        // A resident of the cadre's grid who is not a volunteer yet, with a name nobody else in the community has.
        string name;
        await using (var db = app.Database.Target.CreateContext())
        {
            var volunteers = db.Set<Linli.Features.Activities.Volunteer>().Where(v => v.ResidentId != null).Select(v => v.ResidentId!.Value);
            var grids = db.OrgUnits.Where(o => o.Parent != null && o.Parent.Name == "幸福里社区").Select(o => o.Id);
            var names = await db.Residents.Where(r => grids.Contains(r.GridId) && r.Status == Linli.Features.Registry.ResidentStatus.Active && r.HouseholdId != null && !volunteers.Contains(r.Id))
                .GroupBy(r => r.Name).Where(g => g.Count() == 1).Select(g => g.Key).OrderBy(n => n).Take(50).ToListAsync();
            name = names.First(n => n.Length == 3);
        }
        await using var staff = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone);
        var page = await staff.NewPageAsync();
        await page.LogInAsync(app.Account(Roles.CommunityLead));

        // The lead registers her as a volunteer, with her consent (through the API, with the lead's session).
        long residentId;
        await using (var db = app.Database.Target.CreateContext())
            residentId = await db.Residents.Where(r => r.Name == name).Select(r => r.Id).FirstAsync();
        var registered = await page.Context.APIRequest.PostAsync("/api/v1/volunteers", new() { DataObject = new { residentId, consentToShare = true, skills = "清洁" } });
        Assert.Equal(201, registered.Status);
        var volunteerId = (await registered.JsonAsync())!.Value.GetProperty("id").GetInt64();
        await page.GotoAsync($"/Volunteers/{volunteerId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        var volunteerUrl = page.Url;

        // A volunteer activity today, and she is signed up through the search box.
        await page.GotoAsync("/Activities/New");
        await page.GetByLabel("活动名称").FillAsync("楼道清洁志愿服务");
        await page.GetByLabel("活动类型").SelectOptionAsync("志愿服务");
        await page.GetByLabel("参加对象").SelectOptionAsync("志愿者");
        await page.Locator("#Input_Date").FillAsync(DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("开始时间").FillAsync("08:00");
        await page.GetByLabel("结束时间").FillAsync("10:30");
        await page.GetByLabel("活动地点").FillAsync("3号楼");
        await page.GetByLabel("名额", new() { Exact = true }).FillAsync("10");
        await page.GetByLabel("负责人").FillAsync("李建华");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("楼道清洁志愿服务");
        var activityUrl = page.Url;
        await page.GetByLabel("找居民", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("找居民", new() { Exact = true }).PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = $"报名 {name}", Exact = true }).ClickAsync();
        var flash = await page.Locator("p.flash").InnerTextAsync();
        var code = CheckInCode().Match(flash).Groups[1].Value;
        Assert.Matches("^[0-9]{4}$", code);
        var door = (await page.Locator(".door-code").InnerTextAsync()).Trim();
        await ScreenshotTests.SaveAsync(page, folder, "activity-phone.png");

        // At the door, on her own phone, nobody logged in: the QR opens the page with the door code filled in.
        await using var hers = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone);
        var phone = await hers.NewPageAsync();
        await phone.GotoAsync($"/CheckIn?door={door}");
        await phone.GetByLabel("个人签到码", new() { Exact = true }).FillAsync(code);
        await phone.GetByRole(AriaRole.Button, new() { Name = "签到" }).ClickAsync();
        await Expect(phone.Locator("p.flash")).ToContainTextAsync("签到成功");
        await ScreenshotTests.SaveAsync(phone, folder, "checkin-phone.png");

        // The organiser sees her ticked, closes the activity with its report; her hours are credited.
        await page.GotoAsync(activityUrl);
        await Expect(page.Locator("ul.attendance li.came")).ToContainTextAsync(name);
        await page.GetByLabel("活动小结", new() { Exact = true }).FillAsync("清理楼道杂物，张贴消防提示。");
        await page.GetByRole(AriaRole.Button, new() { Name = "结束活动并计入志愿时长" }).ClickAsync();
        await Expect(page.Locator("p.flash")).ToContainTextAsync("活动已结束");
        await page.GotoAsync(volunteerUrl);
        await Expect(page.Locator("[data-stat=hours]")).ToContainTextAsync("2.5");
        await Expect(page.Locator("[data-stat=balance]")).ToContainTextAsync("2.5");

        // The certificate: posted on the board a week ago, issued today, printed to PDF.
        var posted = await page.Context.APIRequest.PostAsync($"/api/v1/volunteers/{volunteerId}/certificates",
            new() { DataObject = new { postedOn = DateTime.Now.AddDays(-7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) } });
        Assert.Equal(200, posted.Status);
        var certificateId = (await posted.JsonAsync())!.Value.GetProperty("id").GetInt64();
        Assert.Equal(200, (await page.Context.APIRequest.PostAsync($"/api/v1/volunteers/certificates/{certificateId}/issue")).Status);
        await page.ReloadAsync();
        await Expect(page.Locator("ul.attendance")).ToContainTextAsync("已出具");
        await ScreenshotTests.SaveAsync(page, folder, "volunteer-record-phone.png");
        await page.GotoAsync($"/Volunteers/Certificate/{certificateId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "志愿服务证明", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".certificate")).ToContainTextAsync(name);
        await Expect(page.Locator(".certificate")).ToContainTextAsync("楼道清洁志愿服务");
        await Expect(page.Locator(".certificate")).ToContainTextAsync("2.5");
        var pdf = Path.Combine(folder, "certificate.pdf");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var bytes = await page.PdfAsync(new() { Path = pdf, Format = "A4", PrintBackground = true });
        Assert.True(bytes.Length > 10_000);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
    }

    [Fact]
    public async Task ScreenshotsOnADesktop()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop);
        var page = await context.NewPageAsync();
        await page.LogInAsync(app.Account(Roles.CommunityLead));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "功能模块" }).GetByRole(AriaRole.Link, new() { Name = "活动与志愿" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("社区活动");
        await ScreenshotTests.SaveAsync(page, folder, "activities-desktop.png");
        await page.Locator("table.activity-list a").First.ClickAsync();
        await ScreenshotTests.SaveAsync(page, folder, "activity-desktop.png");
        await page.GotoAsync("/Activities/Numbers");
        await Expect(page.Locator(".chart svg").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "activity-numbers-desktop.png") });
        await page.GotoAsync("/Volunteers");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "volunteers-desktop.png") });
        long volunteer;
        await using (var db = app.Database.Target.CreateContext())
            volunteer = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                db.Set<Linli.Features.Activities.ServiceCertificate>().OrderBy(c => c.Id).Select(c => c.VolunteerId));
        await page.GotoAsync($"/Volunteers/{volunteer}");
        await ScreenshotTests.SaveAsync(page, folder, "volunteer-record-desktop.png");
        await page.Locator("ul.attendance a[href^='/Volunteers/Certificate/']").First.ClickAsync();
        await ScreenshotTests.SaveAsync(page, folder, "certificate-desktop.png");
    }

    [GeneratedRegex("个人签到码 ([0-9]{4})")]
    private static partial Regex CheckInCode();

    [GeneratedRegex("ZYFW")]
    private static partial Regex CertificateNumber();
}
