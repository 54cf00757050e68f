using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Tasks;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Linli.Tests.Tasks;

/// <summary>A task from the street through all its states with its reminders on the working-day calendar, scope, a ledger
/// submission that marks its task submitted, and the 迎检 pack, over HTTP on both engines.</summary>
public class TaskTests
{
    static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    /// <summary>The street assigns a task through the API; the created task's body.</summary>
    internal static async Task<JsonElement> AssignAsync(HttpClient street, object body)
    {
        var response = await street.PostAsJsonAsync("/api/v1/tasks", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static JsonElement Part(JsonElement task, long community) =>
        task.GetProperty("communities").EnumerateArray().Single(p => p.GetProperty("communityId").GetInt64() == community);

    static async Task<JsonElement> MoveAsync(HttpClient client, long task, long community, string move, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/tasks/{task}/communities/{community}/{move}", body ?? new { });
        Assert.True(response.StatusCode == expected, $"{move}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return expected == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ATaskGoesThroughItsStatesWithRemindersScopeLedgerAndInspectionPack(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var xfl = await app.UnitIdAsync("CGJD-XFL");
        var hp = await app.UnitIdAsync("CGJD-HP");
        var street = await app.ClientForAsync(Roles.StreetOfficer);
        var lead = await app.ClientForAsync(Roles.CommunityLead);
        WorkCalendar calendar;
        await using (var db = app.Database.Target.CreateContext())
            calendar = await app.Web.Services.GetRequiredService<WorkCalendars>().CurrentAsync(db, default);

        // Assigned with a limit of one working day: due on the next working day, and reminded at once (2 working days before).
        var task = await AssignAsync(street, new
        {
            department = "民政", title = "核查高龄津贴发放对象", dutyItem = "高龄津贴申领初审", requirements = "逐户核对在世情况，上报核查表。",
            workingDays = 1, communityIds = new[] { xfl, hp },
        });
        var id = task.GetProperty("id").GetInt64();
        var due = TaskClock.DueIn(Today, 1, calendar);
        Assert.Equal(due, DateOnly.Parse(task.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Todo", Part(task, xfl).GetProperty("state").GetString());
        var mine = await lead.GetFromJsonAsync<JsonElement>("/api/v1/tasks");
        var row = mine.EnumerateArray().Single(r => r.GetProperty("taskId").GetInt64() == id);
        Assert.Equal(xfl, row.GetProperty("communityId").GetInt64());
        Assert.Equal($"还剩 {calendar.WorkingDaysBetween(Today, due)} 个工作日", row.GetProperty("reminder").GetString());
        Assert.DoesNotContain(mine.EnumerateArray(), r => r.GetProperty("communityId").GetInt64() == hp);

        // 催办 by the street is recorded; the community starts, submits; the street returns with a reason, then accepts.
        Assert.Equal(1, Part(await MoveAsync(street, id, xfl, "remind", new { note = "请抓紧" }), xfl).GetProperty("reminders").GetInt32());
        await MoveAsync(street, id, xfl, "accept", expected: HttpStatusCode.BadRequest);
        Assert.Equal("InProgress", Part(await MoveAsync(lead, id, xfl, "start"), xfl).GetProperty("state").GetString());
        await MoveAsync(lead, id, xfl, "report", new { note = "" }, HttpStatusCode.BadRequest);
        Assert.Equal("Submitted", Part(await MoveAsync(lead, id, xfl, "report", new { note = "已核查 312 人" }), xfl).GetProperty("state").GetString());
        await MoveAsync(lead, id, xfl, "accept", expected: HttpStatusCode.Forbidden);
        await MoveAsync(street, id, xfl, "return", new { note = "" }, HttpStatusCode.BadRequest);
        var returned = Part(await MoveAsync(street, id, xfl, "return", new { note = "缺少核查表" }), xfl);
        Assert.Equal("Returned", returned.GetProperty("state").GetString());
        Assert.Equal("缺少核查表", returned.GetProperty("returnReason").GetString());
        using (var form = new MultipartFormDataContent { { new StringContent("补上核查表"), "note" }, { new ByteArrayContent("核查表内容"u8.ToArray()), "files", "核查表.txt" } })
        {
            var again = await lead.PostAsync($"/api/v1/tasks/{id}/communities/{xfl}/report", form);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        var accepted = Part(await MoveAsync(street, id, xfl, "accept"), xfl);
        Assert.Equal("Accepted", accepted.GetProperty("state").GetString());
        Assert.Equal(new[] { "Assigned", "Reminded", "Started", "Submitted", "Returned", "Submitted", "Accepted" },
            accepted.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToArray());
        var evidence = accepted.GetProperty("evidence").EnumerateArray().Single();
        Assert.Equal("核查表内容", await lead.GetStringAsync(evidence.GetProperty("href").GetString()));

        // Past its deadline, 和平社区's open part is overdue, counted late on the board; 幸福里's was on time.
        await using (var db = app.Database.Target.CreateContext())
            await db.Set<AssignedTask>().Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueDate, Today.AddDays(-10)).SetProperty(t => t.AssignedOn, Today.AddDays(-12)));
        var overdue = (await street.GetFromJsonAsync<JsonElement>("/api/v1/tasks?show=overdue")).EnumerateArray().Single(r => r.GetProperty("taskId").GetInt64() == id);
        Assert.Equal(hp, overdue.GetProperty("communityId").GetInt64());
        Assert.Equal($"已逾期 {calendar.WorkingDaysBetween(Today.AddDays(-10), Today)} 个工作日", overdue.GetProperty("reminder").GetString());
        var board = await street.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/board?month={Today.AddDays(-12):yyyy-MM}");
        var boardRow = board.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("taskId").GetInt64() == id);
        var columns = board.GetProperty("communities").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).ToList();
        Assert.Equal("Accepted", boardRow.GetProperty("cells")[columns.IndexOf(xfl)].GetProperty("state").GetString());
        Assert.True(boardRow.GetProperty("cells")[columns.IndexOf(hp)].GetProperty("late").GetBoolean());
        var civil = board.GetProperty("numbers").EnumerateArray().Single(n => n.GetProperty("department").GetString() == "民政");
        Assert.True(civil.GetProperty("overdue").GetInt32() >= 1);
        Assert.Contains("待办上级任务", await lead.GetStringAsync("/"));

        // Scope: a task given to 和平社区 only is not found by 幸福里's lead.
        var other = await AssignAsync(street, new
        {
            department = "综治", title = "排查出租房屋", dutyItem = (string?)null, requirements = "排查辖区出租房屋。", dueDate = calendar.AddWorkingDays(Today, 5), communityIds = new[] { hp },
        });
        var otherId = other.GetProperty("id").GetInt64();
        Assert.True(other.GetProperty("outsideDutyList").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/api/v1/tasks/{otherId}")).StatusCode);
        await MoveAsync(lead, otherId, hp, "start", expected: HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/Tasks/{otherId}")).StatusCode);

        // A task that asks for a ledger is submitted by submitting the ledger.
        var ledgerTask = await AssignAsync(street, new
        {
            department = "老龄", title = "报送高龄老人名册", dutyItem = "高龄津贴", requirements = "报送本月名册。", dueDate = calendar.AddWorkingDays(Today, 3),
            ledgerKey = "registry.elderly-80", communityIds = new[] { xfl },
        });
        var ledgerTaskId = ledgerTask.GetProperty("id").GetInt64();
        Assert.Equal("80岁以上高龄老人名册", ledgerTask.GetProperty("ledger").GetString());
        var submitted = await lead.PostAsync($"/api/v1/ledgers/templates/registry.elderly-80/submissions?unit={xfl}&month={Today:yyyy-MM}", null);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var submissionId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var afterLedger = Part(await lead.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{ledgerTaskId}"), xfl);
        Assert.Equal("Submitted", afterLedger.GetProperty("state").GetString());
        Assert.Equal(submissionId, afterLedger.GetProperty("ledgerSubmissionId").GetInt64());

        // The 迎检 pack: the chosen ledger's latest submission as xlsx, the chosen task's evidence, and the list.
        var recorded = await lead.PostAsJsonAsync("/api/v1/tasks/inspections", new
        {
            communityId = xfl, date = Today, kind = "检查", by = "区民政局", items = "高龄津贴发放", result = "合格",
            ledgerKeys = new[] { "registry.elderly-80" }, taskIds = new[] { id },
        });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var inspection = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var refused = await lead.PostAsJsonAsync("/api/v1/tasks/inspections", new { communityId = xfl, date = Today, kind = "检查", by = "区民政局", items = "x", taskIds = new[] { otherId } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var pack = await lead.GetByteArrayAsync($"/api/v1/tasks/inspections/{inspection}/pack");
        using var zip = new ZipArchive(new MemoryStream(pack));
        var names = zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, names.Count);
        var ledgerEntry = zip.Entries.Single(e => e.FullName.StartsWith("台账/", StringComparison.Ordinal));
        Assert.Contains("80岁以上高龄老人名册", ledgerEntry.Name);
        using (var xlsx = new MemoryStream())
        {
            await using (var s = ledgerEntry.Open()) await s.CopyToAsync(xlsx);
            var cells = MiniExcel.Query(new MemoryStream(xlsx.ToArray()), useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
            Assert.Contains("80岁以上高龄老人名册", cells[0]["A"]?.ToString());
            Assert.Equal("序号", cells[1]["A"]);
        }
        var evidenceEntry = zip.GetEntry("佐证材料/核查高龄津贴发放对象/核查表.txt");
        Assert.NotNull(evidenceEntry);
        Assert.Equal("核查表内容", await new StreamReader(evidenceEntry.Open()).ReadToEndAsync());
        Assert.Contains("区民政局", await new StreamReader(zip.GetEntry("清单.txt")!.Open()).ReadToEndAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(Roles.CommunityLead, "CGJD-HP").GetAsync($"/api/v1/tasks/inspections/{inspection}/pack")).StatusCode);
    }
}
