using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Linli.Features.Ledgers;

/// <summary>/api/v1/ledgers: the catalogue, generating, typing, submitting and reviewing, as the pages do.</summary>
public static class LedgersApi
{
    public sealed record FieldDto(string Key, string Name, string Subject, string Kind, IReadOnlyList<string> Words, string? Grant, bool Masked);
    public sealed record TemplateDto(string Key, string Department, string Name, string? DutyItem, string Cycle, string CycleName, bool StreetApproves, bool BuiltIn,
        string Subject, LedgerFilter Filter, IReadOnlyList<LedgerColumn> Columns);
    public sealed record SheetDto(string Template, string Title, long UnitId, string Unit, DateOnly From, DateOnly To, IReadOnlyList<string> Headings, IReadOnlyList<bool> Typed,
        IReadOnlyList<SheetRowDto> Rows, int FieldCells, int TypedCells);
    public sealed record SheetRowDto(long RowId, IReadOnlyList<string?> Cells);
    public sealed record TypedBody(Dictionary<long, Dictionary<int, string>> Rows);
    public sealed record SubmissionDto(long Id, string TemplateKey, string TemplateName, string Department, long UnitId, string Unit, DateOnly PeriodFrom, DateOnly PeriodTo,
        string State, string FilledBy, DateTime SubmittedUtc, string? ReviewedBy, string? ReviewNote, int Rows, int FieldCells, int TypedCells,
        IReadOnlyList<string>? Headings = null, IReadOnlyList<string?[]>? Cells = null);
    public sealed record ReviewBody(bool Approve, string? Note);
    public sealed record ProposalDto(string? Title, string Subject, IReadOnlyList<ProposedColumnDto> Columns);
    public sealed record ProposedColumnDto(string Heading, string? FieldKey, string? FieldName);
    public sealed record TemplateBody(long UnitId, string Department, string Name, string? DutyItem, string Cycle, int? DueDay, bool StreetApproves, string Subject,
        IReadOnlyList<string>? Labels, int? AgeFrom, int? AgeTo, IReadOnlyList<LedgerColumn> Columns);

    public static RouteGroupBuilder MapLedgersApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/ledgers").WithTags("Ledgers").RequireAuthorization(LedgersModule.AnyLedgerWork);
        g.MapGet("/fields", Fields).WithSummary("台账可用的数据项（各模块声明）：key、名称、每行是谁、值的类型、表头用语、需要的权限、是否脱敏");
        g.MapGet("/templates", Templates).WithSummary("台账模板：各模块内置的和本社区/街道保存的，只列本人有权生成的");
        g.MapGet("/templates/{key}/sheet", Sheet).WithSummary("生成台账（unit = 社区或网格 id，month = yyyy-MM）：数据项自动填写，手工列为已保存的内容");
        g.MapGet("/templates/{key}/xlsx", Xlsx).WithSummary("下载台账 xlsx（标题行、表头、填报人/填报日期/审核，A4 打印）；approval = 已批准的导出申请编号时含完整号码；记入审计日志");
        g.MapPut("/templates/{key}/typed", Typed).RequireAuthorization(Permissions.Ledgers.Fill).WithSummary("保存手工列：rows = { 行id: { 列序号: 文字 } }");
        g.MapPost("/templates/{key}/typed-xlsx", TypedXlsx).RequireAuthorization(Permissions.Ledgers.Fill).DisableAntiforgery()
            .WithSummary("上传填好手工列的台账 xlsx（file）：按行对应，除手工列外任何单元格不得改动");
        g.MapPost("/templates/{key}/submissions", Submit).RequireAuthorization(Permissions.Ledgers.Fill).WithSummary("报送：按当日数据冻结保存，之后登记信息的修改不会改变它");
        g.MapPost("/templates/propose", Propose).RequireAuthorization(Permissions.Ledgers.Define).DisableAntiforgery()
            .WithSummary("上传部门空白表（file）：找到表头，按用语为每列建议数据项");
        g.MapPost("/templates", SaveTemplate).RequireAuthorization(Permissions.Ledgers.Define).WithSummary("保存台账模板（社区或街道）");
        g.MapGet("/submissions", Submissions).WithSummary("报送记录（最近 200 份），template 筛选");
        g.MapGet("/submissions/{id:long}", Submission).WithSummary("一份报送，含冻结的全部单元格");
        g.MapPost("/submissions/{id:long}/review", Review).RequireAuthorization(Permissions.Ledgers.Review).WithSummary("街道审核：approve = true 通过，false 退回（须写意见）");
        g.MapGet("/savings", Savings).WithSummary("减负：各台账本月（month = yyyy-MM）自动填写与手工填写的单元格数");
        return api;
    }

    internal static DateOnly? Month(string? month) =>
        month is null ? null : DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    static ProblemHttpResult Refused<T>(LedgerOutcome<T> o) => TypedResults.Problem(title: o.Message, statusCode: o.Refusal switch
    {
        LedgerRefusal.NotFound => 404,
        LedgerRefusal.Forbidden => 403,
        _ => 400,
    });

    static ProblemHttpResult Bad(string message) => TypedResults.Problem(title: message, statusCode: 400);

    static Ok<List<FieldDto>> Fields(LedgerCatalog catalog) =>
        TypedResults.Ok(catalog.Fields.Select(f => new FieldDto(f.Key, f.Name, f.Subject, f.Kind.ToString(), f.Words, f.Grant, f.Masked)).ToList());

    static TemplateDto Dto(LedgerTemplateView t) => new(t.Key, t.Department, t.Name, t.DutyItem, t.Cycle, LedgerCatalog.CycleName(t.Cycle, t.DueDay), t.StreetApproves, t.BuiltIn, t.Subject, t.Filter, t.Columns);

    static async Task<Ok<List<TemplateDto>>> Templates(CurrentUser me, LedgerCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok((await catalog.GeneratableAsync(await me.AreaAsync(ct), ct)).Select(Dto).ToList());

    /// <summary>The template, the unit and the month a request names, or the problem with them.</summary>
    internal static async Task<(LedgerTemplateView?, OrgUnit?, DateOnly, ProblemHttpResult?)> ResolveAsync(UserArea area, LedgerCatalog catalog, LedgerGenerator generator,
        string key, long? unit, string? month, TimeProvider clock, CancellationToken ct)
    {
        var say = UiText.Shared;
        var m = month is null ? clock.Today() : Month(month);
        if (m is null) return (null, null, default, Bad(UiText.Shared["month：“{0}”不是年月，应写成 2026-11。", month]));
        if (await catalog.TemplateAsync(area, key, ct) is not { } template) return (null, null, default, TypedResults.Problem(title: say["找不到台账模板“{0}”。", key], statusCode: 404));
        if (unit is null) return (null, null, default, Bad("unit：请指定社区或网格。"));
        if (await generator.UnitAsync(area, unit.Value, ct) is not { } u) return (null, null, default, TypedResults.Problem(title: "找不到该单位，或它不在你的管辖范围内。", statusCode: 404));
        return (template, u, m.Value, null);
    }

    static SheetDto Dto(LedgerSheet s) => new(s.Template.Key, s.Title, s.Unit.Id, s.Unit.Name, s.From, s.To, s.Columns.Select(c => c.Heading).ToList(), s.Columns.Select(c => c.Typed).ToList(),
        s.Rows.Select(r => new SheetRowDto(r.RowId, r.Cells)).ToList(), s.FieldCells, s.TypedCells);

    static async Task<Results<Ok<SheetDto>, ProblemHttpResult>> Sheet(string key, long? unit, string? month, CurrentUser me, LedgerCatalog catalog, LedgerGenerator generator,
        TimeProvider clock, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var (template, u, m, problem) = await ResolveAsync(area, catalog, generator, key, unit, month, clock, ct);
        if (problem is not null) return problem;
        var sheet = await generator.GenerateAsync(area, template!, u!, m, false, ct);
        return sheet.Value is { } s ? TypedResults.Ok(Dto(s)) : Refused(sheet);
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Xlsx(string key, long? unit, string? month, long? approval, CurrentUser me, LedgerCatalog catalog,
        LedgerGenerator generator, LedgerDownloads downloads, TimeProvider clock, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var (template, u, m, problem) = await ResolveAsync(area, catalog, generator, key, unit, month, clock, ct);
        if (problem is not null) return problem;
        var file = await downloads.XlsxAsync(area, template!, u!, m, approval, ct);
        return file.Value is { } f ? TypedResults.File(f.Content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f.FileName) : Refused(file);
    }

    static async Task<Results<Ok<SheetDto>, ProblemHttpResult>> Typed(string key, long? unit, string? month, TypedBody body, CurrentUser me, LedgerCatalog catalog,
        LedgerGenerator generator, TimeProvider clock, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var (template, u, m, problem) = await ResolveAsync(area, catalog, generator, key, unit, month, clock, ct);
        if (problem is not null) return problem;
        if (!area.HasIn(Permissions.Ledgers.Fill, u!)) return TypedResults.Problem(title: "你不能填报该单位的台账。", statusCode: 403);
        var sheet = await generator.GenerateAsync(area, template!, u!, m, false, ct);
        if (sheet.Value is not { } s) return Refused(sheet);
        await generator.SaveDraftAsync(area, s, body.Rows ?? [], clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(Dto(s));
    }

    /// <summary>The uploaded file of a multipart form, read by hand so that the endpoint declares no content type (a wrong one answers 400, not 415).</summary>
    static async Task<IFormFile?> FileAsync(HttpRequest request, CancellationToken ct) =>
        request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files["file"] : null;

    static async Task<Results<Ok<SheetDto>, ProblemHttpResult, ValidationProblem>> TypedXlsx(string key, long? unit, string? month, HttpRequest request, CurrentUser me,
        LedgerCatalog catalog, LedgerGenerator generator, TimeProvider clock, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var (template, u, m, problem) = await ResolveAsync(area, catalog, generator, key, unit, month, clock, ct);
        if (problem is not null) return problem;
        if (!area.HasIn(Permissions.Ledgers.Fill, u!)) return TypedResults.Problem(title: "你不能填报该单位的台账。", statusCode: 403);
        var file = await FileAsync(request, ct);
        if (file is null || file.Length == 0) return Bad("file：请选择填好的台账 xlsx。");
        var sheet = await generator.GenerateAsync(area, template!, u!, m, false, ct);
        if (sheet.Value is not { } s) return Refused(sheet);
        var (typed, problems) = LedgerXlsx.ReadTyped(s, await ReadAsync(file, ct));
        if (typed is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = problems.ToArray() }, title: "文件与生成的台账不一致，未保存。");
        await generator.SaveDraftAsync(area, s, typed, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(Dto(s));
    }

    internal static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using var stream = file.OpenReadStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    static async Task<Results<Created<SubmissionDto>, ProblemHttpResult>> Submit(string key, long? unit, string? month, CurrentUser me, LedgerCatalog catalog,
        LedgerGenerator generator, LedgerSubmissions submissions, LinliDb db, TimeProvider clock, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var (template, u, m, problem) = await ResolveAsync(area, catalog, generator, key, unit, month, clock, ct);
        if (problem is not null) return problem;
        var done = await submissions.SubmitAsync(area, template!, u!, m, ct);
        return done.Value is { } s ? TypedResults.Created($"/api/v1/ledgers/submissions/{s.Id}", Dto(s, u!.Name, false)) : Refused(done);
    }

    static SubmissionDto Dto(LedgerSubmission s, string unit, bool cells) => new(s.Id, s.TemplateKey, s.TemplateName, s.Department, s.UnitId, unit, s.PeriodFrom, s.PeriodTo,
        s.State.ToString(), s.FilledByName, s.SubmittedUtc, s.ReviewedByName, s.ReviewNote, s.RowCount, s.FieldCells, s.TypedCells,
        cells ? LedgerSubmissions.Headings(s) : null, cells ? LedgerSubmissions.Cells(s) : null);

    static async Task<Ok<List<SubmissionDto>>> Submissions(string? template, CurrentUser me, LedgerSubmissions submissions, CancellationToken ct) =>
        TypedResults.Ok((await submissions.ListAsync(await me.AreaAsync(ct), template, 200, ct)).Select(x => Dto(x.Submission, x.UnitName, false)).ToList());

    static async Task<Results<Ok<SubmissionDto>, NotFound>> Submission(long id, CurrentUser me, LedgerSubmissions submissions, CancellationToken ct)
    {
        var (s, u) = await submissions.FindAsync(await me.AreaAsync(ct), id, ct);
        return s is null ? TypedResults.NotFound() : TypedResults.Ok(Dto(s, u!.Name, true));
    }

    static async Task<Results<Ok<SubmissionDto>, ProblemHttpResult>> Review(long id, ReviewBody body, CurrentUser me, LedgerSubmissions submissions, LinliDb db, CancellationToken ct)
    {
        var done = await submissions.ReviewAsync(await me.AreaAsync(ct), id, body.Approve, body.Note, ct);
        return done.Value is { } s ? TypedResults.Ok(Dto(s, "", false)) : Refused(done);
    }

    static async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> Propose(HttpRequest request, LedgerTemplates templates, CancellationToken ct)
    {
        var file = await FileAsync(request, ct);
        if (file is null || file.Length == 0) return Bad("file：请选择部门下发的空白表格（xlsx）。");
        var p = templates.Propose(await ReadAsync(file, ct));
        return p.Value is { } v ? TypedResults.Ok(new ProposalDto(v.Title, v.Subject, v.Columns.Select(c => new ProposedColumnDto(c.Heading, c.Field?.Key, c.Field?.Name)).ToList())) : Refused(p);
    }

    static async Task<Results<Created<TemplateDto>, ProblemHttpResult>> SaveTemplate(TemplateBody body, CurrentUser me, LedgerTemplates templates, CancellationToken ct)
    {
        var saved = await templates.SaveAsync(await me.AreaAsync(ct), new LedgerTemplates.Form(body.UnitId, body.Department ?? "", body.Name ?? "", body.DutyItem, body.Cycle ?? "",
            body.DueDay, body.StreetApproves, body.Subject ?? "", body.Labels ?? [], body.AgeFrom, body.AgeTo, body.Columns ?? []), ct);
        if (saved.Value is not { } t) return Refused(saved);
        var view = LedgerCatalog.ViewOf(t);
        return TypedResults.Created($"/api/v1/ledgers/templates/{view.Key}", Dto(view));
    }

    static async Task<Results<Ok<List<LedgerSubmissions.Saving>>, ProblemHttpResult>> Savings(string? month, CurrentUser me, LedgerSubmissions submissions, TimeProvider clock, CancellationToken ct)
    {
        var m = month is null ? clock.Today() : Month(month);
        if (m is null) return Bad(UiText.Shared["month：“{0}”不是年月，应写成 2026-11。", month]);
        return TypedResults.Ok(await submissions.SavingsAsync(await me.AreaAsync(ct), m.Value, ct));
    }
}
