using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.BrowserTests.Registry;

/// <summary>While another roster is being imported, the import page says so and follows its progress (htmx polling).</summary>
public sealed class ImportQueueTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task TheImportPageFollowsTheRosterBeingImported()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var queue = app.Web.Services.GetRequiredService<ImportQueue>();
        long gridId;
        await using (var db = app.Database.Target.CreateContext())
            gridId = await db.OrgUnits.Where(o => o.Code == "CGJD-XFL-02").Select(o => o.Id).SingleAsync();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        IProgress<int>? progress = null;
        var running = queue.RunAsync(gridId, dryRun: false, p => { progress = p; p.Report(2_000); return release.Task; }, default);
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var (name, size) in new[] { ("desktop", Chromium.Desktop), ("phone", Chromium.Phone) })
            {
                await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(Roles.CommunityLead));
                await page.GotoAsync("/Registry/Import");
                await Expect(page.Locator(".import-queue")).ToContainTextAsync("正在导入名册（幸福里社区 / 第二居民组）：已写入 2,000 人");
                progress!.Report(6_000);
                await Expect(page.Locator(".import-queue")).ToContainTextAsync("已写入 6,000 人");
                await ScreenshotTests.SaveAsync(page, folder, $"import-queue-{name}.png");
                progress.Report(2_000);
            }
        }
        finally
        {
            release.SetResult(0);
            await running;
        }
    }
}
