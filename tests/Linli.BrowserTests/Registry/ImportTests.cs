using Linli.BrowserTests.Infrastructure;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;

namespace Linli.BrowserTests.Registry;

public sealed class ImportTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task ACommunityLeadImportsARosterThroughThePageAndFindsAResidentByPinyinInitials()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Directory.CreateTempSubdirectory("linli-roster-");
        try
        {
            var roster = new SyntheticRoster();
            var file = roster.WriteXlsx(folder.FullName);
            var yunfeng = roster.Named("司马云峰");

            await using var context = await chromium.NewContextAsync(app.BaseAddress);
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.CommunityLead));

            await page.GetByRole(AriaRole.Navigation, new() { Name = "功能模块" }).GetByRole(AriaRole.Link, new() { Name = "人口房屋" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "导入名册" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "导入居民名册", Level = 1 })).ToBeVisibleAsync();

            await page.GetByLabel("导入到").SelectOptionAsync(new SelectOptionValue { Label = "幸福里社区 / 第三居民组" });
            await page.GetByLabel("名册文件").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "上传并预览" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"预览：{SyntheticRoster.FileName}" })).ToBeVisibleAsync();
            await Expect(page.GetByText("导入到：城关街道/幸福里社区/第三居民组")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-stat=rows]")).ToHaveTextAsync("8");
            await Expect(page.Locator("[data-stat=importable]")).ToHaveTextAsync("8");
            await Expect(page.Locator("[data-stat=errors]")).ToHaveTextAsync("0");
            await Expect(page.Locator("[data-stat=duplicates]")).ToHaveTextAsync("0");
            await Expect(page.Locator("[data-stat=warnings]")).ToHaveTextAsync("0");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "问题清单" })).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Button, new() { Name = "确认导入" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"导入结果：{SyntheticRoster.FileName}" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已导入 8 名居民，新建 3 户");
            await Expect(page.Locator("[data-stat=imported]")).ToHaveTextAsync("8");

            await page.GetByRole(AriaRole.Searchbox, new() { Name = "查找居民" }).FillAsync("smyf");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(yunfeng.Name);
            await Expect(page.GetByText("60号楼1单元101").First).ToBeVisibleAsync();
            await Expect(page.GetByText(NationalId.Mask(yunfeng.NationalId))).ToBeVisibleAsync();
            await Expect(page.GetByText(yunfeng.NationalId)).ToHaveCountAsync(0);
            Assert.DoesNotContain(yunfeng.NationalId, await page.ContentAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(yunfeng.Phone!, await page.ContentAsync(), StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
