using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>The import page over real HTTP: upload → preview with every problem → confirm → result.</summary>
public partial class ImportPageTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    static async Task<HttpResponseMessage> PreviewAsync(HttpClient client, byte[] file, long unitId)
    {
        var token = await LinliApp.AntiforgeryTokenAsync(client, "/Registry/Import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(unitId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Input.UnitId" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "Input.File", "第一居民组花名册.xlsx");
        return await client.PostAsync("/Registry/Import?handler=Preview", form);
    }

    static async Task<string> ConfirmAsync(HttpClient client, string previewHtml, bool skipInvalid, string? upload = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Hidden(previewHtml, "__RequestVerificationToken"),
            ["Confirm.Upload"] = upload ?? Hidden(previewHtml, "Confirm.Upload"),
            ["Confirm.UnitId"] = Hidden(previewHtml, "Confirm.UnitId"),
            ["Confirm.FileName"] = Hidden(previewHtml, "Confirm.FileName"),
        };
        if (skipInvalid) fields["Confirm.SkipInvalid"] = "true";
        var response = await client.PostAsync("/Registry/Import?handler=Confirm", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    static string Hidden(string html, string name)
    {
        var m = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"");
        Assert.True(m.Success, $"no field {name} on the page");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    async Task<long> GridIdAsync(string community, string grid)
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var c = await db.OrgUnits.SingleAsync(o => o.Name == community);
        return await db.OrgUnits.Where(o => o.ParentId == c.Id && o.Name == grid).Select(o => o.Id).SingleAsync();
    }

    async Task<int> ResidentsAsync(long gridId)
    {
        await using var db = demo.App.Database.Target.CreateContext();
        return await db.Residents.CountAsync(r => r.GridId == gridId);
    }

    [Fact]
    public async Task ACommunityLeadUploadsPreviewsTheProblemsAndConfirms()
    {
        var client = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        var page = await client.GetStringAsync("/Registry/Import");
        Assert.Contains("<label for=\"Input_File\">名册文件", page);
        Assert.Contains(">幸福里社区 / 第一居民组</option>", page);
        Assert.DoesNotContain("和平社区", page);

        var grid = await GridIdAsync("幸福里社区", "第一居民组");
        var before = await ResidentsAsync(grid);
        var roster = MessyRosterTests.MessyRoster();
        var preview = await PreviewAsync(client, roster.File, grid);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("表头在第 3 行", html);
        Assert.Matches("data-stat=\"rows\">12<", html);
        Assert.Matches("data-stat=\"errors\">2<", html);
        var problems = ProblemRow().Matches(html).Select(m => (Row: m.Groups[2].Value, Column: m.Groups[3].Value, Kind: m.Groups[1].Value)).ToList();
        Assert.Contains(("8", "公民身份号码", "error"), problems);
        Assert.Contains(("9", "公民身份号码", "error"), problems);
        Assert.Contains(("13", "", "duplicate"), problems);
        Assert.Contains(("11", "性别", "warning"), problems);
        Assert.DoesNotContain(roster.Zhang, html);
        Assert.Equal(before, await ResidentsAsync(grid));

        // Confirmed without leave to skip the two bad rows: nothing is imported, and the page says why, next to the choice.
        var refused = await ConfirmAsync(client, html, skipInvalid: false);
        Assert.Contains("有 2 行有错误，没有导入任何数据", refused);
        Assert.Contains("id=\"skip-error\"", refused);
        Assert.Equal(before, await ResidentsAsync(grid));

        var done = await ConfirmAsync(client, refused, skipInvalid: true);
        Assert.Contains("已导入 9 名居民", done);
        Assert.Equal(before + 9, await ResidentsAsync(grid));

        // The file is gone once imported: confirming again imports nothing twice.
        var stale = await ConfirmAsync(client, refused, skipInvalid: true);
        Assert.Contains("上传的文件已过期或已经导入过", stale);
        Assert.Equal(before + 9, await ResidentsAsync(grid));
    }

    [Fact]
    public async Task ALeadCannotImportOutsideTheirCommunityAndMistakesAreShownAtTheField()
    {
        var client = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        var elsewhere = await GridIdAsync("和平社区", "第一网格");
        var response = await PreviewAsync(client, MessyRosterTests.MessyRoster().File, elsewhere);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Input.UnitId\"[^>]*>请选择导入到哪个社区或网格<", html);

        var token = await LinliApp.AntiforgeryTokenAsync(client, "/Registry/Import");
        using var empty = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var noFile = await (await client.PostAsync("/Registry/Import?handler=Preview", empty)).Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Input.File\"[^>]*>请选择一个名册文件", noFile);
    }

    [Fact]
    public async Task AGridCadreMayNotImportAndAFormWithoutTokenIsRefused()
    {
        var cadre = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync("/Registry/Import")).StatusCode);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(MessyRosterTests.MessyRoster().File), "Input.File", "x.xlsx" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PostAsync("/Registry/Import?handler=Preview", form)).StatusCode);

        var lead = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        using var forged = new MultipartFormDataContent { { new ByteArrayContent(MessyRosterTests.MessyRoster().File), "Input.File", "x.xlsx" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PostAsync("/Registry/Import?handler=Preview", forged)).StatusCode);
    }

    [GeneratedRegex("<tr data-kind=\"(\\w+)\">\\s*<td class=\"num\">(\\d+)</td>\\s*<td>([^<]*)</td>")]
    private static partial Regex ProblemRow();
}
