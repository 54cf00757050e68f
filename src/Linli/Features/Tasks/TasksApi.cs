using Linli.Features.Access;
using Linli.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Linli.Features.Tasks;

/// <summary>/api/v1/tasks: the list, a task, the board (matrix rows), assigning, the community's moves, the street's verdict and 催办; inspections and their pack.</summary>
public static class TasksApi
{
    public sealed record TaskRowDto(long TaskId, long CommunityId, string Community, string Department, string Title, string? DutyItem, bool OutsideDutyList,
        DateOnly AssignedOn, DateOnly DueDate, string State, string StateName, DateOnly? SubmittedOn, bool Late, string? Ledger, int Reminders, string? Reminder);
    public sealed record TaskDto(long Id, string Department, string Title, string? DutyItem, bool OutsideDutyList, string Requirements, DateOnly AssignedOn, DateOnly DueDate,
        string? LedgerKey, string? Ledger, string AssignedBy, IReadOnlyList<FileDto> Attachments, IReadOnlyList<PartDto> Communities);
    public sealed record PartDto(long CommunityId, string Community, string State, string StateName, string? Reminder, string? ReportNote, DateOnly? SubmittedOn,
        long? LedgerSubmissionId, string? ReviewedBy, string? ReturnReason, int Reminders, IReadOnlyList<FileDto> Evidence, IReadOnlyList<EventDto> History);
    public sealed record FileDto(long Id, string FileName, int Size, string Href);
    public sealed record EventDto(string Kind, string Name, DateTime AtUtc, string By, string? Note);
    public sealed record AssignBody(string Department, string Title, string? DutyItem, string Requirements, DateOnly? DueDate, int? WorkingDays, string? LedgerKey,
        IReadOnlyList<long> CommunityIds);
    public sealed record NoteBody(string? Note);
    public sealed record BoardDto(string Month, IReadOnlyList<BoardCommunityDto> Communities, IReadOnlyList<BoardRowDto> Rows, IReadOnlyList<DepartmentNumbers> Numbers);
    public sealed record BoardCommunityDto(long Id, string Name);
    public sealed record BoardRowDto(long TaskId, string Department, string Title, bool OutsideDutyList, DateOnly DueDate, IReadOnlyList<BoardCellDto?> Cells);
    public sealed record BoardCellDto(string State, string StateName, bool Late, string? Reminder);
    public sealed record InspectionDto(long Id, long CommunityId, string Community, DateOnly Date, string Kind, string By, string Items, string? Result,
        IReadOnlyList<string> LedgerKeys, IReadOnlyList<long> TaskIds, string RecordedBy);
    public sealed record InspectionBody(long CommunityId, DateOnly? Date, string Kind, string By, string Items, string? Result, IReadOnlyList<string>? LedgerKeys, IReadOnlyList<long>? TaskIds);

    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/tasks").WithTags("Tasks").RequireAuthorization(Permissions.Tasks.Read);
        g.MapGet("/", List).WithSummary("上级任务：本人所辖社区的任务（每社区一行），按截止日期；community、department、month = yyyy-MM（下达月份）、show = open|ontime|late|overdue|outside|submitted|all");
        g.MapGet("/board", Board).WithSummary("街道任务看板：每项任务一行，每个社区一列（cells 与 communities 同序，未下达的为 null），以及各部门当月的数字");
        g.MapGet("/{id:long}", Get).WithSummary("一项任务：要求、附件、本人可见的各社区的状态、催办、佐证材料和经过");
        g.MapPost("/", Assign).RequireAuthorization(Permissions.Tasks.Assign)
            .WithSummary("街道下达任务：dutyItem 为空即清单外；dueDate（遇节假日顺延到下一个工作日）或 workingDays（自今日起的工作日数）；ledgerKey = 要求报送的台账模板");
        g.MapPost("/{id:long}/communities/{community:long}/start", Start).RequireAuthorization(Permissions.Tasks.Report).WithSummary("社区开始办理");
        g.MapPost("/{id:long}/communities/{community:long}/report", Report).RequireAuthorization(Permissions.Tasks.Report).DisableAntiforgery()
            .WithSummary("社区提交完成情况：JSON { note }，或 multipart 表单 note 和 files（佐证材料，每个不超过 5 MB，最多 5 个）；要求报送台账的任务在报送台账时自动提交");
        g.MapPost("/{id:long}/communities/{community:long}/accept", Accept).RequireAuthorization(Permissions.Tasks.Accept).WithSummary("街道验收");
        g.MapPost("/{id:long}/communities/{community:long}/return", Return).RequireAuthorization(Permissions.Tasks.Accept).WithSummary("街道退回（note = 退回理由，必填）");
        g.MapPost("/{id:long}/communities/{community:long}/remind", Remind).RequireAuthorization(Permissions.Tasks.Assign).WithSummary("街道催办（note 可选）");
        g.MapGet("/{id:long}/attachments", Attachments).WithSummary("一项任务的附件（街道下达时附上的文件，不含社区的佐证材料）");
        g.MapPost("/{id:long}/attachments", Attach).RequireAuthorization(Permissions.Tasks.Assign).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(UploadLimit)).WithFormOptions(multipartBodyLengthLimit: UploadLimit)
            .WithSummary("下达任务的街道添加附件：multipart 表单 files（每个不超过 5 MB，不能是空文件，一项任务最多 5 个附件）；答复任务现有的全部附件");
        g.MapDelete("/{id:long}/attachments/{fileId:long}", Detach).RequireAuthorization(Permissions.Tasks.Assign).WithSummary("下达任务的街道删除一个附件（社区的佐证材料不能删）");
        g.MapGet("/files/{id:long}", File).WithSummary("下载任务附件或佐证材料");
        g.MapGet("/inspections", InspectionList).WithSummary("检查、评比、考核记录");
        g.MapPost("/inspections", Record).WithSummary("登记检查考核：社区（tasks.report）或街道（tasks.assign）；ledgerKeys = 迎检台账，taskIds = 附佐证材料的任务");
        g.MapGet("/inspections/{id:long}/pack", InspectionPack).WithSummary("迎检材料包（zip）：所选台账最近一次报送的 xlsx、所选任务的佐证材料和清单；记入审计日志");
        return api;
    }

    /// <summary>The most a request with attachments may carry: five files of the largest size and the form around them.</summary>
    const long UploadLimit = TaskFile.MaxFiles * (long)TaskFile.MaxBytes + 200_000;

    static ProblemHttpResult Refused<T>(TaskOutcome<T> o) => TypedResults.Problem(title: o.Message, statusCode: o.Refusal switch
    {
        TaskRefusal.NotFound => 404,
        TaskRefusal.Forbidden => 403,
        _ => 400,
    });

    static TaskRowDto Dto(TaskRow r) => new(r.TaskId, r.CommunityId, r.Community, r.Department, r.Title, r.DutyItem, r.OutsideDutyList, r.AssignedOn, r.DueDate,
        r.State.ToString(), TaskClock.StateName(r.State), r.SubmittedOn, r.Late, r.LedgerName, r.Reminders, r.Reminder.Kind == ReminderKind.None ? null : r.Reminder.Text);

    static FileDto Dto(TaskFile f) => new(f.Id, f.FileName, f.Size, $"/api/v1/tasks/files/{f.Id}");

    internal static TaskDto Dto(TaskView v) => new(v.Task.Id, v.Task.Department, v.Task.Title, v.Task.DutyItem, v.Task.OutsideDutyList, v.Task.Requirements,
        v.Task.AssignedOn, v.Task.DueDate, v.Task.LedgerKey, v.Task.LedgerName, v.Task.CreatedByName, v.Attachments.Select(Dto).ToList(),
        v.Parts.Select(p => new PartDto(p.Part.CommunityId, p.Community, p.Part.State.ToString(), TaskClock.StateName(p.Part.State),
            p.Reminder.Kind == ReminderKind.None ? null : p.Reminder.Text, p.Part.ReportNote, p.Part.SubmittedOn, p.Part.LedgerSubmissionId, p.Part.ReviewedByName,
            p.Part.ReturnReason, p.Part.Reminders, p.Evidence.Select(Dto).ToList(),
            p.History.Select(e => new EventDto(e.Kind.ToString(), TaskClock.EventName(e.Kind), e.AtUtc, e.ByName, e.Note)).ToList())).ToList());

    static async Task<Results<Ok<List<TaskRowDto>>, ProblemHttpResult>> List(long? community, string? department, string? month, string? show, CurrentUser me,
        TaskReader reader, UiText say, CancellationToken ct)
    {
        var m = TaskReader.ParseMonth(month);
        if (month is not null && m is null) return TypedResults.Problem(title: say["month：“{0}”不是年月，应写成 2026-11。", month], statusCode: 400);
        if (show is not null && !TaskShow.Known.Contains(show)) return TypedResults.Problem(title: say["show：应为 {0} 之一。", string.Join("、", TaskShow.Known)], statusCode: 400);
        var rows = await reader.ListAsync(await me.AreaAsync(ct), new TaskFilter(community, department, m, show ?? TaskShow.Open), ct);
        return TypedResults.Ok(rows.Select(Dto).ToList());
    }

    static async Task<Results<Ok<BoardDto>, ProblemHttpResult>> Board(string? month, CurrentUser me, TaskReader reader, UiText say, CancellationToken ct)
    {
        var m = TaskReader.ParseMonth(month);
        if (month is not null && m is null) return TypedResults.Problem(title: say["month：“{0}”不是年月，应写成 2026-11。", month], statusCode: 400);
        var board = await reader.BoardAsync(await me.AreaAsync(ct), m ?? reader.Today, ct);
        return TypedResults.Ok(new BoardDto(TaskReader.MonthText(board.Month), board.Communities.Select(c => new BoardCommunityDto(c.Id, c.Name)).ToList(),
            board.Rows.Select(r => new BoardRowDto(r.TaskId, r.Department, r.Title, r.OutsideDutyList, r.DueDate,
                board.Communities.Select(c => r.Cells.TryGetValue(c.Id, out var cell)
                    ? new BoardCellDto(cell.State.ToString(), TaskClock.StateName(cell.State), cell.Late, cell.Reminder.Kind == ReminderKind.None ? null : cell.Reminder.Text)
                    : null).ToList())).ToList(), board.Numbers));
    }

    static async Task<Results<Ok<TaskDto>, NotFound>> Get(long id, CurrentUser me, TaskReader reader, CancellationToken ct) =>
        await reader.FindAsync(await me.AreaAsync(ct), id, ct) is { } v ? TypedResults.Ok(Dto(v)) : TypedResults.NotFound();

    static async Task<Results<Created<TaskDto>, ProblemHttpResult>> Assign(AssignBody body, CurrentUser me, TaskDesk desk, TaskReader reader,
        IEnumerable<ILedgerShelf> shelves, UiText say, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        string? ledgerName = null;
        if (body.LedgerKey is { Length: > 0 } key)
        {
            var choices = shelves.FirstOrDefault() is { } shelf ? await shelf.ChoicesAsync(area, ct) : [];
            if (choices.FirstOrDefault(c => c.Key == key) is not { } choice) return TypedResults.Problem(title: say["ledgerKey：找不到台账模板“{0}”。", key], statusCode: 400);
            ledgerName = choice.Name;
        }
        var done = await desk.AssignAsync(area, new TaskDesk.Form(body.Department ?? "", body.Title ?? "", body.DutyItem, body.Requirements ?? "", body.DueDate,
            body.WorkingDays, body.LedgerKey, ledgerName, body.CommunityIds ?? [], []), ct);
        if (done.Value is not { } task) return Refused(done);
        return TypedResults.Created($"/api/v1/tasks/{task.Id}", Dto((await reader.FindAsync(area, task.Id, ct))!));
    }

    static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> After(TaskOutcome<TaskAssignment> done, UserArea area, long id, TaskReader reader, CancellationToken ct) =>
        done.Ok ? TypedResults.Ok(Dto((await reader.FindAsync(area, id, ct))!)) : Refused(done);

    static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Start(long id, long community, CurrentUser me, TaskDesk desk, TaskReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        return await After(await desk.StartAsync(area, id, community, ct), area, id, reader, ct);
    }

    /// <summary>JSON or a multipart form, read by hand so that the endpoint declares no content type (a wrong one answers 400, not 415).</summary>
    static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Report(long id, long community, HttpRequest request, CurrentUser me, TaskDesk desk, TaskReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        string? note;
        var files = new List<IncomingFile>();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            note = form["note"].ToString();
            foreach (var f in form.Files) files.Add(await IncomingAsync(f, ct));
        }
        else
        {
            try { note = (await request.ReadFromJsonAsync<NoteBody>(ct))?.Note; }
            catch (System.Text.Json.JsonException) { return TypedResults.Problem(title: "请求体应为 JSON { \"note\": \"…\" } 或 multipart 表单。", statusCode: 400); }
            catch (InvalidOperationException) { return TypedResults.Problem(title: "请求体应为 JSON { \"note\": \"…\" } 或 multipart 表单。", statusCode: 400); }
        }
        return await After(await desk.ReportAsync(area, id, community, note, files, ct), area, id, reader, ct);
    }

    internal static async Task<IncomingFile> IncomingAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length > TaskFile.MaxBytes) return new IncomingFile(file.FileName, file.ContentType, new byte[TaskFile.MaxBytes + 1]);
        using var buffer = new MemoryStream();
        await using var stream = file.OpenReadStream();
        await stream.CopyToAsync(buffer, ct);
        return new IncomingFile(file.FileName, file.ContentType, buffer.ToArray());
    }

    static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Accept(long id, long community, CurrentUser me, TaskDesk desk, TaskReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        return await After(await desk.ReviewAsync(area, id, community, true, null, ct), area, id, reader, ct);
    }

    static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Return(long id, long community, NoteBody body, CurrentUser me, TaskDesk desk, TaskReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        return await After(await desk.ReviewAsync(area, id, community, false, body.Note, ct), area, id, reader, ct);
    }

    static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Remind(long id, long community, NoteBody? body, CurrentUser me, TaskDesk desk, TaskReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        return await After(await desk.RemindAsync(area, id, community, body?.Note, ct), area, id, reader, ct);
    }

    static async Task<Results<Ok<List<FileDto>>, NotFound>> Attachments(long id, CurrentUser me, TaskReader reader, CancellationToken ct) =>
        await reader.FindAsync(await me.AreaAsync(ct), id, ct) is { } v ? TypedResults.Ok(v.Attachments.Select(Dto).ToList()) : TypedResults.NotFound();

    /// <summary>A multipart form read by hand, so that another body answers 400 with a sentence, not 415.</summary>
    static async Task<Results<Created<List<FileDto>>, ProblemHttpResult>> Attach(long id, HttpRequest request, CurrentUser me, TaskDesk desk, TaskReader reader, UiText say, CancellationToken ct)
    {
        if (!request.HasFormContentType) return TypedResults.Problem(title: "请求体应为 multipart 表单，文件放在字段 files 中。", statusCode: 400);
        var area = await me.AreaAsync(ct);
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (InvalidDataException) { return TypedResults.Problem(title: say["附件：一次最多上传 {0} 个文件，每个不超过 {1} MB。", TaskFile.MaxFiles, TaskFile.MaxBytes / 1024 / 1024], statusCode: 400); }
        var files = new List<IncomingFile>();
        foreach (var f in form.Files) files.Add(await IncomingAsync(f, ct));
        var done = await desk.AttachAsync(area, id, files, ct);
        if (!done.Ok) return Refused(done);
        var all = (await reader.FindAsync(area, id, ct))!.Attachments.Select(Dto).ToList();
        return TypedResults.Created($"/api/v1/tasks/{id}/attachments", all);
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Detach(long id, long fileId, CurrentUser me, TaskDesk desk, CancellationToken ct)
    {
        var done = await desk.DetachAsync(await me.AreaAsync(ct), id, fileId, ct);
        return done.Ok ? TypedResults.NoContent() : Refused(done);
    }

    static async Task<Results<FileContentHttpResult, NotFound>> File(long id, CurrentUser me, TaskReader reader, CancellationToken ct) =>
        await reader.FileAsync(await me.AreaAsync(ct), id, ct) is { } f ? TypedResults.File(f.Bytes, f.ContentType, f.FileName) : TypedResults.NotFound();

    static InspectionDto Dto(Inspections.Row r) => new(r.Inspection.Id, r.Inspection.CommunityId, r.Community, r.Inspection.Date, r.Inspection.Kind, r.Inspection.By,
        r.Inspection.Items, r.Inspection.Result, r.Inspection.LedgerKeys, r.Inspection.TaskIds, r.Inspection.CreatedByName);

    static async Task<Ok<List<InspectionDto>>> InspectionList(CurrentUser me, Inspections inspections, CancellationToken ct) =>
        TypedResults.Ok((await inspections.ListAsync(await me.AreaAsync(ct), ct)).Select(Dto).ToList());

    static async Task<Results<Created<InspectionDto>, ProblemHttpResult>> Record(InspectionBody body, CurrentUser me, Inspections inspections, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var done = await inspections.RecordAsync(area, new Inspections.Form(body.CommunityId, body.Date, body.Kind ?? "", body.By ?? "", body.Items ?? "", body.Result,
            body.LedgerKeys ?? [], body.TaskIds ?? []), ct);
        if (done.Value is not { } i) return Refused(done);
        return TypedResults.Created($"/api/v1/tasks/inspections/{i.Id}", Dto((await inspections.FindAsync(area, i.Id, ct))!));
    }

    static async Task<Results<FileContentHttpResult, NotFound>> InspectionPack(long id, CurrentUser me, Inspections inspections, CancellationToken ct) =>
        await inspections.PackAsync(await me.AreaAsync(ct), id, ct) is { } p ? TypedResults.File(p.Content, "application/zip", p.FileName) : TypedResults.NotFound();
}
