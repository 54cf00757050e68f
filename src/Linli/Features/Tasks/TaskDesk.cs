using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Tasks;

public enum TaskRefusal { None, NotFound, Forbidden, Invalid }

public sealed record TaskOutcome<T>(T? Value, TaskRefusal Refusal = TaskRefusal.None, string? Message = null)
{
    public bool Ok => Refusal == TaskRefusal.None;
}

public static class Refusals
{
    public static TaskOutcome<T> NotFound<T>(string message = "找不到这项任务，或它不在你的管辖范围内。") => new(default, TaskRefusal.NotFound, message);
    public static TaskOutcome<T> Invalid<T>(string message) => new(default, TaskRefusal.Invalid, message);
}

/// <summary>A file as it came in a form or request.</summary>
public sealed record IncomingFile(string FileName, string ContentType, byte[] Bytes);

/// <summary>
/// The moves of a task: the street assigns it to communities, a community starts its part and returns evidence (a note,
/// files, or a ledger submission that marks it 已提交 by itself), the street accepts (已验收) or returns it (退回, with a
/// reason) and sends 催办. Each move is one transaction with its history row and its audit row.
/// </summary>
public sealed class TaskDesk(LinliDb db, AuditLog audit, WorkCalendars calendars, TimeProvider clock)
{
    public static readonly string[] Departments =
        ["民政", "人社", "医保", "卫健", "残联", "老龄", "退役军人", "综治", "信访", "组织", "宣传", "统战", "妇联", "团委", "城管", "应急", "统计", "其他"];

    public sealed record Form(string Department, string Title, string? DutyItem, string Requirements, DateOnly? DueDate, int? WorkingDays,
        string? LedgerKey, string? LedgerName, IReadOnlyList<long> CommunityIds, IReadOnlyList<IncomingFile> Files);

    DateOnly Today => clock.Today();

    public async Task<TaskOutcome<AssignedTask>> AssignAsync(UserArea area, Form form, CancellationToken ct)
    {
        var street = area.UnitsWhere(Permissions.Tasks.Assign).FirstOrDefault(u => u.Kind == OrgUnitKind.Street);
        if (street is null) return new(null, TaskRefusal.Forbidden, "只有街道可以下达任务。");
        var title = form.Title?.Trim() ?? "";
        if (title.Length is 0 or > 100) return Refusals.Invalid<AssignedTask>("任务名称：请填写，不超过 100 字。");
        if (!Departments.Contains(form.Department)) return Refusals.Invalid<AssignedTask>("主管部门：请从列表中选择。");
        var requirements = form.Requirements?.Trim() ?? "";
        if (requirements.Length is 0 or > 4000) return Refusals.Invalid<AssignedTask>("工作要求：请填写，不超过 4000 字。");
        var duty = form.DutyItem?.Trim() is { Length: > 0 } d ? d : null;
        if (duty is { Length: > 100 }) return Refusals.Invalid<AssignedTask>("职责清单事项：不超过 100 字。");
        var calendar = await calendars.CurrentAsync(db, ct);
        var today = Today;
        DateOnly due;
        if (form.WorkingDays is { } n)
        {
            if (n is < 1 or > 250) return Refusals.Invalid<AssignedTask>("办理时限：应为 1 到 250 个工作日。");
            due = TaskClock.DueIn(today, n, calendar);
        }
        else if (form.DueDate is { } date)
        {
            if (date < today) return Refusals.Invalid<AssignedTask>(UiText.Shared["截止日期：{0:yyyy-MM-dd} 已经过去，请选今天或以后的日期。", date]);
            if (date > today.AddYears(1)) return Refusals.Invalid<AssignedTask>("截止日期：不能晚于一年以后。");
            due = TaskClock.DueOn(date, calendar);
        }
        else return Refusals.Invalid<AssignedTask>("截止日期：请选择日期，或填写办理时限（工作日）。");
        var ids = form.CommunityIds.Distinct().ToArray();
        if (ids.Length == 0) return Refusals.Invalid<AssignedTask>("下达社区：请至少选择一个社区。");
        var prefix = street.Path;
        var found = await db.OrgUnits.AsNoTracking().Where(o => ids.Contains(o.Id) && o.Kind == OrgUnitKind.Community && o.Path.StartsWith(prefix))
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        if (found.Count != ids.Length) return Refusals.Invalid<AssignedTask>("下达社区：所选的社区不在本街道。");
        if (CheckFiles(form.Files) is { } problem) return Refusals.Invalid<AssignedTask>(problem);

        var now = clock.GetUtcNow().UtcDateTime;
        var task = new AssignedTask
        {
            StreetId = street.Id, Department = form.Department, Title = title, DutyItem = duty, Requirements = requirements, DueDate = due, AssignedOn = today,
            WorkingDays = form.WorkingDays, DueAsked = form.WorkingDays is null ? form.DueDate : null,
            LedgerKey = form.LedgerKey is { Length: > 0 } ? form.LedgerKey : null, LedgerName = form.LedgerKey is { Length: > 0 } ? form.LedgerName : null,
            CreatedById = area.UserId, CreatedByName = area.DisplayName, CreatedUtc = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(task);
        await db.SaveChangesAsync(ct);
        foreach (var c in found)
        {
            var part = new TaskAssignment { TaskId = task.Id, CommunityId = c.Id, State = TaskState.Todo };
            db.Add(part);
            await db.SaveChangesAsync(ct);
            db.Add(new TaskEvent { AssignmentId = part.Id, Kind = TaskEventKind.Assigned, AtUtc = now, ByName = area.DisplayName });
        }
        AddFiles(task.Id, null, form.Files, area.DisplayName, now);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.TaskWrite, AuditTarget.AssignedTask(task.Id), street.Id,
            $"下达任务《{title}》（{form.Department}，{(duty is null ? "清单外" : "职责清单：" + duty)}）给 {string.Join("、", found.Select(f => f.Name))}，截止 {due:yyyy-MM-dd}", ct: ct);
        await tx.CommitAsync(ct);
        return new(task);
    }

    static string? CheckFiles(IReadOnlyList<IncomingFile> files)
    {
        if (files.Count > TaskFile.MaxFiles) return $"附件：最多 {TaskFile.MaxFiles} 个文件。";
        foreach (var f in files)
        {
            if (f.Bytes.Length == 0) return $"附件“{f.FileName}”是空文件。";
            if (f.Bytes.Length > TaskFile.MaxBytes) return $"附件“{f.FileName}”超过 {TaskFile.MaxBytes / 1024 / 1024} MB，请压缩后再上传。";
        }
        return null;
    }

    List<TaskFile> AddFiles(long taskId, long? assignmentId, IReadOnlyList<IncomingFile> files, string by, DateTime now)
    {
        var added = new List<TaskFile>();
        foreach (var f in files)
        {
            var name = Path.GetFileName(f.FileName.Replace('\\', '/'));
            if (name.Length > 200) name = name[^200..];
            var file = new TaskFile
            {
                TaskId = taskId, AssignmentId = assignmentId, FileName = name.Length == 0 ? "附件" : name,
                ContentType = f.ContentType is { Length: > 0 and <= 100 } t ? t : "application/octet-stream", Bytes = f.Bytes, Size = f.Bytes.Length,
                UploadedByName = by, UploadedUtc = now,
            };
            db.Add(file);
            added.Add(file);
        }
        return added;
    }

    /// <summary>
    /// The street adds attachments to a task it assigned (the API's door; the page gives them when assigning): the same checks
    /// as then — not empty, each at most <see cref="TaskFile.MaxBytes"/>, at most <see cref="TaskFile.MaxFiles"/> on the task in all.
    /// A task the user cannot see is not found; one seen but not assigned by the user's street is refused.
    /// </summary>
    public async Task<TaskOutcome<IReadOnlyList<TaskFile>>> AttachAsync(UserArea area, long taskId, IReadOnlyList<IncomingFile> files, CancellationToken ct)
    {
        var (task, street, refusal) = await StreetTaskAsync(area, taskId, ct);
        if (task is null || street is null) return new(null, refusal, refusal == TaskRefusal.NotFound ? "找不到这项任务，或它不在你的管辖范围内。" : "只有下达任务的街道可以增删附件。");
        if (files.Count == 0) return Refusals.Invalid<IReadOnlyList<TaskFile>>("附件：请选择要上传的文件（表单字段 files）。");
        if (CheckFiles(files) is { } problem) return Refusals.Invalid<IReadOnlyList<TaskFile>>(problem);
        var have = await db.Set<TaskFile>().CountAsync(f => f.TaskId == taskId && f.AssignmentId == null, ct);
        if (have + files.Count > TaskFile.MaxFiles)
            return Refusals.Invalid<IReadOnlyList<TaskFile>>($"附件：一项任务最多 {TaskFile.MaxFiles} 个附件，已有 {have} 个，这次只能再加 {Math.Max(0, TaskFile.MaxFiles - have)} 个。");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var added = AddFiles(task.Id, null, files, area.DisplayName, now);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.TaskWrite, AuditTarget.AssignedTask(task.Id), street.Id,
            $"为任务《{task.Title}》添加附件：{string.Join("、", added.Select(f => f.FileName))}", ct: ct);
        await tx.CommitAsync(ct);
        return new(added);
    }

    /// <summary>The street removes one of a task's attachments (never a community's evidence).</summary>
    public async Task<TaskOutcome<TaskFile>> DetachAsync(UserArea area, long taskId, long fileId, CancellationToken ct)
    {
        var (task, street, refusal) = await StreetTaskAsync(area, taskId, ct);
        if (task is null || street is null) return new(null, refusal, refusal == TaskRefusal.NotFound ? "找不到这项任务，或它不在你的管辖范围内。" : "只有下达任务的街道可以增删附件。");
        var file = await db.Set<TaskFile>().FirstOrDefaultAsync(f => f.Id == fileId && f.TaskId == taskId && f.AssignmentId == null, ct);
        if (file is null) return Refusals.NotFound<TaskFile>("找不到这个附件：它不是这项任务的附件，或已删除。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Remove(file);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.TaskWrite, AuditTarget.AssignedTask(task.Id), street.Id, $"删除任务《{task.Title}》的附件：{file.FileName}", ct: ct);
        await tx.CommitAsync(ct);
        return new(file);
    }

    /// <summary>A task the user sees (a part in a community where they may read tasks), and its street when they may assign there.</summary>
    async Task<(AssignedTask? Task, OrgUnit? Street, TaskRefusal Refusal)> StreetTaskAsync(UserArea area, long taskId, CancellationToken ct)
    {
        var communities = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Read, ct);
        if (!await db.Set<TaskAssignment>().AsNoTracking().InScopeOf(communities).AnyAsync(a => a.TaskId == taskId, ct)) return (null, null, TaskRefusal.NotFound);
        var task = await db.Set<AssignedTask>().AsNoTracking().FirstAsync(t => t.Id == taskId, ct);
        var street = await db.OrgUnits.AsNoTracking().FirstAsync(o => o.Id == task.StreetId, ct);
        return area.HasIn(Permissions.Tasks.Assign, street) ? (task, street, TaskRefusal.None) : (null, null, TaskRefusal.Forbidden);
    }

    /// <summary>The part of <paramref name="taskId"/> for <paramref name="communityId"/>, when the user holds <paramref name="permission"/> there.</summary>
    async Task<(TaskAssignment? Part, AssignedTask? Task, OrgUnit? Community)> PartAsync(UserArea area, long taskId, long communityId, string permission, CancellationToken ct)
    {
        var found = await db.Set<TaskAssignment>().Where(a => a.TaskId == taskId && a.CommunityId == communityId)
            .Join(db.Set<AssignedTask>(), a => a.TaskId, t => t.Id, (a, t) => new { a, t })
            .Join(db.OrgUnits, x => x.a.CommunityId, o => o.Id, (x, o) => new { x.a, x.t, o }).FirstOrDefaultAsync(ct);
        if (found is null || !area.HasIn(permission, found.o)) return (null, null, null);
        return (found.a, found.t, found.o);
    }

    async Task<TaskOutcome<TaskAssignment>> MoveAsync(UserArea area, long taskId, long communityId, string permission,
        Func<TaskAssignment, AssignedTask, string?> check, Action<TaskAssignment, DateTime> change, TaskEventKind kind, string? note, Func<AssignedTask, OrgUnit, string> describe,
        IReadOnlyList<IncomingFile>? files, CancellationToken ct)
    {
        var (part, task, community) = await PartAsync(area, taskId, communityId, Permissions.Tasks.Read, ct);
        if (part is null || task is null || community is null) return Refusals.NotFound<TaskAssignment>();
        if (!area.HasIn(permission, community)) return new(null, TaskRefusal.Forbidden, permission == Permissions.Tasks.Report ? "只有社区可以办理本社区的任务。" : "只有街道可以验收、退回和催办任务。");
        if (check(part, task) is { } problem) return Refusals.Invalid<TaskAssignment>(problem);
        if (files is not null && CheckFiles(files) is { } fileProblem) return Refusals.Invalid<TaskAssignment>(fileProblem);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        change(part, now);
        db.Add(new TaskEvent { AssignmentId = part.Id, Kind = kind, AtUtc = now, ByName = area.DisplayName, Note = note });
        if (files is not null) AddFiles(task.Id, part.Id, files, area.DisplayName, now);
        await db.SaveChangesAsync(ct);
        var text = describe(task, community);
        await audit.WriteAsync(db, AuditActions.TaskWrite, AuditTarget.AssignedTask(task.Id), community.Id, $"{text}", ct: ct);
        await tx.CommitAsync(ct);
        return new(part);
    }

    static string? Clip(string? text, int max) => text?.Trim() is { Length: > 0 } t ? (t.Length > max ? t[..max] : t) : null;

    public Task<TaskOutcome<TaskAssignment>> StartAsync(UserArea area, long taskId, long communityId, CancellationToken ct) =>
        MoveAsync(area, taskId, communityId, Permissions.Tasks.Report,
            (p, _) => p.State is TaskState.Todo or TaskState.Returned ? null : $"任务{TaskClock.StateName(p.State)}，不能再开始办理。",
            (p, _) => p.State = TaskState.InProgress, TaskEventKind.Started, null, (t, c) => $"{c.Name} 开始办理任务《{t.Title}》", null, ct);

    /// <summary>Evidence returned: a note and files; the part becomes 已提交.</summary>
    public Task<TaskOutcome<TaskAssignment>> ReportAsync(UserArea area, long taskId, long communityId, string? note, IReadOnlyList<IncomingFile> files, CancellationToken ct)
    {
        var text = Clip(note, 2000);
        return MoveAsync(area, taskId, communityId, Permissions.Tasks.Report,
            (p, _) => p.State is TaskState.Submitted or TaskState.Accepted ? $"任务{TaskClock.StateName(p.State)}，不能再提交。"
                : text is null && files.Count == 0 ? "完成情况：请写明完成情况，或上传佐证材料。" : null,
            (p, now) =>
            {
                p.State = TaskState.Submitted;
                p.ReportNote = text;
                p.SubmittedUtc = now;
                p.SubmittedOn = Today;
                p.SubmittedByName = area.DisplayName;
            }, TaskEventKind.Submitted, text is null ? null : Clip(text, 500), (t, c) => $"{c.Name} 提交任务《{t.Title}》的完成情况（{files.Count} 个附件）", files, ct);
    }

    /// <summary>The street's verdict: 已验收, or 退回 with the reason the community will read.</summary>
    public Task<TaskOutcome<TaskAssignment>> ReviewAsync(UserArea area, long taskId, long communityId, bool accept, string? reason, CancellationToken ct)
    {
        var why = Clip(reason, 500);
        return MoveAsync(area, taskId, communityId, Permissions.Tasks.Accept,
            (p, _) => p.State != TaskState.Submitted ? $"任务{TaskClock.StateName(p.State)}，只有已提交的任务可以{(accept ? "验收" : "退回")}。"
                : !accept && why is null ? "退回理由：请写明退回的理由，社区会看到。" : null,
            (p, now) =>
            {
                p.State = accept ? TaskState.Accepted : TaskState.Returned;
                p.ReviewedUtc = now;
                p.ReviewedByName = area.DisplayName;
                p.ReturnReason = accept ? null : why;
            }, accept ? TaskEventKind.Accepted : TaskEventKind.Returned, why,
            (t, c) => accept ? $"验收 {c.Name} 的任务《{t.Title}》" : $"退回 {c.Name} 的任务《{t.Title}》：{why}", null, ct);
    }

    /// <summary>催办: the street reminds a community of an open part; recorded and counted.</summary>
    public Task<TaskOutcome<TaskAssignment>> RemindAsync(UserArea area, long taskId, long communityId, string? note, CancellationToken ct)
    {
        var text = Clip(note, 500);
        return MoveAsync(area, taskId, communityId, Permissions.Tasks.Assign,
            (p, _) => p.State is TaskState.Submitted or TaskState.Accepted ? $"任务{TaskClock.StateName(p.State)}，不需要催办。" : null,
            (p, now) =>
            {
                p.Reminders++;
                p.LastRemindedUtc = now;
            }, TaskEventKind.Reminded, text, (t, c) => $"催办 {c.Name} 的任务《{t.Title}》{(text is null ? "" : "：" + text)}", null, ct);
    }

    /// <summary>
    /// A ledger submitted for a unit: the open parts of that community whose task asks for that ledger (only the task named,
    /// when the office came from its page) become 已提交 with the submission as evidence. Runs in the submission's transaction.
    /// </summary>
    public async Task<int> LedgerSubmittedAsync(UserArea area, LedgerSubmitted s, CancellationToken ct)
    {
        var open = new[] { TaskState.Todo, TaskState.InProgress, TaskState.Returned };
        var q = db.Set<TaskAssignment>().Where(a => a.CommunityId == s.UnitId && open.Contains(a.State))
            .Join(db.Set<AssignedTask>().Where(t => t.LedgerKey == s.TemplateKey), a => a.TaskId, t => t.Id, (a, t) => new { a, t });
        if (s.ForTask is { } only) q = q.Where(x => x.t.Id == only);
        var parts = await q.ToListAsync(ct);
        if (parts.Count == 0) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var x in parts)
        {
            x.a.State = TaskState.Submitted;
            x.a.SubmittedUtc = now;
            x.a.SubmittedOn = s.SubmittedOn;
            x.a.SubmittedByName = area.DisplayName;
            x.a.LedgerSubmissionId = s.SubmissionId;
            x.a.ReportNote ??= $"已报送台账《{s.TemplateName}》";
            db.Add(new TaskEvent { AssignmentId = x.a.Id, Kind = TaskEventKind.Submitted, AtUtc = now, ByName = area.DisplayName, Note = $"报送台账《{s.TemplateName}》" });
        }
        await db.SaveChangesAsync(ct);
        foreach (var x in parts)
            await audit.WriteAsync(db, AuditActions.TaskWrite, AuditTarget.AssignedTask(x.t.Id), s.UnitId, $"报送台账《{s.TemplateName}》，任务《{x.t.Title}》已提交", ct: ct);
        return parts.Count;
    }
}

/// <summary>Marks the task that asked for a ledger 已提交 when the ledger is submitted (<see cref="ILedgerSubmissionFollower"/>).</summary>
public sealed class TaskLedgerFollower(TaskDesk desk) : ILedgerSubmissionFollower
{
    public Task SubmittedAsync(UserArea area, LedgerSubmitted submitted, CancellationToken ct) => desk.LedgerSubmittedAsync(area, submitted, ct);
}
