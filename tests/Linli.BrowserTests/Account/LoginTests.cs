using System.Globalization;
using System.Text.RegularExpressions;
using Linli.BrowserTests.Infrastructure;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.BrowserTests.Account;

public sealed partial class LoginTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task ADemoCadreLogsInAndSeesTheirGridsRealNumbers()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var cadre = app.Account(Roles.GridCadre);
        var expected = await CountCadreGridAsync(app, cadre.UserName, "幸福里社区", "第三居民组");
        await using var context = await chromium.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(LoginPage());
        await page.GetByLabel("用户名").FillAsync(cadre.UserName);
        await page.GetByLabel("密码").FillAsync(cadre.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, "/").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(cadre.DisplayName);
        await Expect(page.Locator("[data-stat=residents]")).ToHaveTextAsync(Number(expected.Residents));
        await Expect(page.Locator("[data-stat=households]")).ToHaveTextAsync(Number(expected.Households));
        await Expect(page.Locator("[data-stat=grids]")).ToHaveTextAsync(Number(expected.Grids));
    }

    [Fact]
    public async Task AWrongPasswordShowsAnErrorAndStaysOnTheLoginPage()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var cadre = app.Account(Roles.GridCadre);
        await using var context = await chromium.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(cadre.UserName);
        await page.GetByLabel("密码").FillAsync(cadre.Password + "x");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码不正确");
        await Expect(page).ToHaveURLAsync(LoginPage());
        await Expect(page.GetByLabel("密码")).ToBeVisibleAsync();
        await Expect(page.GetByText(cadre.DisplayName)).ToHaveCountAsync(0);
    }

    /// <summary>
    /// What the home page should show a cadre who holds one grid, counted straight from the database:
    /// the grid found by its name and its community's, the grids counted from the cadre's role assignments.
    /// </summary>
    static async Task<(int Residents, int Households, int Grids)> CountCadreGridAsync(LinliApp app, string userName, string community, string grid)
    {
        await using var db = app.Database.Target.CreateContext();
        var gridId = await db.OrgUnits.AsNoTracking()
            .Where(g => g.Kind == OrgUnitKind.Grid && g.Name == grid)
            .Join(db.OrgUnits.Where(c => c.Kind == OrgUnitKind.Community && c.Name == community), g => g.ParentId, c => c.Id, (g, c) => g.Id)
            .SingleAsync();
        var heldGrids = await db.RoleAssignments.AsNoTracking()
            .Join(db.Users.Where(u => u.UserName == userName), a => a.UserId, u => u.Id, (a, u) => a.OrgUnitId)
            .Join(db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Grid), id => id, o => o.Id, (id, o) => id)
            .Distinct().ToListAsync();
        Assert.Equal([gridId], heldGrids);
        var residents = await db.Residents.CountAsync(r => r.GridId == gridId && r.Status == ResidentStatus.Active);
        var households = await db.Households.CountAsync(h => h.GridId == gridId);
        Assert.True(residents > 0 && households > 0, "the demo grid should have people in it");
        return (residents, households, heldGrids.Count);
    }

    static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    [GeneratedRegex("/Account/Login")]
    private static partial Regex LoginPage();
}
