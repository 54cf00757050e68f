using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Registry;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;

namespace Linli.BrowserTests.Screenshots;

/// <summary>Full-page pictures of the main pages for people to look at; the test only checks they were taken.</summary>
public sealed class ScreenshotTests(Chromium chromium) : IClassFixture<Chromium>
{
    static readonly (string Name, ViewportSize Size)[] Viewports = [("desktop", Chromium.Desktop), ("phone", Chromium.Phone)];

    [Fact]
    public async Task ScreenshotsOfTheMainPages()
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var taken = new List<string>();

        await using (var empty = await LinliApp.StartAsync())
        {
            foreach (var (name, size) in Viewports)
            {
                await using var context = await chromium.NewContextAsync(empty.BaseAddress, size);
                var page = await context.NewPageAsync();
                await page.GotoAsync("/Setup");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "完成设置" })).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"setup-{name}.png"));
            }
        }

        await using var app = await LinliApp.StartWithDemoAsync();
        foreach (var (name, size) in Viewports)
        {
            await using (var context = await chromium.NewContextAsync(app.BaseAddress, size))
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync("/Account/Login");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"login-{name}.png"));
            }
            foreach (var (role, file) in new[] { (Roles.GridCadre, "home-cadre"), (Roles.StreetOfficer, "home-street") })
            {
                await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(role));
                await Expect(page.Locator("[data-stat=residents]")).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"{file}-{name}.png"));
                if (role != Roles.StreetOfficer) continue;
                // The street's visits overview, from its kept-current aggregate.
                await page.GotoAsync("/Visits/Street");
                await Expect(page.Locator("table.street-visits")).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"visits-street-{name}.png"));
            }
        }

        foreach (var (name, size) in Viewports)
        {
            // The registry, walked the way a community lead walks it: menu → grid → household → resident.
            await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.CommunityLead));
            await page.GotoAsync("/Registry");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "人口房屋", Level = 1 })).ToBeVisibleAsync();
            taken.Add(await SaveAsync(page, folder, $"registry-{name}.png"));
            await page.GetByRole(AriaRole.Link, new() { Name = "第三居民组" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("第三居民组");
            taken.Add(await SaveAsync(page, folder, $"grid-{name}.png"));
            await page.Locator("table.households a").First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "家庭成员" })).ToBeVisibleAsync();
            taken.Add(await SaveAsync(page, folder, $"household-{name}.png"));
            await page.Locator("table a[href^='/Registry/Resident/']").First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "基本信息" })).ToBeVisibleAsync();
            taken.Add(await SaveAsync(page, folder, $"resident-{name}.png"));
        }

        Assert.Equal(18, taken.Count);
        foreach (var file in taken)
            Assert.True(new FileInfo(file).Length > 10_000, $"{file} is only {new FileInfo(file).Length} bytes");
    }

    [Fact]
    public async Task ScreenshotsOfLabelsCallerViewAndExportApprovals()
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var taken = new List<string>();
        await using var app = await LinliApp.StartWithDemoAsync();
        foreach (var (name, size) in Viewports)
        {
            await using (var context = await chromium.NewContextAsync(app.BaseAddress, size))
            {
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(Roles.CommunityLead));
                await page.GotoAsync("/Registry/Tags");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "人员标签管理", Level = 1 })).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"labels-lead-{name}.png"));
                await page.GotoAsync("/Registry/Exports");
                await page.GetByLabel("导出范围").SelectOptionAsync(new SelectOptionValue { Label = "幸福里社区 / 第三居民组" });
                await page.GetByLabel("敏感标签").CheckAsync();
                await page.GetByLabel("理由").FillAsync("区残联入户核查");
                await page.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
                await Expect(page.GetByText("可审批：").First).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"exports-requester-{name}.png"));
            }
            await using (var context = await chromium.NewContextAsync(app.BaseAddress, size))
            {
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(Roles.StreetOfficer));
                await page.GotoAsync("/Registry/Tags?edit=1");
                await page.GetByLabel("敏感标签（仅授权角色可见）").ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "请确认修改敏感设置" })).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"labels-street-confirm-{name}.png"));
                await page.GotoAsync("/Registry/Exports");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "批准" }).First).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"exports-approver-{name}.png"));
            }
            await using (var context = await chromium.NewContextAsync(app.BaseAddress, size))
            {
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(Roles.HotlineOperator));
                await page.GotoAsync("/Hotline?q=" + Uri.EscapeDataString("3号楼1单元101"));
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "同户成员" }).First).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"caller-{name}.png"));
            }
        }
        Assert.Equal(10, taken.Count);
    }

    [Fact]
    public async Task ScreenshotsOfImportSearchAndEdit()
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var rosters = Directory.CreateTempSubdirectory("linli-roster-");
        var taken = new List<string>();
        try
        {
            await using var app = await LinliApp.StartWithDemoAsync();
            foreach (var (name, size) in Viewports)
            {
                // A roster with one wrong ID number and one unknown label, the way they usually arrive; the phone
                // pass gives its people other ID numbers and another building, so that it is not all duplicates of the first.
                var roster = name == "desktop" ? new SyntheticRoster(100, building: 60, withProblems: true) : new SyntheticRoster(200, building: 61, withProblems: true);
                var file = roster.WriteXlsx(Directory.CreateDirectory(Path.Combine(rosters.FullName, name)).FullName);
                await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(Roles.CommunityLead));

                await page.GotoAsync("/Registry/Import");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "上传并预览" })).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"import-{name}.png"));
                await page.GetByLabel("导入到").SelectOptionAsync(new SelectOptionValue { Label = "幸福里社区 / 第三居民组" });
                await page.GetByLabel("名册文件").SetInputFilesAsync(file);
                await page.GetByRole(AriaRole.Button, new() { Name = "上传并预览" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "问题清单" })).ToBeVisibleAsync();
                taken.Add(await SaveAsync(page, folder, $"import-preview-{name}.png"));
                await page.GetByLabel("跳过有错误的").CheckAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "确认导入" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已导入");
                taken.Add(await SaveAsync(page, folder, $"import-result-{name}.png"));

                await page.GotoAsync("/Registry/Search?q=" + Uri.EscapeDataString("司马"));
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("找到");
                taken.Add(await SaveAsync(page, folder, $"search-{name}.png"));
                await page.GetByRole(AriaRole.Link, new() { Name = "司马云峰" }).First.ClickAsync();
                await page.GetByRole(AriaRole.Link, new() { Name = "编辑", Exact = true }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("编辑居民信息");
                taken.Add(await SaveAsync(page, folder, $"resident-edit-{name}.png"));
            }
        }
        finally
        {
            rosters.Delete(recursive: true);
        }

        Assert.Equal(10, taken.Count);
        foreach (var file in taken)
            Assert.True(new FileInfo(file).Length > 10_000, $"{file} is only {new FileInfo(file).Length} bytes");
    }

    internal static async Task<string> SaveAsync(IPage page, string folder, string fileName)
    {
        var path = Path.Combine(folder, fileName);
        File.Delete(path);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>The folder holding Linli.slnx, found by walking up from the test binaries.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Linli.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Linli.slnx above {AppContext.BaseDirectory}");
    }
}
