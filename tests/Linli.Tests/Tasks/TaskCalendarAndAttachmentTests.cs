using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Tasks;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Tasks;

/// <summary>
/// Tasks follow the working-day calendar: importing a year's holiday schedule recomputes the deadlines of tasks still open in
/// some community (audited, the community told when it came earlier), and parts already closed keep theirs. And the street
/// adds and removes a task's attachments through the API with the page's limits. One demo app per engine.
/// </summary>
public class TaskCalendarAndAttachmentTests
{
    static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    static async Task<long> AssignAsync(HttpClient street, object body) => (await TaskTests.AssignAsync(street, body)).GetProperty("id").GetInt64();

    static MultipartFormDataContent Files(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }
        return form;
    }

    static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return text.StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("title", out var title) ? title.GetString() ?? "" : text;
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ImportingAYearMovesOpenTaskDeadlinesAndTheStreetKeepsATasksAttachmentsThroughTheApi(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var xfl = await app.UnitIdAsync("CGJD-XFL");
        var hp = await app.UnitIdAsync("CGJD-HP");
        var street = await app.ClientForAsync(Roles.StreetOfficer);
        var lead = await app.ClientForAsync(Roles.CommunityLead);

        // Three tasks placed in a year whose schedule is not yet published (weekends only): one given as 5 working days from a
        // Monday, to both communities, 和平社区's part already accepted; one given as the next Wednesday; one from before the limit was kept.
        var year = Today.Year + 3;
        var monday = new DateOnly(year, 3, 1);
        while (monday.DayOfWeek != DayOfWeek.Monday) monday = monday.AddDays(1);
        var byDays = await AssignAsync(street, new { department = "民政", title = "核对低保家庭收入", dutyItem = "低保初审", requirements = "逐户核对。", workingDays = 5, communityIds = new[] { xfl, hp } });
        var byDate = await AssignAsync(street, new { department = "综治", title = "排查消防通道", dutyItem = "平安建设", requirements = "排查。", workingDays = 3, communityIds = new[] { xfl } });
        var legacy = await AssignAsync(street, new { department = "老龄", title = "走访高龄老人", dutyItem = (string?)null, requirements = "走访。", workingDays = 3, communityIds = new[] { hp } });
        await using (var db = app.Database.Target.CreateContext())
        {
            await db.Set<AssignedTask>().Where(t => t.Id == byDays).ExecuteUpdateAsync(s => s.SetProperty(t => t.AssignedOn, monday).SetProperty(t => t.DueDate, monday.AddDays(7)));
            await db.Set<AssignedTask>().Where(t => t.Id == byDate).ExecuteUpdateAsync(s => s.SetProperty(t => t.AssignedOn, monday)
                .SetProperty(t => t.WorkingDays, (int?)null).SetProperty(t => t.DueAsked, monday.AddDays(9)).SetProperty(t => t.DueDate, monday.AddDays(9)));
            await db.Set<AssignedTask>().Where(t => t.Id == legacy).ExecuteUpdateAsync(s => s.SetProperty(t => t.AssignedOn, monday)
                .SetProperty(t => t.WorkingDays, (int?)null).SetProperty(t => t.DueDate, monday.AddDays(9)));
            await db.Set<TaskAssignment>().Where(a => a.TaskId == byDays && a.CommunityId == hp).ExecuteUpdateAsync(s => s.SetProperty(a => a.State, TaskState.Accepted));
        }

        // The notice makes that week's Saturday a working day (补班) and the next week's Wednesday a holiday.
        await using (var scope = app.Web.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LinliDb>();
            var calendars = scope.ServiceProvider.GetRequiredService<WorkCalendars>();
            Assert.False((await calendars.CurrentAsync(db, default)).IsOfficial(year));
            Assert.Equal(monday.AddDays(7), TaskClock.DueIn(monday, 5, await calendars.CurrentAsync(db, default)));
            await calendars.ImportAsync(db, $$"""{"year":{{year}},"papers":["测试通知"],"days":[{"name":"测试补班","date":"{{monday.AddDays(5):yyyy-MM-dd}}","isOffDay":false},{"name":"测试假日","date":"{{monday.AddDays(9):yyyy-MM-dd}}","isOffDay":true}]}""", "test", default);
        }

        await using (var check = app.Database.Target.CreateContext())
        {
            // 5 working days from Monday now end on the Saturday made a working day: earlier, for 幸福里 whose part is open;
            // 和平社区's accepted part keeps the Monday it was judged by. The Wednesday made a holiday rolls to Thursday.
            Assert.Equal(monday.AddDays(5), (await check.Set<AssignedTask>().SingleAsync(t => t.Id == byDays)).DueDate);
            Assert.Equal(monday.AddDays(7), (await check.Set<TaskAssignment>().SingleAsync(a => a.TaskId == byDays && a.CommunityId == hp)).KeptDueDate);
            Assert.Null((await check.Set<TaskAssignment>().SingleAsync(a => a.TaskId == byDays && a.CommunityId == xfl)).KeptDueDate);
            Assert.Equal(monday.AddDays(10), (await check.Set<AssignedTask>().SingleAsync(t => t.Id == byDate)).DueDate);
            Assert.Equal(monday.AddDays(9), (await check.Set<AssignedTask>().SingleAsync(t => t.Id == legacy)).DueDate);
            var events = await check.Set<TaskEvent>().Join(check.Set<TaskAssignment>(), e => e.AssignmentId, a => a.Id, (e, a) => new { e.Kind, a.TaskId, a.CommunityId })
                .Where(x => x.Kind == TaskEventKind.DueEarlier || x.Kind == TaskEventKind.Rescheduled).ToListAsync();
            Assert.Equal(new[] { (TaskEventKind.DueEarlier, byDays, xfl), (TaskEventKind.Rescheduled, byDate, xfl) },
                events.Select(e => (e.Kind, e.TaskId, e.CommunityId)).OrderBy(e => e.TaskId).ToArray());
            var audited = await check.AuditEntries.Where(a => a.TargetKind == "task" && a.Detail!.Contains("期限重算")).Select(a => a.TargetId).ToListAsync();
            Assert.Equal(new long?[] { byDays, byDate }, audited.Order().ToArray());
        }
        var task = await street.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{byDays}");
        Assert.Equal($"{monday.AddDays(5):yyyy-MM-dd}", task.GetProperty("dueDate").GetString());
        var list = await lead.GetStringAsync("/Tasks");
        Assert.Contains("以下任务的截止日期提前了", list);
        Assert.Contains($"{monday.AddDays(7):yyyy-MM-dd} → {monday.AddDays(5):yyyy-MM-dd}", list);
        Assert.Contains("期限提前的任务", await lead.GetStringAsync("/"));
        Assert.DoesNotContain("以下任务的截止日期提前了", await street.GetStringAsync("/Tasks"));

        // Attachments through the API: the street adds two, a community reads them but may not add; the page's limits hold.
        var added = await street.PostAsync($"/api/v1/tasks/{byDays}/attachments", Files(("通知.txt", "请于本周内完成"u8.ToArray()), ("核对表.xlsx", new byte[] { 1, 2, 3 })));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var attachments = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["通知.txt", "核对表.xlsx"], attachments.EnumerateArray().Select(a => a.GetProperty("fileName").GetString()!).ToArray());
        var seen = await lead.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{byDays}/attachments");
        Assert.Equal(2, seen.GetArrayLength());
        Assert.Equal("请于本周内完成", await lead.GetStringAsync(seen[0].GetProperty("href").GetString()));
        await ProblemAsync(await lead.PostAsync($"/api/v1/tasks/{byDays}/attachments", Files(("x.txt", new byte[] { 1 }))), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/api/v1/tasks/{legacy}/attachments")).StatusCode);
        Assert.Contains("空文件", await ProblemAsync(await street.PostAsync($"/api/v1/tasks/{byDays}/attachments", Files(("空.txt", Array.Empty<byte>()))), HttpStatusCode.BadRequest));
        Assert.Contains("超过 5 MB", await ProblemAsync(await street.PostAsync($"/api/v1/tasks/{byDays}/attachments",
            Files(("大.bin", new byte[TaskFile.MaxBytes + 1]))), HttpStatusCode.BadRequest));
        Assert.Contains("已有 2 个", await ProblemAsync(await street.PostAsync($"/api/v1/tasks/{byDays}/attachments",
            Files(("1.txt", new byte[] { 1 }), ("2.txt", new byte[] { 2 }), ("3.txt", new byte[] { 3 }), ("4.txt", new byte[] { 4 }))), HttpStatusCode.BadRequest));
        Assert.Contains("请选择要上传的文件", await ProblemAsync(await street.PostAsync($"/api/v1/tasks/{byDays}/attachments", new MultipartFormDataContent { { new StringContent("x"), "note" } }), HttpStatusCode.BadRequest));
        Assert.Contains("multipart", await ProblemAsync(await street.PostAsJsonAsync($"/api/v1/tasks/{byDays}/attachments", new { files = "x" }), HttpStatusCode.BadRequest));

        // Removing: only the street, only the task's own attachments; a community's evidence stays.
        var first = seen[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.DeleteAsync($"/api/v1/tasks/{byDays}/attachments/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await street.DeleteAsync($"/api/v1/tasks/{byDays}/attachments/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await street.DeleteAsync($"/api/v1/tasks/{byDays}/attachments/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await street.DeleteAsync($"/api/v1/tasks/{byDate}/attachments/{seen[1].GetProperty("id").GetInt64()}")).StatusCode);
        using (var evidence = new MultipartFormDataContent { { new StringContent("已排查"), "note" }, { new ByteArrayContent("照片"u8.ToArray()), "files", "现场.jpg" } })
            Assert.Equal(HttpStatusCode.OK, (await lead.PostAsync($"/api/v1/tasks/{byDate}/communities/{xfl}/report", evidence)).StatusCode);
        var evidenceId = (await street.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{byDate}")).GetProperty("communities")[0].GetProperty("evidence")[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NotFound, (await street.DeleteAsync($"/api/v1/tasks/{byDate}/attachments/{evidenceId}")).StatusCode);
        Assert.Equal(["核对表.xlsx"], (await street.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{byDays}")).GetProperty("attachments").EnumerateArray()
            .Select(a => a.GetProperty("fileName").GetString()!).ToArray());
        await using (var check = app.Database.Target.CreateContext())
        {
            Assert.True(await check.AuditEntries.AnyAsync(a => a.TargetKind == "task" && a.TargetId == byDays && a.Detail!.Contains("添加附件：通知.txt、核对表.xlsx")));
            Assert.True(await check.AuditEntries.AnyAsync(a => a.TargetKind == "task" && a.TargetId == byDays && a.Detail!.Contains("删除任务《核对低保家庭收入》的附件：通知.txt")));
        }
        var openApi = await street.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var path = openApi.GetProperty("paths").GetProperty("/api/v1/tasks/{id}/attachments");
        Assert.True(path.TryGetProperty("get", out _) && path.TryGetProperty("post", out _));
        Assert.True(openApi.GetProperty("paths").GetProperty("/api/v1/tasks/{id}/attachments/{fileId}").TryGetProperty("delete", out _));
    }
}
