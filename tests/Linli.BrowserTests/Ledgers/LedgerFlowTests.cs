using Linli.BrowserTests.Infrastructure;
using Linli.BrowserTests.Screenshots;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;
using System.Net.Http.Json;
using MiniExcelLibs;

namespace Linli.BrowserTests.Ledgers;

public sealed class LedgerFlowTests(Chromium chromium) : IClassFixture<Chromium>
{
    /// <summary>
    /// A lead uploads a department's blank form (headings of hszfwzbk in ledger-layouts.txt under a title row), confirms the
    /// proposed fields, generates the ledger for her community, types the one typed column and submits it for the street's
    /// task that asked for it; the street approves the ledger and accepts the task (issue 16's done-when).
    /// </summary>
    [Fact]
    public async Task ALeadMapsABlankFormGeneratesFillsAndSubmitsAndTheStreetAcceptsTheTaskThatAskedForIt()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var folder = Path.Combine(ScreenshotTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var blank = Path.Combine(app.Database.DataDir, "困难群众帮困表.xlsx");
        var headings = "姓名,性别,出生年月,住址,联系电话,困难情况,帮困金额(元),备注".Split(',');
        var rows = new List<Dictionary<string, object?>>
        {
            headings.Select((_, i) => (Key: ((char)('A' + i)).ToString(), Value: (object?)(i == 0 ? "困难群众帮困表" : null))).ToDictionary(x => x.Key, x => x.Value),
            headings.Select((h, i) => (Key: ((char)('A' + i)).ToString(), Value: (object?)h)).ToDictionary(x => x.Key, x => x.Value),
        };
        await MiniExcel.SaveAsAsync(blank, rows, printHeader: false);
        long community;
        await using (var db = app.Database.Target.CreateContext())
            community = db.OrgUnits.Single(o => o.Code == "CGJD-XFL").Id;

        await using (var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Desktop))
        {
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.CommunityLead));
            await page.GotoAsync("/Ledgers");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "台账目录" })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "ledgers-desktop.png");
            await page.GetByRole(AriaRole.Link, new() { Name = "从空白表新建模板" }).ClickAsync();
            await page.GetByLabel("空白表格").SetInputFilesAsync(blank);
            await page.GetByRole(AriaRole.Button, new() { Name = "读取表头" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "确认每一列" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "姓名" })).ToHaveValueAsync("registry.name");
            await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "出生年月" })).ToHaveValueAsync("registry.birth-month");
            await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "困难情况" })).ToHaveValueAsync("");
            await page.GetByLabel("困难户").CheckAsync();
            await page.GetByLabel("报送后须街道审核").CheckAsync();
            await ScreenshotTests.SaveAsync(page, folder, "ledger-map-desktop.png");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存模板" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "困难群众帮困表", Exact = false })).ToBeVisibleAsync();

            // The street asks for this ledger in a task to 幸福里社区 (through the API, as a department's system would).
            var key = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["key"]!;
            var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
            var assigned = await street.PostAsJsonAsync("/api/v1/tasks", new
            {
                department = "民政", title = "报送困难群众帮困表", dutyItem = "困难群众帮扶", requirements = "每月报送帮困情况。",
                workingDays = 5, ledgerKey = key, communityIds = new[] { community },
            });
            Assert.Equal(System.Net.HttpStatusCode.Created, assigned.StatusCode);
            var first = page.GetByRole(AriaRole.Textbox, new() { Name = "困难情况 1", Exact = true });
            await first.FillAsync("患病，子女在外地");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存手工列" }).ClickAsync();
            await Expect(page.GetByText("手工列已保存。")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "困难情况 1", Exact = true })).ToHaveValueAsync("患病，子女在外地");
            await ScreenshotTests.SaveAsync(page, folder, "ledger-sheet-desktop.png");
            await page.GetByRole(AriaRole.Button, new() { Name = "报送", Exact = true }).ClickAsync();
            await Expect(page.GetByText("报送后的台账按报送当日的数据保存")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "患病，子女在外地" })).ToBeVisibleAsync();

            // The submission marked the task 已提交 on the community's list.
            await page.GotoAsync("/Tasks?show=all");
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "报送困难群众帮困表" });
            await Expect(row.GetByText("已提交")).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "tasks-community-desktop.png");
        }
        await using (var phone = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone))
        {
            // The same list as the lead sees it on her phone (a phone context: a resized desktop window keeps its menu open).
            var page = await phone.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.CommunityLead));
            await page.GotoAsync("/Tasks?show=all");
            await Expect(page.GetByText("报送困难群众帮困表").First).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "tasks-community-phone.png");
        }

        await using (var context = await chromium.NewContextAsync(app.BaseAddress, Chromium.Phone))
        {
            var page = await context.NewPageAsync();
            await page.LogInAsync(app.Account(Roles.StreetOfficer));
            await page.GotoAsync("/Ledgers");
            await ScreenshotTests.SaveAsync(page, folder, "ledgers-street-phone.png");
            await page.GetByRole(AriaRole.Link, new() { Name = "困难群众帮困表" }).First.ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
            await Expect(page.GetByText("已通过")).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "ledger-submission-phone.png");

            // The street officer accepts the task that asked for the ledger, from the board.
            await page.GotoAsync("/Tasks/Board");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "各社区办理情况" })).ToBeVisibleAsync();
            await ScreenshotTests.SaveAsync(page, folder, "tasks-board-phone.png");
            await page.GetByRole(AriaRole.Link, new() { Name = "报送困难群众帮困表" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "验收", Exact = true }).ClickAsync();
            await Expect(page.Locator("#c" + community).GetByText("已验收")).ToBeVisibleAsync();
            await page.SetViewportSizeAsync(Chromium.Desktop.Width, Chromium.Desktop.Height);
            await page.GotoAsync("/Tasks/Board");
            await ScreenshotTests.SaveAsync(page, folder, "tasks-board-desktop.png");
        }
    }
}
