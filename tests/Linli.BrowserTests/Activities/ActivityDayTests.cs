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

        // The lead registers her as a volunteer, with her consent, through the search box of the volunteers' page.
        await page.GotoAsync("/Volunteers");
        var find = page.GetByLabel("找居民登记为志愿者", new() { Exact = true });
        await find.FillAsync(name);
        await find.PressAsync("Enter");
        var found = page.Locator("ul.found li").Filter(new() { HasText = name });
        await Expect(found).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "volunteers-phone.png"), FullPage = true });
        await found.GetByLabel("本人同意公开其志愿者信息").CheckAsync();
        await found.GetByRole(AriaRole.Button, new() { Name = $"登记为志愿者 {name}", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        await Expect(page.Locator(".facts-grid")).ToContainTextAsync("本人同意公开");
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

        // The certificate: its notice went up on the board a week ago (recorded now), so it is issued today, then printed to PDF.
        var weekAgo = DateTime.Now.AddDays(-7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel("公示开始日期").FillAsync(weekAgo);
        await page.GetByRole(AriaRole.Button, new() { Name = "生成证明并公示" }).ClickAsync();
        await Expect(page.Locator("p.flash")).ToContainTextAsync("开始公示");
        await page.GetByRole(AriaRole.Button, new() { Name = "出具证明" }).ClickAsync();
        await Expect(page.Locator("p.flash")).ToContainTextAsync("已出具");
        await Expect(page.Locator("ul.attendance")).ToContainTextAsync("已出具");
        await ScreenshotTests.SaveAsync(page, folder, "volunteer-record-phone.png");
        var number = (await page.Locator("ul.attendance a[href^='/Volunteers/Certificate/'] strong").First.InnerTextAsync()).Trim();
        Assert.Matches(CertificateNumber(), number);
        await page.Locator("ul.attendance a[href^='/Volunteers/Certificate/']").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "志愿服务证明", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".certificate")).ToContainTextAsync(name);
        await Expect(page.Locator(".certificate")).ToContainTextAsync("楼道清洁志愿服务");
        await Expect(page.Locator(".certificate")).ToContainTextAsync("2.5");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "certificate-phone.png"), FullPage = true });
        var pdf = Path.Combine(folder, "certificate.pdf");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var bytes = await page.PdfAsync(new() { Path = pdf, Format = "A4", PrintBackground = true });
        Assert.True(bytes.Length > 10_000);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        // Opened and looked at: one A4 page, with the CJK font embedded.
        var raw = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.Equal(1, PageObject().Count(raw));
        Assert.Contains("FontFile", raw, StringComparison.Ordinal);
        // poppler-utils (test.sh installs it) reads the text back and draws the page for people to look at.
        var text = await RunAsync("/usr/bin/pdftotext", "-layout", pdf, "-");
        foreach (var expected in new[] { "志愿服务证明", name, number, "楼道清洁志愿服务", "2.5", "幸福里社区居民委员会", "不含路途" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]{17}[0-9X]", text);    // never a whole ID number, even on the issued copy
        await RunAsync("/usr/bin/pdftoppm", "-png", "-r", "60", "-singlefile", pdf, Path.Combine(folder, "certificate-pdf"));
        Assert.True(new FileInfo(Path.Combine(folder, "certificate-pdf.png")).Length > 5_000);
    }

    static async Task<string> RunAsync(string tool, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await process.StandardError.ReadToEndAsync()}");
        return output;
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
        await using (var door = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop))
        {
            var checkIn = await door.NewPageAsync();
            await checkIn.GotoAsync("/CheckIn?door=123456");
            await Expect(checkIn.GetByLabel("个人签到码", new() { Exact = true })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(checkIn, folder, "checkin-desktop.png");
        }
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

    [GeneratedRegex("^[A-Z0-9-]+-ZYFW-[0-9]{4}-[0-9]{4}$")]
    private static partial Regex CertificateNumber();

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PageObject();
}
