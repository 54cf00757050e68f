using Linli.BrowserTests.Infrastructure;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Registry;

public sealed class RevealTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task ACadreRevealsAnIdNumberWithAReasonAndTheAuditorSeesIt()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        Resident resident;
        string id;
        await using (var db = app.Database.Target.CreateContext())
        {
            var grid = await db.RoleAssignments.Join(db.Users.Where(u => u.UserName == app.Account(Roles.GridCadre).UserName), a => a.UserId, u => u.Id, (a, u) => a.OrgUnitId).SingleAsync();
            resident = await db.Residents.Where(r => r.GridId == grid).OrderBy(r => r.Id).Skip(5).FirstAsync();
            id = FieldCipher.OpenOrCreate(app.Database.DataDir).Decrypt(resident.NationalIdCipher!);
        }

        await using (var context = await chromium.NewContextAsync(app.BaseAddress))
        {
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.GridCadre));
            await page.GetByRole(AriaRole.Searchbox, new() { Name = "查找居民" }).FillAsync(id);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(resident.Name);
            await Expect(page.GetByText(resident.NationalIdMasked!)).ToBeVisibleAsync();
            await Expect(page.GetByText(id)).ToHaveCountAsync(0);

            await page.Locator("#reveal-NationalId").GetByRole(AriaRole.Link, new() { Name = "查看" }).ClickAsync();
            await page.GetByLabel("查看理由").FillAsync("核实身份，办理居住证明");
            await page.GetByRole(AriaRole.Button, new() { Name = "查看完整号码" }).ClickAsync();
            await Expect(page.GetByText(id)).ToBeVisibleAsync();
            await Expect(page.GetByText("已记录查看")).ToBeVisibleAsync();
        }

        await using (var context = await chromium.NewContextAsync(app.BaseAddress))
        {
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.Auditor));
            await page.GetByRole(AriaRole.Link, new() { Name = "审计日志" }).ClickAsync();
            await page.GetByLabel("操作").SelectOptionAsync(new SelectOptionValue { Label = "查看完整号码" });
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            var row = page.Locator("table tbody tr").Filter(new() { HasText = "核实身份，办理居住证明" });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync("cadre");
            await Expect(page.GetByText(id)).ToHaveCountAsync(0);
        }
    }
}
