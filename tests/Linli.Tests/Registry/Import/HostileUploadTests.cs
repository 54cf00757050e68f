using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Registry.Import;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Registry.Import;

/// <summary>Hostile files sent to the real server: refused with a sentence, several at once, and the server's memory stays small.</summary>
public class HostileUploadTests
{
    internal static MultipartFormDataContent Form(byte[] file, string into, string name = "名册.xlsx")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", name);
        form.Add(new StringContent(into), "into");
        return form;
    }

    static async Task<string> FirstErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, report.GetProperty("imported").GetInt32());
        return report.GetProperty("errors")[0].GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task ThreeBombsUploadedAtOnceAreRefusedAndTheServerStaysWithinItsMemory()
    {
        await using var app = await AuditKit.StartAsync();
        var lead = await AuditKit.LoggedInClientAsync(app, Roles.CommunityLead);
        var files = new[] { HostileFiles.OneHugeCell(1L << 30), HostileFiles.LyingSheet(300 * 1024 * 1024), HostileFiles.WideRows(24) };

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Environment.WorkingSet;
        var peak = before;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                await Task.Delay(20);
            }
        });
        var answers = await Task.WhenAll(files.Select(f => lead.PostAsync("/api/v1/imports", Form(f, "CGJD-XFL-01"))));
        await done.CancelAsync();
        await sampler;

        Assert.Contains("文件解压后超过 200 MB", await FirstErrorAsync(answers[0]));
        Assert.False(string.IsNullOrEmpty(await FirstErrorAsync(answers[1])));
        Assert.Contains("超过 256 列", await FirstErrorAsync(answers[2]));
        // The report's server took 2.9 GB for one such file and 8.3 GB for three; the whole test process stays far below.
        var grewMb = (peak - before) / 1024 / 1024;
        Assert.True(grewMb < 400, $"the process grew by {grewMb} MB while three hostile uploads ran");
    }

    [Fact]
    public async Task WhatIsNotARosterIsSaidInChineseOnTheApiThePageAndTheCommandLine()
    {
        await using var app = await AuditKit.StartAsync();
        var lead = await AuditKit.LoggedInClientAsync(app, Roles.CommunityLead);
        Assert.Contains("不是 Excel 或 CSV 文件", await FirstErrorAsync(await lead.PostAsync("/api/v1/imports", Form(HostileFiles.RandomBytes(20_000), "CGJD-XFL-01", "名册.csv"))));
        var headerOnly = Csv.Write(Csv.Utf8WithBom, [["姓名", "公民身份号码"]]);
        Assert.Contains("表头下面没有数据行", await FirstErrorAsync(await lead.PostAsync("/api/v1/imports", Form(headerOnly, "CGJD-XFL-01", "名册.csv"))));

        var path = Path.Combine(app.Database.DataDir, "只有表头.csv");
        await File.WriteAllBytesAsync(path, headerOnly);
        var cli = await AuditKit.Cli(app, null, "import", "residents", path, "--into", "CGJD-XFL-01");
        Assert.Equal(1, cli.Exit);
        Assert.Contains("表头下面没有数据行", cli.Out);
        var random = Path.Combine(app.Database.DataDir, "乱码.xlsx");
        await File.WriteAllBytesAsync(random, HostileFiles.RandomBytes(5_000));
        var refused = await AuditKit.Cli(app, null, "import", "residents", random, "--into", "CGJD-XFL-01", "--json");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("不是 Excel 或 CSV 文件", JsonDocument.Parse(refused.Out).RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task TooLargeAnswers413AndEveryProblemIsInTheUsersLanguage()
    {
        await using var app = await AuditKit.StartAsync();
        var lead = await AuditKit.LoggedInClientAsync(app, Roles.CommunityLead);

        // Expect: 100-continue, so that the client hears the refusal before it sends the 25 MB.
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports") { Content = Form(new byte[25 * 1024 * 1024], "CGJD-XFL-01") };
        upload.Headers.ExpectContinue = true;
        var tooLarge = await lead.SendAsync(upload);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        var problem = await tooLarge.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("上传的内容太大", problem.GetProperty("title").GetString());
        Assert.Contains("拆分名册", problem.GetProperty("detail").GetString());

        var notFound = await lead.GetAsync("/api/v1/residents/987654");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("找不到", (await notFound.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var english = await lead.GetAsync("/api/v1/residents/987654?culture=en");
        Assert.Equal("Not found", (await english.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var traditional = await lead.GetAsync("/api/v1/residents/987654?culture=zh-Hant");
        Assert.Contains("它不在你的管轄範圍內", (await traditional.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var invalid = await lead.PostAsJsonAsync("/api/v1/residents", new { householdId = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("提交的居民信息有误", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        var anonymous = await app.Client().GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // The page: a body over the limit is a page that says so, not a 500.
        var token = await LinliApp.AntiforgeryTokenAsync(lead, "/Registry/Import");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("1"), "Input.UnitId" } };
        form.Add(new ByteArrayContent(new byte[25 * 1024 * 1024]), "Input.File", "大.xlsx");
        using var pageUpload = new HttpRequestMessage(HttpMethod.Post, "/Registry/Import?handler=Preview") { Content = form };
        pageUpload.Headers.ExpectContinue = true;
        var page = await lead.SendAsync(pageUpload);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.StatusCode);
        Assert.Contains("上传的文件太大", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheImportPageShowsTheQueueAndRefusesRandomBytesWithASentence()
    {
        await using var app = await AuditKit.StartAsync();
        var lead = await AuditKit.LoggedInClientAsync(app, Roles.CommunityLead);
        var html = await lead.GetStringAsync("/Registry/Import");
        Assert.Contains("id=\"import-queue\"", html);
        Assert.Contains("hx-get=\"/Registry/Import?handler=Status\"", html);
        var status = await lead.GetAsync("/Registry/Import?handler=Status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.DoesNotContain("正在", await status.Content.ReadAsStringAsync());
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync("/Registry/Import?handler=Status")).StatusCode);

        // An import holds the queue: the page names it and its progress, a fifth waiting upload is answered 503 at once.
        var queue = app.Web.Services.GetRequiredService<ImportQueue>();
        long gridId;
        await using (var db = app.Database.Target.CreateContext())
            gridId = await db.OrgUnits.Where(o => o.Code == "CGJD-XFL-01").Select(o => o.Id).SingleAsync();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = queue.RunAsync(gridId, dryRun: false, p => { p.Report(3_000); return release.Task; }, default);
        var waiting = Enumerable.Range(0, ImportQueue.MaxWaiting).Select(_ => queue.RunAsync(gridId, dryRun: true, _ => Task.FromResult(0), default)).ToList();
        var shown = await lead.GetStringAsync("/Registry/Import?handler=Status");
        Assert.Contains("正在导入名册（幸福里社区 / 第一居民组）：已写入 3,000 人", shown);
        Assert.Contains($"另有 {ImportQueue.MaxWaiting} 个名册在排队", shown);
        var full = await lead.PostAsync("/api/v1/imports", Form(CleanRoster.Xlsx(CleanRoster.People(3)), "CGJD-XFL-01"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), full.Headers.RetryAfter?.Delta);
        Assert.Equal("导入排队已满", (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        release.SetResult(0);
        await running;
        await Task.WhenAll(waiting);
        Assert.Null(queue.Now.Running);
    }
}
