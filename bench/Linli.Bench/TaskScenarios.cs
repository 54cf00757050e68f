using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Linli.Bench;

/// <summary>
/// The street's task board (issue 16, "the street's task board for 100 communities ≤ 200 ms"): every task of the month or
/// still open, one cell per community, and the month's numbers per department — against the same rows read by hand. The
/// district has no tasks of its own, so <see cref="TasksPerMonth"/> tasks this month and as many last month (a third of those
/// still open) are given to every community of the bench street, once (kept when the district is reused).
/// </summary>
static class TaskScenarios
{
    public const int TasksPerMonth = 20;

    public static async Task EnsureTasksAsync(DatabaseTarget target, Samples s, TextWriter log, CancellationToken ct)
    {
        await using var db = target.CreateContext();
        if (await db.Set<AssignedTask>().AnyAsync(t => t.StreetId == s.StreetId, ct)) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var author = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(ct);
        var rng = new Random(16);
        var today = DateOnly.FromDateTime(DateTime.Today);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        string[] departments = ["民政", "人社", "医保", "残联", "老龄", "综治", "组织", "妇联"];
        var tasks = new List<AssignedTask>();
        foreach (var month in new[] { thisMonth.AddMonths(-1), thisMonth })
            for (var n = 0; n < TasksPerMonth; n++)
            {
                var assigned = month.AddDays(Math.Min(n, 27));
                if (assigned > today) assigned = today;
                tasks.Add(new AssignedTask
                {
                    StreetId = s.StreetId, Department = departments[rng.Next(departments.Length)], Title = $"基准任务 {month:yyyy-MM} 第 {n + 1} 项",
                    DutyItem = n % 5 == 0 ? null : "基准职责", Requirements = "基准测试的任务要求。", AssignedOn = assigned, DueDate = assigned.AddDays(7 + rng.Next(14)),
                    CreatedById = author, CreatedByName = "基准街道", CreatedUtc = DateTime.UtcNow,
                });
            }
        await BulkWriter.InsertAsync(db, tasks, ct);
        var states = Enum.GetValues<TaskState>();
        var parts = tasks.SelectMany(t => s.Communities.Select(c =>
        {
            var state = t.AssignedOn < thisMonth && rng.Next(3) > 0 ? TaskState.Accepted : states[rng.Next(states.Length)];
            DateOnly? submitted = state is TaskState.Submitted or TaskState.Accepted ? t.DueDate.AddDays(rng.Next(-5, 3)) : null;
            return new TaskAssignment { TaskId = t.Id, CommunityId = c.Id, State = state, SubmittedOn = submitted, Reminders = rng.Next(2) };
        })).ToList();
        await BulkWriter.InsertAsync(db, parts, ct);
        await tx.CommitAsync(ct);
        await db.Database.ExecuteSqlRawAsync(target.IsPostgres ? "ANALYZE \"AssignedTasks\"; ANALYZE \"TaskAssignments\"" : "ANALYZE", ct);
        await log.WriteLineAsync($"  上级任务：{tasks.Count} 项 × {s.Communities.Count} 个社区 = {parts.Count:N0} 条");
    }

    public static IEnumerable<Scenario> Build(Samples s, Clients c, RawDb raw, int iterations, int warmup, CancellationToken ct)
    {
        var communities = RawDb.List(s.Communities.Select(x => x.Id));
        var today = DateOnly.FromDateTime(DateTime.Today);
        var from = new DateOnly(today.Year, today.Month, 1);
        var to = from.AddMonths(1);
        async Task RawBoard()
        {
            await raw.ReadAsync($"SELECT \"Id\", \"Name\" FROM \"OrgUnits\" WHERE \"Id\" IN ({communities}) ORDER BY \"SortOrder\", \"Id\"", ct);
            await raw.ReadAsync("SELECT t.\"Id\", t.\"Department\", t.\"Title\", t.\"DutyItem\", t.\"AssignedOn\", t.\"DueDate\", a.\"CommunityId\", a.\"State\", a.\"SubmittedOn\" " +
                $"FROM \"TaskAssignments\" a JOIN \"AssignedTasks\" t ON t.\"Id\" = a.\"TaskId\" WHERE a.\"CommunityId\" IN ({communities}) " +
                "AND ((t.\"AssignedOn\" >= @f AND t.\"AssignedOn\" < @t) OR (t.\"AssignedOn\" < @t AND a.\"State\" IN ('Todo', 'InProgress', 'Returned', 'Submitted')))",
                ct, ("@f", raw.Date(from)), ("@t", raw.Date(to)));
        }
        // The 迎检 pack: the first community's lead submits ten ledgers once (the first ten the catalogue offers her), records an
        // inspection that shows them, and downloads its zip; the raw twin reads the same ten latest frozen submissions.
        var community = s.Communities[0].Id;
        var prepared = new Lazy<Task<(long Inspection, string[] Keys)>>(() => PreparePackAsync(c.Lead, community, ct));
        async Task RawPack()
        {
            var (_, keys) = await prepared.Value;
            foreach (var key in keys)
                await raw.ReadAsync("SELECT \"Id\", \"TemplateName\", \"PeriodFrom\", \"PeriodTo\", \"HeadingsJson\", \"TypedJson\", \"CellsJson\" FROM \"LedgerSubmission\" " +
                    "WHERE \"TemplateKey\" = @k AND \"UnitId\" = @u AND \"State\" <> 'Returned' ORDER BY \"PeriodFrom\" DESC, \"Id\" DESC LIMIT 1", ct, ("@k", key), ("@u", community));
        }
        yield return new("tasks-inspection-pack", "迎检材料包（一个社区，十份台账最近一次报送的 xlsx，zip）", 5000,
            async _ => await Clients.GetAsync(c.Lead, $"/api/v1/tasks/inspections/{(await prepared.Value).Inspection}/pack", ct), _ => RawPack(), Math.Max(3, iterations / 10), 1);
        yield return new("tasks-board", $"街道任务看板（{s.Communities.Count} 个社区，本月和未完成的任务，各部门数字）", 200,
            _ => Clients.GetAsync(c.Street, "/api/v1/tasks/board", ct), _ => RawBoard(), Math.Max(3, iterations / 4), 2);
    }

    /// <summary>Ten ledgers submitted for the community this month and an inspection that shows them; the inspection's id and the keys.</summary>
    static async Task<(long, string[])> PreparePackAsync(HttpClient lead, long community, CancellationToken ct)
    {
        var templates = await lead.GetFromJsonAsync<JsonElement>("/api/v1/ledgers/templates", ct);
        var keys = templates.EnumerateArray().Select(t => t.GetProperty("key").GetString()!).Take(10).ToArray();
        if (keys.Length < 10) throw new InvalidOperationException($"the lead may generate only {keys.Length} ledgers; the pack scenario wants ten");
        var month = DateTime.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        foreach (var key in keys)
        {
            using var submitted = await lead.PostAsync($"/api/v1/ledgers/templates/{Uri.EscapeDataString(key)}/submissions?unit={community}&month={month}", null, ct);
            if (submitted.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"submitting {key} answered {(int)submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync(ct)}");
        }
        using var recorded = await lead.PostAsJsonAsync("/api/v1/tasks/inspections", new
        {
            communityId = community, date = DateOnly.FromDateTime(DateTime.Today), kind = "检查", by = "基准检查组", items = "台账检查", ledgerKeys = keys, taskIds = Array.Empty<long>(),
        }, ct);
        if (recorded.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"recording the inspection answered {(int)recorded.StatusCode}: {await recorded.Content.ReadAsStringAsync(ct)}");
        return ((await recorded.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64(), keys);
    }
}
