using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Visits;

public sealed class WorkbenchTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task OnAPhoneACadreVisitsAnOverdueElderlyResidentWhoLeavesTheOverdueListAndTurnsGreen()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone);
        var page = await context.NewPageAsync();
        await page.LogInAsync(app.Account(Roles.GridCadre));

        await page.GetByRole(AriaRole.Navigation, new() { Name = "常用" }).GetByRole(AriaRole.Link, new() { Name = "走访" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "走访工作台", Level = 1 })).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(page, folder, "visits-workbench-phone.png");
        await ViewAsync(page, folder, "visits-workbench-phone-view.png");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "名单" }).GetByRole(AriaRole.Link, new() { Name = "逾期" }).ClickAsync();

        var elderly = page.Locator(".visit-person").Filter(new() { HasText = "老人" }).First;
        await Expect(elderly).ToBeVisibleAsync();
        var residentId = long.Parse((await elderly.GetAttributeAsync("data-resident"))!, System.Globalization.CultureInfo.InvariantCulture);
        var name = await elderly.Locator("strong").InnerTextAsync();
        await Expect(elderly.Locator(".status")).ToHaveTextAsync("逾期");

        // Two taps: 登记走访 on the list, 保存 on the form (date today, 上门, filled in).
        await elderly.GetByRole(AriaRole.Link, new() { Name = $"登记走访 {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        await ViewAsync(page, folder, "visits-record-phone.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"已保存：{name}的走访");
        await Expect(page.Locator($".visit-person[data-resident='{residentId}']")).ToHaveCountAsync(0);

        long grid, household;
        await using (var db = app.Database.Target.CreateContext())
        {
            var r = await db.Residents.SingleAsync(x => x.Id == residentId);
            (grid, household) = (r.GridId, r.HouseholdId!.Value);
        }
        await page.GotoAsync($"/Visits/Coverage/{grid}");
        var tile = page.Locator($".cover[data-household='{household}']");
        await Expect(tile).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bok\b"));
        await Expect(tile.Locator(".last")).ToHaveTextAsync(DateTime.Now.ToString("yy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await ScreenshotTests.SaveAsync(page, folder, "visits-coverage-phone.png");
        await ViewAsync(page, folder, "visits-coverage-phone-view.png");
    }

    [Fact]
    public async Task ScreenshotsOfTheWorkbenchAndCoverageOnADesktop()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await using var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop);
        var page = await context.NewPageAsync();
        await page.LogInAsync(app.Account(Roles.GridCadre));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "功能模块" }).GetByRole(AriaRole.Link, new() { Name = "走访" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "走访工作台", Level = 1 })).ToBeVisibleAsync();
        Assert.True(new FileInfo(await ViewAsync(page, folder, "visits-workbench-desktop.png")).Length > 10_000);
        await page.GetByRole(AriaRole.Link, new() { Name = "走访覆盖" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("走访覆盖");
        Assert.True(new FileInfo(await ViewAsync(page, folder, "visits-coverage-desktop.png")).Length > 10_000);
        await page.Locator(".visit-person, .cover").First.IsVisibleAsync();
        await page.GotoAsync("/Visits/Ledger");
        await Expect(page.Locator("table.ledger tbody tr").First).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.True(new FileInfo(await ViewAsync(page, folder, "visits-ledger-print.png")).Length > 10_000);
        var title = await page.Locator(".ledger-title").InnerTextAsync();
        await AssertPrintsOnA4LandscapeAsync(page, Path.Combine(folder, "visits-ledger.pdf"), title);
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.GotoAsync("/Visits/Record?resident=" + await FirstVisitedResidentAsync(app));
        Assert.True(new FileInfo(await ViewAsync(page, folder, "visits-record-desktop.png")).Length > 10_000);
    }

    [Fact]
    public async Task ScreenshotsOfACampaignListOnADesktopAPhoneAndPrinted()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var (name, size) in new[] { ("desktop", Chromium.Desktop), ("phone", Chromium.Phone) })
        {
            await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.CommunityLead));
            await page.GotoAsync("/Visits/Campaigns");
            await page.GetByRole(AriaRole.Link, new() { Name = "春节困难群众慰问" }).ClickAsync();
            await Expect(page.Locator("table.campaign-list tbody tr").First).ToBeVisibleAsync();
            await Expect(page.Locator("[data-stat=double]")).Not.ToHaveTextAsync("0");
            Assert.True(new FileInfo(await ViewAsync(page, folder, $"visits-campaign-{name}.png")).Length > 10_000);
            if (name == "desktop")
            {
                await page.EmulateMediaAsync(new() { Media = Media.Print });
                Assert.True(new FileInfo(await ViewAsync(page, folder, "visits-campaign-print.png")).Length > 10_000);
                await AssertPrintsOnA4LandscapeAsync(page, Path.Combine(folder, "visits-campaign.pdf"), "春节困难群众慰问");
            }
        }
    }

    /// <summary>
    /// Printed as the office prints it (the page's own print stylesheet, A4 landscape for the wide table): poppler reads the
    /// PDF back — every page A4 landscape, the title on it, and each page numbered (第 N 页) up to the last.
    /// </summary>
    static async Task AssertPrintsOnA4LandscapeAsync(IPage page, string path, string title)
    {
        await page.PdfAsync(new() { Path = path, PreferCSSPageSize = true, PrintBackground = true });
        var info = await PopplerAsync("pdfinfo", "-f", "1", "-l", "999", path);
        var pages = int.Parse(System.Text.RegularExpressions.Regex.Match(info, @"^Pages:\s+(\d+)", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        var sizes = System.Text.RegularExpressions.Regex.Matches(info, @"^Page\s+\d+ size:\s+(.+)$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(pages, sizes.Count);
        // A4 landscape is 841.89 × 595.28 pt; Chromium rounds to its own units (841.92 × 594.96).
        Assert.All(sizes, size =>
        {
            var m = System.Text.RegularExpressions.Regex.Match(size, @"^([\d.]+) x ([\d.]+) pts \(A4\)");
            Assert.True(m.Success, $"not A4: {size}");
            var (width, height) = (double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(Math.Abs(width - 841.89) < 1 && Math.Abs(height - 595.28) < 1, $"not landscape: {size}");
        });
        var text = await PopplerAsync("pdftotext", "-layout", path, "-");
        Assert.Contains(title, text);
        // pdftotext drops the spaces between Chinese and digits (第1页 … 第 10 页).
        for (var n = 1; n <= pages; n++) Assert.Matches($@"第\s*{n}\s*页", text);
    }

    static async Task<string> PopplerAsync(string tool, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
        return output;
    }

    /// <summary>What fits on the screen: the long lists' full pages are too tall to look at.</summary>
    static async Task<string> ViewAsync(IPage page, string folder, string fileName)
    {
        var path = Path.Combine(folder, fileName);
        await page.ScreenshotAsync(new() { Path = path, FullPage = false });
        return path;
    }

    static async Task<long> FirstVisitedResidentAsync(LinliApp app)
    {
        await using var db = app.Database.Target.CreateContext();
        var cadreGrid = await db.OrgUnits.Where(o => o.Name == "第三居民组").Select(o => o.Id).FirstAsync();
        return await db.Set<Linli.Features.Visits.Visit>().Where(v => v.GridId == cadreGrid && v.ResidentId != null).Select(v => v.ResidentId!.Value).FirstAsync();
    }
}
