using System.Text.Json.Nodes;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry.Import;
using Linli.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// Writing the registry through the API: new residents, changes, roster imports, roster exports.
/// The same use cases as the pages (<see cref="ResidentEditor"/>, <see cref="RosterImport"/>, <see cref="RosterExport"/>).
/// </summary>
public static class RegistryWriteApi
{
    /// <summary>For the OpenAPI document: the body of POST /residents.</summary>
    public sealed record NewResident(long HouseholdId, ResidentBody.Shape Resident);

    public static RouteGroupBuilder MapRegistryWriteApi(this RouteGroupBuilder api)
    {
        var write = api.MapGroup("").WithTags("Registry").RequireAuthorization(Permissions.Registry.Write);
        write.MapPost("/residents", Create).Accepts<NewResident>("application/json")
            .WithSummary("登记新居民（加入一户）；身份证号与电话以明文提交，保存时加密");
        write.MapPut("/residents/{id:long}", Replace).Accepts<ResidentBody.Shape>("application/json")
            .WithSummary("修改居民信息：整条替换，须提交全部项目（与 GET 返回的相同），并带 If-Match（GET 的 ETag）；缺项 400，版本已变 412，无 If-Match 428");
        write.MapPatch("/residents/{id:long}", Patch).Accepts<ResidentBody.Shape>("application/merge-patch+json", "application/json")
            .WithSummary("修改居民的部分信息（JSON merge patch：未提交的项不变，null 清空），须带 If-Match；版本已变 412，无 If-Match 428");

        write.MapPost("/residents/labels", Label)
            .WithSummary("批量加标签或去标签：{tagId, op: add|remove, ids}，一次最多 20,000 人；全部或全不（有人不在可修改范围内则一个也不改），记一条审计日志");

        var import = api.MapGroup("").WithTags("Registry").RequireAuthorization(Permissions.Registry.Import);
        import.MapPost("/imports", Import).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(RosterFile.MaxBytes + 1024 * 1024), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = RosterFile.MaxBytes + 1024 * 1024 })
            .WithSummary("导入名册（multipart：file、into、dryRun、skipInvalid、updateExisting），结果与 linli import residents --json 相同；updateExisting=true 时，按身份证号与已登记居民（在可修改范围内）相同的行更新该居民不同的项（每项一条变更记录），结果中 updatedResidents、updatedFields 为更新的人数和项数");

        var export = api.MapGroup("").WithTags("Registry").RequireAuthorization(Permissions.Registry.Export);
        export.MapGet("/exports/residents", Export).WithSummary("导出一个网格或社区的在册居民名册（xlsx，脱敏），记入审计日志");
        return api;
    }

    static async Task<IResult> Create(HttpRequest request, CurrentUser me, ResidentEditor editor, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var (body, refused) = await ReadJsonAsync(request, ["application/json"], ct);
        if (refused is not null) return refused;
        if (body is not JsonObject obj || obj["householdId"] is not JsonValue h || !h.TryGetValue<long>(out var householdId))
            return Invalid(new() { ["householdId"] = ["请提供户的编号（householdId，数字）。"] });
        if (obj["resident"] is not JsonObject fields)
            return Invalid(new() { ["resident"] = ["请提供居民信息（resident，一个 JSON 对象）。"] });
        var gridId = await db.Households.InScopeOf(area, Permissions.Registry.Write).Where(x => x.Id == householdId).Select(x => (long?)x.GridId).FirstOrDefaultAsync(ct);
        if (gridId is null) return TypedResults.NotFound();
        var form = new ResidentEditor.Form();
        // Labels by the household's grid: a sensitive one only where the user holds the grant.
        var errors = ResidentBody.Read(fields, form, ResidentBody.Mode.Create, await db.Tags.VisibleTo(area, gridId.Value).ToListAsync(ct));
        if (errors.Count > 0) return Invalid(errors);
        var outcome = await editor.CreateAsync(area, householdId, form, ct);
        if (outcome is null) return TypedResults.NotFound();
        if (!outcome.Ok) return Problem(outcome);
        var dto = await RegistryApi.DtoAsync(db, area, outcome.ResidentId!.Value, ct);
        request.HttpContext.Response.Headers.ETag = RegistryApi.ETag(dto!.Version);
        return TypedResults.Created($"/api/v1/residents/{dto.Id}", dto);
    }

    static Task<IResult> Replace(long id, HttpRequest request, CurrentUser me, ResidentEditor editor, LinliDb db, CancellationToken ct) =>
        WriteAsync(id, request, ResidentBody.Mode.Replace, me, editor, db, ct);

    static Task<IResult> Patch(long id, HttpRequest request, CurrentUser me, ResidentEditor editor, LinliDb db, CancellationToken ct) =>
        WriteAsync(id, request, ResidentBody.Mode.Merge, me, editor, db, ct);

    /// <summary>
    /// PUT and PATCH: only with If-Match naming the version the client read (428 without it, 412 when the record has
    /// moved on since), so that two writers never overwrite each other unseen.
    /// </summary>
    static async Task<IResult> WriteAsync(long id, HttpRequest request, ResidentBody.Mode mode, CurrentUser me, ResidentEditor editor, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resident is null) return TypedResults.NotFound();
        if (ExpectedVersion(request) is not { } expected)
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "缺少 If-Match",
                detail: "修改居民信息须带 If-Match 头，写 GET 返回的 ETag（如 If-Match: \"3\"），以免覆盖他人刚保存的修改。");
        var (body, refused) = await ReadJsonAsync(request, mode == ResidentBody.Mode.Merge ? ["application/merge-patch+json", "application/json"] : ["application/json"], ct);
        if (refused is not null) return refused;
        if (expected != resident.Version) return Stale(request, resident.Version);
        var form = mode == ResidentBody.Mode.Merge ? await ResidentEditor.Form.OfAsync(db, resident, ct) : new ResidentEditor.Form { Ethnicity = null };
        var errors = ResidentBody.Read(body, form, mode, await db.Tags.VisibleTo(area, resident.GridId).ToListAsync(ct));
        if (errors.Count > 0) return Invalid(errors);
        form.Version = expected;
        var outcome = await editor.UpdateAsync(area, id, form, ct);
        if (outcome is null) return TypedResults.NotFound();
        if (outcome.Stale)
            return Stale(request, await db.Residents.Where(r => r.Id == id).Select(r => r.Version).FirstAsync(ct));
        if (!outcome.Ok) return Problem(outcome);
        var dto = (await RegistryApi.DtoAsync(db, area, id, ct))!;
        request.HttpContext.Response.Headers.ETag = RegistryApi.ETag(dto.Version);
        return TypedResults.Ok(dto);
    }

    static ProblemHttpResult Stale(HttpRequest request, int current)
    {
        var say = UiText.Shared;
        request.HttpContext.Response.Headers.ETag = RegistryApi.ETag(current);
        return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "此记录已被他人修改",
            detail: say["这位居民的信息在您读取之后已被修改（现在的版本是 {0}），您的修改没有保存。请重新 GET，核对后再提交。", current]);
    }

    /// <summary>The version named by If-Match ("3" or W/"3"); null when the header is missing, is "*" or names no version.</summary>
    internal static int? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Split(',')[0].Trim();
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        return int.TryParse(header.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    const int MaxBodyBytes = 64 * 1024;

    /// <summary>The body as JSON; or the answer that refuses it (415 for another media type, 413 too large, 400 not JSON).</summary>
    internal static async Task<(JsonNode? Body, IResult? Refused)> ReadJsonAsync(HttpRequest request, string[] mediaTypes, CancellationToken ct)
    {
        var say = UiText.Shared;
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !mediaTypes.Contains(media.MediaType.Value, StringComparer.OrdinalIgnoreCase))
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "不支持的内容类型",
                detail: say["请求体应为 {0}（UTF-8）。", string.Join(say[" 或 "], mediaTypes)]));
        var encoding = System.Text.Encoding.UTF8;
        if (media.Charset.Value is { Length: > 0 } charset)
        {
            try { encoding = System.Text.Encoding.GetEncoding(charset.Trim('"')); }
            catch (ArgumentException)
            {
                return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "不支持的字符集",
                    detail: say["请求的字符集“{0}”无法识别：请用 UTF-8。", TextElements.Cut(charset, 40, "…")]));
            }
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return (null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "请求体太大", detail: say["居民信息的请求体不能超过 {0} KB。", MaxBodyBytes / 1024]));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            var text = encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return (JsonNode.Parse(text), null);
        }
        catch (JsonException e)
        {
            return (null, Invalid(new() { [""] = [say["请求体不是有效的 JSON（第 {0} 行附近）。", e.LineNumber + 1]] }));
        }
    }

    static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors, title: "提交的居民信息有误");

    static async Task<Results<ContentHttpResult, NotFound, ValidationProblem, ProblemHttpResult>> Import(IFormFile file, [FromForm] string into, CurrentUser me, LinliDb db, RosterImport import,
        ImportQueue queue, HttpContext http, CancellationToken ct, [FromForm] bool dryRun = false, [FromForm] bool skipInvalid = false, [FromForm] bool updateExisting = false)
    {
        var say = UiText.Shared;
        var area = await me.AreaAsync(ct);
        var unit = await OrgUnitTree.ResolveAsync(db, into, ct);
        if (unit is null || !area.HasIn(Permissions.Registry.Import, unit))
            return TypedResults.NotFound();
        if (file.Length > RosterFile.MaxBytes)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [say["文件超过 {0} MB", RosterFile.MaxBytes / 1024 / 1024]] });
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        try
        {
            // One roster at a time on this server (ImportQueue); the file was read from the request before queueing.
            var report = await queue.RunAsync(unit.Id, dryRun, p => import.RunAsync(bytes, file.FileName, unit, new RosterImport.Options(DryRun: dryRun, SkipInvalid: skipInvalid, Progress: p,
                Area: updateExisting ? area : null, UpdateExisting: updateExisting), ct), ct);
            return TypedResults.Content(report.ToJson(), "application/json; charset=utf-8");
        }
        catch (ImportQueue.FullException)
        {
            http.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "导入排队已满",
                detail: say["服务器一次只处理一个名册，已有 {0} 个在排队。这次没有读取文件，请过一分钟再试。", ImportQueue.MaxWaiting]);
        }
    }

    /// <summary>
    /// The masked roster of a grid or community; with a list's filter (the parameters of GET /residents), only the
    /// residents that list holds — the 导出 of the list page. Full numbers and sensitive labels only through 导出审批.
    /// </summary>
    static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> Export(string from, [AsParameters] ResidentList.Query filter, CurrentUser me, LinliDb db,
        FieldCipher cipher, AuditLog audit, TimeProvider clock, ResidentList list, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var unit = await OrgUnitTree.ResolveAsync(db, from, ct);
        if (unit is null || unit.Kind == OrgUnitKind.Street || !area.HasIn(Permissions.Registry.Export, unit))
            return TypedResults.NotFound();
        IQueryable<long>? only = null;
        string? described = null;
        if (Filtered(filter))
        {
            var errors = new Dictionary<string, string>();
            var resolved = await list.ResolveAsync(area, ResidentList.Parse(filter, errors), errors, ct);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }), title: "筛选条件有误");
            only = resolved.Residents.Select(r => r.Id);
            described = ResidentList.Describe(resolved);
        }
        using var buffer = new MemoryStream();
        var result = await new RosterExport(db, cipher, clock).WriteAsync(unit, buffer, reveal: false, sensitiveLabels: false, only, described, ct);
        await audit.WriteAsync(AuditActions.Export, new AuditTarget(AuditTargets.OrgUnit, unit.Id), unit.Id,
            $"导出脱敏名册：{unit.Name}{(described is null ? "" : $"（名单：{described}）")}，{result.Residents} 人，{result.Households} 户", ct: ct);
        return TypedResults.File(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"{unit.Name}居民{(described is null ? "名册" : "名单")}{clock.GetLocalNow():yyyyMMdd}.xlsx");
    }

    static bool Filtered(ResidentList.Query q) =>
        new[] { q.Unit, q.Match, q.AgeMin, q.AgeMax, q.BornFrom, q.BornTo, q.Gender, q.Kind, q.Status, q.Role, q.Q }.Any(v => !string.IsNullOrWhiteSpace(v)) || q.Tag is { Length: > 0 };

    /// <summary>The body of POST /residents/labels.</summary>
    public sealed record LabelRequest(long TagId, string? Op, IReadOnlyList<long>? Ids);
    public sealed record LabelResponse(int Changed, int Unchanged, string Message);

    static async Task<Results<Ok<LabelResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Label(LabelRequest request, CurrentUser me, BulkLabel bulk, CancellationToken ct)
    {
        if (request.Op is not ("add" or "remove"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["op"] = ["op 只能是 add（添加）或 remove（移除）。"] }, title: "提交的内容有误");
        var outcome = await bulk.ApplyAsync(await me.AreaAsync(ct), request.TagId, request.Op == "add", request.Ids ?? [], null, ct);
        return outcome.Answer switch
        {
            BulkLabel.Answer.Ok => TypedResults.Ok(new LabelResponse(outcome.Changed, outcome.Unchanged, outcome.Message)),
            BulkLabel.Answer.NotFound => TypedResults.NotFound(),
            BulkLabel.Answer.Refused => TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status403Forbidden, title: "不在可修改的范围内"),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = [outcome.Message] }, title: "提交的内容有误"),
        };
    }

    static ValidationProblem Problem(ResidentEditor.Outcome outcome) =>
        TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }));

    static string Camel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}
