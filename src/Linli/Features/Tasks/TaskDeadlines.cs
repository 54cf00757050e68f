using Linli.Data;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Tasks;

/// <summary>
/// After a year's holiday schedule is imported: every task with a community still at work on it gets its deadline recomputed
/// from the limit the street gave (so many working days from the day it was assigned, or a date rolled past rest days).
/// Each task whose deadline moved is one audit row, and each open part one history row — 期限提前 when it came earlier, which
/// the community sees on its list and home page. Parts already submitted or accepted keep the deadline they were judged by.
/// Tasks from before the limit was kept (no <see cref="AssignedTask.WorkingDays"/> nor <see cref="AssignedTask.DueAsked"/>) are left alone.
/// </summary>
public sealed class TaskDeadlines(IServiceScopeFactory scopes, TimeProvider clock) : IOpenDeadlines
{
    static readonly TaskState[] Open = [TaskState.Todo, TaskState.InProgress, TaskState.Returned];

    public static bool IsOpen(TaskState s) => Open.Contains(s);

    public async Task<int> RecomputeAsync(LinliDb db, WorkCalendar calendar, IReadOnlyCollection<int> years, CancellationToken ct)
    {
        var tasks = await db.Set<AssignedTask>()
            .Where(t => (t.WorkingDays != null || t.DueAsked != null) && db.Set<TaskAssignment>().Any(a => a.TaskId == t.Id && Open.Contains(a.State)))
            .ToListAsync(ct);
        var changed = tasks.Select(t => (Task: t, Due: t.WorkingDays is { } n ? TaskClock.DueIn(t.AssignedOn, n, calendar) : TaskClock.DueOn(t.DueAsked!.Value, calendar)))
            .Where(x => x.Due != x.Task.DueDate).ToList();
        if (changed.Count == 0) return 0;
        await using var scope = scopes.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var ids = changed.Select(x => x.Task.Id).ToList();
        var parts = (await db.Set<TaskAssignment>().Where(a => ids.Contains(a.TaskId)).ToListAsync(ct)).ToLookup(a => a.TaskId);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var (task, due) in changed)
        {
            var before = task.DueDate;
            task.DueDate = due;
            int earlier = 0, kept = 0;
            foreach (var part in parts[task.Id])
            {
                if (!IsOpen(part.State))
                {
                    part.KeptDueDate ??= before;
                    kept++;
                    continue;
                }
                var was = part.KeptDueDate ?? before;
                part.KeptDueDate = null;
                if (was == due) continue;
                if (due < was) earlier++;
                db.Add(new TaskEvent
                {
                    AssignmentId = part.Id, Kind = due < was ? TaskEventKind.DueEarlier : TaskEventKind.Rescheduled, AtUtc = now, ByName = "系统",
                    Note = $"节假日安排更新，截止日期 {was:yyyy-MM-dd} → {due:yyyy-MM-dd}",
                });
            }
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(db, AuditActions.TaskWrite, AuditTarget.AssignedTask(task.Id), task.StreetId,
                $"节假日安排导入后期限重算《{task.Title}》：{before:yyyy-MM-dd} → {due:yyyy-MM-dd}（{earlier} 个社区期限提前，{kept} 个已提交的社区保留原期限）", ct: ct);
        }
        if (own is not null) await own.CommitAsync(ct);
        return changed.Count;
    }
}
