using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Linli.BrowserTests.Registry;

/// <summary>
/// A cadre's everyday list: 独居老人 aged 80 and over in the grid, printed to PDF (A4 landscape, title, the filter in
/// words, the date, page numbers), and three of them given a label in one step.
/// </summary>
public sealed class ResidentListTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task ACadreFiltersTheOldestLivingAlonePrintsThemAndLabelsThreeInOneStep()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        long grid;
        int expected;
        await using (var db = app.Database.Target.CreateContext())
        {
            grid = await db.RoleAssignments.Join(db.Users.Where(u => u.UserName == app.Account(Roles.GridCadre).UserName), a => a.UserId, u => u.Id, (a, u) => a.OrgUnitId).SingleAsync();
            var bornBy = DateOnly.FromDateTime(DateTime.Now).AddYears(-80);
            var alone = await db.Tags.Where(t => t.Code == DemoTags.ElderlyLivingAlone.Code).Select(t => t.Id).SingleAsync();
            expected = await db.Residents.CountAsync(r => r.GridId == grid && r.Status == ResidentStatus.Active && r.BirthDate <= bornBy
                && db.ResidentTags.Any(t => t.ResidentId == r.Id && t.TagId == alone));
        }
        Assert.True(expected >= 3, $"the demo grid has {expected} 独居老人 aged 80+");
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);

        await using var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop);
        var page = await context.NewPageAsync();
        await page.LogInAsync(app.Account(Roles.GridCadre));
        await page.GotoAsync("/Registry/Residents");
        await page.Locator(".tag-menu summary").ClickAsync();
        await page.GetByLabel("独居老人").CheckAsync();
        await page.GetByLabel("最小年龄").FillAsync("80");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-count=residents]")).ToHaveTextAsync(expected.ToString("N0"));
        await Expect(page.Locator("table.residents tbody tr")).ToHaveCountAsync(expected);
        await ScreenshotTests.SaveAsync(page, folder, "resident-list-desktop.png");
        var listUrl = page.Url;

        // 打印: the printout of the same list, as Chromium prints it.
        var print = await context.NewPageAsync();
        await print.GotoAsync(await page.GetByRole(AriaRole.Link, new() { Name = "打印", Exact = true }).GetAttributeAsync("href") ?? "");
        var pdfPath = Path.Combine(folder, "resident-list.pdf");
        await print.PdfAsync(new() { Path = pdfPath, PreferCSSPageSize = true, PrintBackground = true });
        using (var pdf = PdfDocument.Open(pdfPath))
        {
            var first = pdf.GetPage(1);
            Assert.True(first.Width > first.Height, $"the printout is landscape: {first.Width} × {first.Height}");
            Assert.InRange(first.Width, 835, 848);   // A4: 842 × 595 points
            var text = string.Concat(first.GetWords().Select(w => w.Text));
            Assert.Contains("居民名单", text);
            Assert.Contains("独居老人", text);
            Assert.Contains("80岁及以上", text);
            Assert.Contains(DateTime.Now.ToString("yyyy-MM-dd"), text);
            Assert.Contains($"第1页，共{pdf.NumberOfPages}页", text);
        }
        await print.CloseAsync();

        // 添加标签 for three of them, in one step.
        await page.GotoAsync(listUrl);
        var boxes = page.Locator("table.residents tbody input[name=ids]");
        var chosen = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            await boxes.Nth(i).CheckAsync();
            chosen.Add(long.Parse(await boxes.Nth(i).GetAttributeAsync("value") ?? "0"));
        }
        await page.GetByLabel("要添加或移除的标签").SelectOptionAsync(new SelectOptionValue { Label = "困难户" });
        await page.GetByRole(AriaRole.Button, new() { Name = "添加标签" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("困难户");

        await using (var db = app.Database.Target.CreateContext())
        {
            var hardship = await db.Tags.Where(t => t.Code == DemoTags.HardshipHousehold.Code).Select(t => t.Id).SingleAsync();
            Assert.Equal(3, await db.ResidentTags.CountAsync(t => t.TagId == hardship && chosen.Contains(t.ResidentId)));
            var row = await db.AuditEntries.Where(a => a.Action == AuditActions.Write).OrderByDescending(a => a.Id).FirstAsync();
            Assert.Contains("批量添加人员标签“困难户”：3 人", row.Detail ?? "");
        }

        // The grid page: a jump to each building, and a printout with title, date and page numbers.
        await page.GotoAsync($"/Registry/Grid/{grid}");
        await page.Locator(".building-jump a").Nth(2).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#b3$"));
        await ScreenshotTests.SaveAsync(page, folder, "grid-desktop.png");
        var gridPdf = Path.Combine(folder, "grid.pdf");
        await page.PdfAsync(new() { Path = gridPdf, PreferCSSPageSize = true });
        using (var pdf = PdfDocument.Open(gridPdf))
        {
            Assert.True(pdf.NumberOfPages > 3, $"{pdf.NumberOfPages} pages");
            var first = string.Concat(pdf.GetPage(1).GetWords().Select(w => w.Text));
            Assert.Contains("第三居民组·住户名册", first);
            Assert.Contains(DateTime.Now.ToString("yyyy-MM-dd"), first);
            Assert.Contains($"第1页，共{pdf.NumberOfPages}页", first);
            Assert.Contains($"第{pdf.NumberOfPages}页，共{pdf.NumberOfPages}页", string.Concat(pdf.GetPage(pdf.NumberOfPages).GetWords().Select(w => w.Text)));
            Assert.DoesNotContain("只看本楼", first);
        }

        await using var phone = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone);
        var small = await phone.NewPageAsync();
        await small.LogInAsync(app.Account(Roles.GridCadre));
        await small.GotoAsync(listUrl);
        await Expect(small.Locator("[data-count=residents]")).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(small, folder, "resident-list-phone.png");
        await small.GotoAsync($"/Registry/Grid/{grid}");
        await small.ScreenshotAsync(new() { Path = Path.Combine(folder, "grid-phone.png") });   // the top: a grid's whole page is metres long
    }

    [Fact]
    public async Task TheHomePageOfALeadAndAStreetOfficerShowsChartsWhoseSlicesOpenTheirLists()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var (role, file) in new[] { (Roles.CommunityLead, "home-charts-lead"), (Roles.StreetOfficer, "home-charts-street") })
            foreach (var (name, size) in new[] { ("desktop", Chromium.Desktop), ("phone", Chromium.Phone) })
            {
                await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(role));
                foreach (var chart in new[] { "pyramid", "kinds", "labels" })
                    await Expect(page.Locator($"[data-chart={chart}] svg")).ToBeVisibleAsync();
                await ScreenshotTests.SaveAsync(page, folder, $"{file}-{name}.png");

                // A slice of the residence kinds: the ring's upper right, halfway between its inner and outer edge (the slices start at the top).
                await page.Locator("[data-chart=kinds]").ScrollIntoViewIfNeededAsync();
                var box = (await page.Locator("[data-chart=kinds]").BoundingBoxAsync())!;
                var radius = Math.Min(box.Width, box.Height) / 2;
                await page.Mouse.ClickAsync(box.X + box.Width / 2 + radius * 0.53f * 0.87f, box.Y + box.Height * 0.45f - radius * 0.53f * 0.5f);
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Registry/Residents\\?kind="));
                await Expect(page.Locator("[data-count=residents]")).ToBeVisibleAsync();
            }
    }
}
