using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Registry;

/// <summary>
/// Two people edit one resident in two browsers: the second is told "此记录已被他人修改" with both values, and saving
/// again keeps both people's changes. The phone shows masked in its field and survives an edit of the notes.
/// </summary>
public sealed class EditConflictTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task TheSecondEditorSeesBothValuesAndSavesWithoutUndoingTheFirst()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        Resident resident;
        await using (var db = app.Database.Target.CreateContext())
        {
            var grid = await db.RoleAssignments.Join(db.Users.Where(u => u.UserName == app.Account(Roles.GridCadre).UserName), a => a.UserId, u => u.Id, (a, u) => a.OrgUnitId).SingleAsync();
            resident = await db.Residents.Where(r => r.GridId == grid && r.PhoneMasked != null).OrderBy(r => r.Id).Skip(3).FirstAsync();
        }
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var edit = $"/Registry/Resident/{resident.Id}/Edit";
        var n = 0;
        foreach (var (name, size) in new[] { ("desktop", Chromium.Desktop), ("phone", Chromium.Phone) })
        {
            n++;
            await using var cadreContext = await chromium.NewContextAsync(app.BaseAddress, size);
            await using var leadContext = await chromium.NewContextAsync(app.BaseAddress, size);
            var cadre = await cadreContext.NewPageAsync();
            var lead = await leadContext.NewPageAsync();
            await cadre.LogInAsync(app.Account(Roles.GridCadre));
            await lead.LogInAsync(app.Account(Roles.CommunityLead));
            await cadre.GotoAsync(edit);
            await lead.GotoAsync(edit);
            await Expect(cadre.GetByLabel("联系电话")).ToHaveValueAsync(resident.PhoneMasked!);

            await cadre.GetByLabel("备注").FillAsync($"第{n}次：已上门核实");
            await cadre.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(cadre.GetByText("已保存").First).ToBeVisibleAsync();
            await Expect(cadre.GetByText(resident.PhoneMasked!).First).ToBeVisibleAsync();

            // 文化程度 is chosen from GB/T 4658 (a select): a different word each round, so the second round changes it too.
            var education = n == 1 ? "大专" : "本科";
            await lead.GetByLabel("文化程度").SelectOptionAsync(education);
            await lead.GetByLabel("备注").FillAsync($"第{n}次：书记补充");
            await lead.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            var alert = lead.Locator(".conflict");
            await Expect(alert).ToContainTextAsync("此记录已被他人修改");
            await Expect(alert).ToContainTextAsync($"第{n}次：已上门核实");
            await Expect(alert).ToContainTextAsync($"第{n}次：书记补充");
            await ScreenshotTests.SaveAsync(lead, folder, $"resident-edit-conflict-{name}.png");

            await lead.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(lead.GetByText("已保存").First).ToBeVisibleAsync();
            await Expect(lead.GetByText($"第{n}次：书记补充").First).ToBeVisibleAsync();
            await Expect(lead.GetByText(education).First).ToBeVisibleAsync();
            await Expect(lead.GetByText(resident.PhoneMasked!).First).ToBeVisibleAsync();
        }
    }
}
