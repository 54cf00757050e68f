using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;

namespace Linli.BrowserTests.Registry;

/// <summary>A lead maps a column the import did not recognise, previews again and sees the rows as they will be stored; pictures of that preview and of the resident form.</summary>
public sealed class RosterMappingTests(Chromium chromium) : IClassFixture<Chromium>
{
    static string Id(string birth, int n, bool male)
    {
        var first17 = $"990101{birth}{n * 2 % 1000 + (male ? 1 : 0):000}";
        return first17 + NationalId.CheckDigit(first17);
    }

    [Fact]
    public async Task ALeadMapsAnUnreadIdColumnAndPreviewsTheRowsAsTheyWillBeStored()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Directory.CreateTempSubdirectory("linli-mapping-");
        var shots = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(shots);
        try
        {
            var rows = new[]
            {
                ("测试映甲", "男", Id("19560312", 701, true), "户主", "汉", "M1", "大学专科"),
                ("测试映乙", "女", Id("19580701", 702, false), "妻", "汉", "M1", "高中"),
                ("测试映丙", "男", Id("19820506", 703, true), "长子", "回", "M1", "大学本科"),
            }.Select(r => new Dictionary<string, object?> { ["姓名"] = r.Item1, ["性别"] = r.Item2, ["证号"] = r.Item3, ["与户主关系"] = r.Item4, ["民族"] = r.Item5, ["户号"] = r.Item6, ["文化程度"] = r.Item7 }).ToList();
            var file = Path.Combine(folder.FullName, "映射名册.xlsx");
            MiniExcelLibs.MiniExcel.SaveAs(file, rows);

            // The phone previews first (nothing imported yet); the desktop previews and imports; then both open the form.
            foreach (var (name, size) in new[] { ("phone", Chromium.Phone), ("desktop", Chromium.Desktop) })
            {
                await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(Roles.CommunityLead));
                await page.GotoAsync("/Registry/Import");
                await page.GetByLabel("导入到").SelectOptionAsync(new SelectOptionValue { Label = "幸福里社区 / 第三居民组" });
                await page.GetByLabel("名册文件").SetInputFilesAsync(file);
                await page.GetByRole(AriaRole.Button, new() { Name = "上传并预览" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "列的对应" })).ToBeVisibleAsync();
                await Expect(page.GetByText("像身份证号：请选择对应的列或“不导入”")).ToBeVisibleAsync();
                await page.GetByLabel("“证号”列导入为").SelectOptionAsync(new SelectOptionValue { Label = "公民身份号码" });
                await page.GetByRole(AriaRole.Button, new() { Name = "按所选重新预览" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "将要保存的前几行" })).ToBeVisibleAsync();
                await Expect(page.Locator("table.preview-rows")).ToContainTextAsync("长子");
                await Expect(page.Locator("table.preview-rows")).ToContainTextAsync("大专");
                await ScreenshotTests.SaveAsync(page, shots, $"import-mapping-{name}.png");

            }
            await using (var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop))
            {
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(Roles.CommunityLead));
                await page.GotoAsync("/Registry/Import");
                await page.GetByLabel("导入到").SelectOptionAsync(new SelectOptionValue { Label = "幸福里社区 / 第三居民组" });
                await page.GetByLabel("名册文件").SetInputFilesAsync(file);
                await page.GetByRole(AriaRole.Button, new() { Name = "上传并预览" }).ClickAsync();
                await page.GetByLabel("“证号”列导入为").SelectOptionAsync(new SelectOptionValue { Label = "公民身份号码" });
                await page.GetByRole(AriaRole.Button, new() { Name = "按所选重新预览" }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "确认导入" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Link, new() { Name = "查看导入的居民" })).ToBeVisibleAsync();
            }

            // The office's newer roster of the same people: 测试映丙 now 研究生 and written 汉. The preview offers both fields
            // side by side; only the ticked 文化程度 is updated (phone: preview only; desktop: tick and import).
            var newer = rows.Select(r => new Dictionary<string, object?>
            {
                ["姓名"] = r["姓名"], ["性别"] = r["性别"], ["公民身份号码"] = r["证号"], ["与户主关系"] = r["与户主关系"], ["户号"] = r["户号"],
                ["民族"] = r["姓名"] as string == "测试映丙" ? "汉" : r["民族"], ["文化程度"] = r["姓名"] as string == "测试映丙" ? "研究生" : r["文化程度"],
            }).ToList();
            var newerFile = Path.Combine(folder.FullName, "新名册.xlsx");
            MiniExcelLibs.MiniExcel.SaveAs(newerFile, newer);
            foreach (var (name, size) in new[] { ("phone", Chromium.Phone), ("desktop", Chromium.Desktop) })
            {
                await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(Roles.CommunityLead));
                await page.GotoAsync("/Registry/Import");
                await page.GetByLabel("导入到").SelectOptionAsync(new SelectOptionValue { Label = "幸福里社区 / 第三居民组" });
                await page.GetByLabel("名册文件").SetInputFilesAsync(newerFile);
                await page.GetByRole(AriaRole.Button, new() { Name = "上传并预览" }).ClickAsync();
                var differences = page.Locator("table.differences");
                await Expect(differences).ToContainTextAsync("测试映丙");
                await Expect(differences.Locator("tbody tr")).ToHaveCountAsync(2);
                await ScreenshotTests.SaveAsync(page, shots, $"import-update-{name}.png");
                if (name == "phone") continue;
                await differences.Locator("tr[data-field=文化程度] input[type=checkbox]").CheckAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "确认导入" }).ClickAsync();
                await Expect(page.Locator("[data-stat=updated]")).ToContainTextAsync("按名册更新了 1 名已登记居民的 1 项信息");
                await using var db = app.Database.Target.CreateContext();
                var updated = db.Residents.Where(r => r.Name == "测试映丙").Select(r => new { r.Education, r.Ethnicity }).Single();
                Assert.Equal(("硕士研究生", "回族"), (updated.Education, updated.Ethnicity));
            }
            foreach (var (name, size) in new[] { ("phone", Chromium.Phone), ("desktop", Chromium.Desktop) })
            {
                await using var context = await chromium.NewContextAsync(app.BaseAddress, size);
                var page = await context.NewPageAsync();
                await page.LogInAsync(app.Account(Roles.CommunityLead));
                long id;
                await using (var db = app.Database.Target.CreateContext())
                    id = db.Residents.Where(r => r.Name == "测试映丙").Select(r => r.Id).Single();
                await page.GotoAsync($"/Registry/Resident/{id}");
                await page.GetByRole(AriaRole.Link, new() { Name = "编辑" }).First.ClickAsync();
                await Expect(page.GetByLabel("与户主关系")).ToHaveValueAsync("22");
                await Expect(page.GetByLabel("民族")).ToHaveValueAsync("回族");
                await ScreenshotTests.SaveAsync(page, shots, $"resident-edit-{name}.png");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
