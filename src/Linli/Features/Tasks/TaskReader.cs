using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Tasks;

/// <summary>Which parts a list shows: the open ones, those submitted on time, late (submitted late or open past the deadline), open and overdue, 清单外, waiting for 验收, or all.</summary>
public static class TaskShow
{
    public const string Open = "open", OnTime = "ontime", Late = "late", Overdue = "overdue", Outside = "outside", Submitted = "submitted", All = "all";
    public static readonly string[] Known = [Open, OnTime, Late, Overdue, Outside, Submitted, All];

    public static string Name(string show) => show switch
    {
        Open => "未完成",
        OnTime => "按时提交",
        Late => "逾期（含逾期提交）",
        Overdue => "逾期未交",
        Outside => "清单外",
        Submitted => "待验收",
        _ => "全部",
    };
}

/// <summary>What a task list asks for: a community, a department, the month it was assigned (yyyy-MM), which parts (<see cref="TaskShow"/>).</summary>
public sealed record TaskFilter(long? Community = null, string? Department = null, DateOnly? Month = null, string Show = TaskShow.Open);

/// <summary>One community's part as a list row.</summary>
public sealed record TaskRow(long TaskId, long CommunityId, string Community, string Department, string Title, string? DutyItem, DateOnly AssignedOn, DateOnly DueDate,
    TaskState State, DateOnly? SubmittedOn, string? LedgerName, int Reminders, Reminder Reminder)
{
    public bool OutsideDutyList => DutyItem is null;
    public bool OnTime => TaskClock.OnTime(SubmittedOn, DueDate);
    public bool Late => SubmittedOn is { } d ? d > DueDate : Reminder.Kind == ReminderKind.Overdue;
}

/// <summary>A task with the parts the user may see.</summary>
public sealed record TaskView(AssignedTask Task, IReadOnlyList<TaskPartView> Parts, IReadOnlyList<TaskFile> Attachments, string Street);

public sealed record TaskPartView(TaskAssignment Part, string Community, Reminder Reminder, IReadOnlyList<TaskFile> Evidence, IReadOnlyList<TaskEvent> History,
    bool MayReport, bool MayReview, bool MayRemind);

/// <summary>An open part whose deadline a new holiday schedule brought earlier: what the community is told.</summary>
public sealed record MovedEarlier(long TaskId, long CommunityId, string Title, string Note);

/// <summary>The street's board: tasks × communities, and the numbers per department for a month.</summary>
public sealed record TaskBoard(IReadOnlyList<(long Id, string Name)> Communities, IReadOnlyList<BoardRow> Rows, IReadOnlyList<DepartmentNumbers> Numbers, DateOnly Month);

public sealed record BoardRow(long TaskId, string Department, string Title, bool OutsideDutyList, DateOnly DueDate, IReadOnlyDictionary<long, BoardCell> Cells);

public sealed record BoardCell(TaskState State, Reminder Reminder, bool Late);

/// <summary>One department's month: tasks, parts (task × community), submitted on time, late, still overdue, 清单外 tasks.</summary>
public sealed record DepartmentNumbers(string Department, int Tasks, int Parts, int OnTime, int Late, int Overdue, int Outside);

/// <summary>Reads tasks inside the user's scope: the community's list by deadline, a task's page, the street's board.</summary>
public sealed class TaskReader(LinliDb db, WorkCalendars calendars, TimeProvider clock)
{
    public DateOnly Today => clock.Today();

    public static DateOnly? ParseMonth(string? text) =>
        text is not null && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string MonthText(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public async Task<List<TaskRow>> ListAsync(UserArea area, TaskFilter filter, CancellationToken ct)
    {
        var communities = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Read, ct);
        if (communities.Length == 0) return [];
        var q = db.Set<TaskAssignment>().AsNoTracking().InScopeOf(communities);
        if (filter.Community is { } c) q = q.Where(a => a.CommunityId == c);
        var tasks = db.Set<AssignedTask>().AsNoTracking();
        if (filter.Department is { Length: > 0 } dep) tasks = tasks.Where(t => t.Department == dep);
        if (filter.Month is { } m)
        {
            var from = new DateOnly(m.Year, m.Month, 1);
            var to = from.AddMonths(1);
            tasks = tasks.Where(t => t.AssignedOn >= from && t.AssignedOn < to);
        }
        if (filter.Show == TaskShow.Outside) tasks = tasks.Where(t => t.DutyItem == null);
        var open = new[] { TaskState.Todo, TaskState.InProgress, TaskState.Returned };
        if (filter.Show is TaskShow.Open or TaskShow.Overdue) q = q.Where(a => open.Contains(a.State));
        if (filter.Show == TaskShow.Submitted) q = q.Where(a => a.State == TaskState.Submitted);
        var rows = await q.Join(tasks, a => a.TaskId, t => t.Id, (a, t) => new { a, t })
            .Join(db.OrgUnits, x => x.a.CommunityId, o => o.Id, (x, o) => new
            {
                x.t.Id, x.a.CommunityId, Community = o.Name, x.t.Department, x.t.Title, x.t.DutyItem, x.t.AssignedOn, DueDate = x.a.KeptDueDate ?? x.t.DueDate, x.a.State, x.a.SubmittedOn,
                x.t.LedgerName, x.a.Reminders,
            })
            .OrderBy(x => x.DueDate).ThenBy(x => x.Id).Take(2_000).ToListAsync(ct);
        var calendar = await calendars.CurrentAsync(db, ct);
        var today = Today;
        var list = rows.Select(r => new TaskRow(r.Id, r.CommunityId, r.Community, r.Department, r.Title, r.DutyItem, r.AssignedOn, r.DueDate, r.State, r.SubmittedOn,
            r.LedgerName, r.Reminders, TaskClock.For(r.State, r.DueDate, today, calendar))).ToList();
        return filter.Show switch
        {
            TaskShow.OnTime => list.Where(r => r.OnTime).ToList(),
            TaskShow.Late => list.Where(r => r.Late).ToList(),
            TaskShow.Overdue => list.Where(r => r.Reminder.Kind == ReminderKind.Overdue).ToList(),
            _ => list,
        };
    }

    public async Task<TaskView?> FindAsync(UserArea area, long taskId, CancellationToken ct)
    {
        var communities = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Read, ct);
        if (communities.Length == 0) return null;
        var parts = await db.Set<TaskAssignment>().AsNoTracking().InScopeOf(communities).Where(a => a.TaskId == taskId)
            .Join(db.OrgUnits, a => a.CommunityId, o => o.Id, (a, o) => new { a, o }).OrderBy(x => x.o.SortOrder).ThenBy(x => x.o.Id).ToListAsync(ct);
        if (parts.Count == 0) return null;
        var task = await db.Set<AssignedTask>().AsNoTracking().FirstAsync(t => t.Id == taskId, ct);
        var street = await db.OrgUnits.AsNoTracking().Where(o => o.Id == task.StreetId).Select(o => o.Name).FirstAsync(ct);
        var partIds = parts.Select(p => (long?)p.a.Id).ToArray();
        var files = await db.Set<TaskFile>().AsNoTracking().Where(f => f.TaskId == taskId && (f.AssignmentId == null || partIds.Contains(f.AssignmentId)))
            .Select(f => new TaskFile { Id = f.Id, TaskId = f.TaskId, AssignmentId = f.AssignmentId, FileName = f.FileName, ContentType = f.ContentType, Bytes = Array.Empty<byte>(),
                Size = f.Size, UploadedByName = f.UploadedByName, UploadedUtc = f.UploadedUtc }).OrderBy(f => f.Id).ToListAsync(ct);
        var ids = parts.Select(p => p.a.Id).ToArray();
        var events = await db.Set<TaskEvent>().AsNoTracking().Where(e => ids.Contains(e.AssignmentId)).OrderBy(e => e.Id).ToListAsync(ct);
        var calendar = await calendars.CurrentAsync(db, ct);
        var today = Today;
        return new TaskView(task, parts.Select(p => new TaskPartView(p.a, p.o.Name, TaskClock.For(p.a.State, p.a.KeptDueDate ?? task.DueDate, today, calendar),
                files.Where(f => f.AssignmentId == p.a.Id).ToList(), events.Where(e => e.AssignmentId == p.a.Id).ToList(),
                area.HasIn(Permissions.Tasks.Report, p.o), area.HasIn(Permissions.Tasks.Accept, p.o), area.HasIn(Permissions.Tasks.Assign, p.o))).ToList(),
            files.Where(f => f.AssignmentId is null).ToList(), street);
    }

    /// <summary>
    /// The open parts of the user's communities whose deadline a newly imported holiday schedule brought earlier within the last
    /// <paramref name="days"/> days (<see cref="TaskDeadlines"/>): shown on the community's list and home page until they are submitted.
    /// </summary>
    public async Task<List<MovedEarlier>> MovedEarlierAsync(UserArea area, int days, CancellationToken ct)
    {
        var communities = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Report, ct);
        if (communities.Length == 0) return [];
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-days);
        var open = new[] { TaskState.Todo, TaskState.InProgress, TaskState.Returned };
        return await db.Set<TaskEvent>().AsNoTracking().Where(e => e.Kind == TaskEventKind.DueEarlier && e.AtUtc >= since)
            .Join(db.Set<TaskAssignment>().AsNoTracking().InScopeOf(communities).Where(a => open.Contains(a.State)), e => e.AssignmentId, a => a.Id, (e, a) => new { e, a })
            .Join(db.Set<AssignedTask>().AsNoTracking(), x => x.a.TaskId, t => t.Id, (x, t) => new { x.e.Id, Row = new MovedEarlier(t.Id, x.a.CommunityId, t.Title, x.e.Note ?? "") })
            .OrderByDescending(x => x.Id).Take(20).Select(x => x.Row).ToListAsync(ct);
    }

    /// <summary>A file of a task the user sees (the street's attachment, or the evidence of a part in scope); null otherwise.</summary>
    public async Task<TaskFile?> FileAsync(UserArea area, long fileId, CancellationToken ct)
    {
        var communities = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Read, ct);
        if (communities.Length == 0) return null;
        var file = await db.Set<TaskFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, ct);
        if (file is null) return null;
        var visible = file.AssignmentId is { } part
            ? await db.Set<TaskAssignment>().InScopeOf(communities).AnyAsync(a => a.Id == part, ct)
            : await db.Set<TaskAssignment>().InScopeOf(communities).AnyAsync(a => a.TaskId == file.TaskId, ct);
        return visible ? file : null;
    }

    /// <summary>
    /// The board: every task assigned in the month or still open, one row each, a cell per community of the user's area
    /// (empty where the task was not given to it); and per department the month's numbers.
    /// </summary>
    public async Task<TaskBoard> BoardAsync(UserArea area, DateOnly month, CancellationToken ct)
    {
        var communities = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Read, ct);
        var from = new DateOnly(month.Year, month.Month, 1);
        if (communities.Length == 0) return new([], [], [], from);
        var to = from.AddMonths(1);
        var names = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(communities).Contains(o.Id)).OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var open = new[] { TaskState.Todo, TaskState.InProgress, TaskState.Returned, TaskState.Submitted };
        var parts = await db.Set<TaskAssignment>().AsNoTracking().InScopeOf(communities)
            .Join(db.Set<AssignedTask>().AsNoTracking(), a => a.TaskId, t => t.Id, (a, t) => new { a, t })
            .Where(x => (x.t.AssignedOn >= from && x.t.AssignedOn < to) || (x.t.AssignedOn < to && open.Contains(x.a.State)))
            .Select(x => new { x.t.Id, x.t.Department, x.t.Title, x.t.DutyItem, x.t.AssignedOn, TaskDue = x.t.DueDate, DueDate = x.a.KeptDueDate ?? x.t.DueDate, x.a.CommunityId, x.a.State, x.a.SubmittedOn })
            .ToListAsync(ct);
        var calendar = await calendars.CurrentAsync(db, ct);
        var today = Today;
        var rows = parts.GroupBy(p => p.Id).Select(g =>
        {
            var t = g.First();
            return new BoardRow(t.Id, t.Department, t.Title, t.DutyItem is null, t.TaskDue, g.ToDictionary(p => p.CommunityId, p =>
            {
                var reminder = TaskClock.For(p.State, p.DueDate, today, calendar);
                return new BoardCell(p.State, reminder, p.SubmittedOn is { } d ? d > p.DueDate : reminder.Kind == ReminderKind.Overdue);
            }));
        }).OrderBy(r => r.DueDate).ThenBy(r => r.TaskId).ToList();
        var numbers = parts.Where(p => p.AssignedOn >= from && p.AssignedOn < to).GroupBy(p => p.Department).Select(g =>
        {
            var overdue = g.Count(p => p.SubmittedOn is null && TaskClock.For(p.State, p.DueDate, today, calendar).Kind == ReminderKind.Overdue);
            return new DepartmentNumbers(g.Key, g.Select(p => p.Id).Distinct().Count(), g.Count(), g.Count(p => TaskClock.OnTime(p.SubmittedOn, p.DueDate)),
                g.Count(p => p.SubmittedOn is { } d && d > p.DueDate) + overdue, overdue, g.Where(p => p.DutyItem is null).Select(p => p.Id).Distinct().Count());
        }).OrderByDescending(n => n.Tasks).ThenBy(n => n.Department, StringComparer.Ordinal).ToList();
        return new TaskBoard(names.Select(n => (n.Id, n.Name)).ToList(), rows, numbers, from);
    }
}
