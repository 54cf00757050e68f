using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry.Import;
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
    public sealed record NewResident(long HouseholdId, ResidentEditor.Form? Resident);

    public static RouteGroupBuilder MapRegistryWriteApi(this RouteGroupBuilder api)
    {
        var write = api.MapGroup("").WithTags("Registry").RequireAuthorization(Permissions.Registry.Write);
        write.MapPost("/residents", Create).WithSummary("登记新居民（加入一户）；身份证号与电话以明文提交，保存时加密");
        write.MapPut("/residents/{id:long}", Update).WithSummary("修改居民信息；每项改动记入变更记录和审计日志");

        var import = api.MapGroup("").WithTags("Registry").RequireAuthorization(Permissions.Registry.Import);
        import.MapPost("/imports", Import).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(RosterFile.MaxBytes + 1024 * 1024), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = RosterFile.MaxBytes + 1024 * 1024 })
            .WithSummary("导入名册（multipart：file、into、dryRun、skipInvalid），结果与 linli import residents --json 相同");

        var export = api.MapGroup("").WithTags("Registry").RequireAuthorization(Permissions.Registry.Export);
        export.MapGet("/exports/residents", Export).WithSummary("导出一个网格或社区的在册居民名册（xlsx，脱敏），记入审计日志");
        return api;
    }

    static async Task<Results<Created<RegistryApi.ResidentDto>, NotFound, ValidationProblem>> Create(NewResident body, CurrentUser me, ResidentEditor editor, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (body.Resident is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["resident"] = ["请提供居民信息（resident）。"] });
        if (Invalid(body.Resident) is { } problem) return problem;
        var outcome = await editor.CreateAsync(area, body.HouseholdId, body.Resident, ct);
        if (outcome is null) return TypedResults.NotFound();
        if (!outcome.Ok) return Problem(outcome);
        var dto = await RegistryApi.DtoAsync(db, area, outcome.ResidentId!.Value, ct);
        return TypedResults.Created($"/api/v1/residents/{dto!.Id}", dto);
    }

    static async Task<Results<Ok<RegistryApi.ResidentDto>, NotFound, ValidationProblem>> Update(long id, ResidentEditor.Form body, CurrentUser me, ResidentEditor editor, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (Invalid(body) is { } problem) return problem;
        var outcome = await editor.UpdateAsync(area, id, body, ct);
        if (outcome is null) return TypedResults.NotFound();
        if (!outcome.Ok) return Problem(outcome);
        return TypedResults.Ok((await RegistryApi.DtoAsync(db, area, id, ct))!);
    }

    static async Task<Results<ContentHttpResult, NotFound, ValidationProblem, ProblemHttpResult>> Import(IFormFile file, [FromForm] string into, CurrentUser me, LinliDb db, RosterImport import,
        ImportQueue queue, HttpContext http, CancellationToken ct, [FromForm] bool dryRun = false, [FromForm] bool skipInvalid = false)
    {
        var area = await me.AreaAsync(ct);
        var unit = await OrgUnitTree.ResolveAsync(db, into, ct);
        // Only a unit whose grids all lie inside the user's area.
        if (unit is null || !await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Grid && o.Path.StartsWith(unit.Path)).AllAsync(o => EF.Parameter(area.GridIds).Contains(o.Id), ct))
            return TypedResults.NotFound();
        if (file.Length > RosterFile.MaxBytes)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"文件超过 {RosterFile.MaxBytes / 1024 / 1024} MB"] });
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        try
        {
            // One roster at a time on this server (ImportQueue); the file was read from the request before queueing.
            var report = await queue.RunAsync(unit.Id, dryRun, p => import.RunAsync(bytes, file.FileName, unit, new RosterImport.Options(DryRun: dryRun, SkipInvalid: skipInvalid, Progress: p), ct), ct);
            return TypedResults.Content(report.ToJson(), "application/json; charset=utf-8");
        }
        catch (ImportQueue.FullException)
        {
            http.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "导入排队已满",
                detail: $"服务器一次只处理一个名册，已有 {ImportQueue.MaxWaiting} 个在排队。这次没有读取文件，请过一分钟再试。");
        }
    }

    static async Task<Results<FileContentHttpResult, NotFound>> Export(string from, CurrentUser me, LinliDb db, FieldCipher cipher, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var unit = await OrgUnitTree.ResolveAsync(db, from, ct);
        if (unit is null || unit.Kind == OrgUnitKind.Street
            || !await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Grid && o.Path.StartsWith(unit.Path)).AllAsync(o => EF.Parameter(area.GridIds).Contains(o.Id), ct))
            return TypedResults.NotFound();
        using var buffer = new MemoryStream();
        var result = await new RosterExport(db, cipher, clock).WriteAsync(unit, buffer, reveal: false, ct);
        await audit.WriteAsync(AuditActions.Export, new AuditTarget(AuditTargets.OrgUnit, unit.Id), unit.Id,
            $"导出脱敏名册：{unit.Name}，{result.Residents} 人，{result.Households} 户", ct: ct);
        return TypedResults.File(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"{unit.Name}居民名册{clock.GetLocalNow():yyyyMMdd}.xlsx");
    }

    static ValidationProblem? Invalid(ResidentEditor.Form form)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (System.ComponentModel.DataAnnotations.Validator.TryValidateObject(form, new(form), results, validateAllProperties: true)) return null;
        return TypedResults.ValidationProblem(results.GroupBy(r => r.MemberNames.FirstOrDefault() ?? "")
            .ToDictionary(g => Camel(g.Key), g => g.Select(r => r.ErrorMessage ?? "").ToArray()));
    }

    static ValidationProblem Problem(ResidentEditor.Outcome outcome) =>
        TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }));

    static string Camel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}
