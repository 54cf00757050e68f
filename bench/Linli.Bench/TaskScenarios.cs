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
        yield return new("tasks-board", $"街道任务看板（{s.Communities.Count} 个社区，本月和未完成的任务，各部门数字）", 200,
            _ => Clients.GetAsync(c.Street, "/api/v1/tasks/board", ct), _ => RawBoard(), Math.Max(3, iterations / 4), 2);
    }
}
