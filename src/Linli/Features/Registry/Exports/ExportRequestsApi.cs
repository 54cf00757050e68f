using Linli.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linli.Features.Registry.Exports;

/// <summary>/api/v1/exports/requests: 导出审批 through the API, the same use case as the page (<see cref="ExportApprovals"/>).</summary>
public static class ExportRequestsApi
{
    public sealed record NewRequest(string? From, bool Unmasked, bool SensitiveLabels, string? Reason);
    public sealed record Decision(string? Note);
    public sealed record RequestDto(long Id, long OrgUnitId, string OrgUnitCode, string OrgUnitName, bool Unmasked, bool SensitiveLabels,
        string Reason, string Requester, DateTime CreatedUtc, string State, string? Approver, DateTime? DecidedUtc, string? DecisionNote,
        DateTime? UsableUntilUtc, DateTime? UsedUtc, int? RowCount, bool Mine, bool MayDecide, bool MayDownload);

    public static RouteGroupBuilder MapExportRequestsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/exports/requests").WithTags("Registry");
        g.MapGet("", List).RequireAuthorization(Permissions.Policies.ExportRequests)
            .WithSummary("我的导出申请，以及我管辖范围内等待我审批的申请");
        g.MapPost("", Create).RequireAuthorization(Permissions.Registry.Export)
            .WithSummary("申请导出未脱敏（unmasked）或含敏感标签（sensitiveLabels）的名册：from 为网格或社区，须写明 reason；须由另一人批准");
        g.MapPost("/{id:long}/approve", Approve).RequireAuthorization(Permissions.Registry.ApproveExport)
            .WithSummary("批准他人的导出申请（不能批准自己的）；批准后 24 小时内申请人可下载一次");
        g.MapPost("/{id:long}/reject", Reject).RequireAuthorization(Permissions.Registry.ApproveExport)
            .WithSummary("驳回他人的导出申请，note 写明理由");
        g.MapGet("/{id:long}/file", File).RequireAuthorization(Permissions.Registry.Export)
            .WithSummary("申请人下载已批准的名册（xlsx），只能下载一次；记入审计日志");
        return api;
    }

    static async Task<Ok<List<RequestDto>>> List(CurrentUser me, ExportApprovals approvals, CancellationToken ct) =>
        TypedResults.Ok((await approvals.ListAsync(await me.AreaAsync(ct), ct)).Select(Dto).ToList());

    static async Task<Results<Created<RequestDto>, NotFound, ProblemHttpResult>> Create(NewRequest body, CurrentUser me, ExportApprovals approvals, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await approvals.RequestAsync(area, new ExportApprovals.Ask(body.From, body.Unmasked, body.SensitiveLabels, body.Reason), ct);
        if (outcome.Answer != ExportApprovals.Answer.Ok) return Refusal<Created<RequestDto>>(outcome);
        var row = (await approvals.ListAsync(area, ct)).First(r => r.Request.Id == outcome.Request!.Id);
        return TypedResults.Created($"/api/v1/exports/requests/{row.Request.Id}", Dto(row));
    }

    static Task<Results<Ok<RequestDto>, NotFound, ProblemHttpResult>> Approve(long id, Decision? body, CurrentUser me, ExportApprovals approvals, CancellationToken ct) =>
        DecideAsync(id, true, body, me, approvals, ct);

    static Task<Results<Ok<RequestDto>, NotFound, ProblemHttpResult>> Reject(long id, Decision? body, CurrentUser me, ExportApprovals approvals, CancellationToken ct) =>
        DecideAsync(id, false, body, me, approvals, ct);

    static async Task<Results<Ok<RequestDto>, NotFound, ProblemHttpResult>> DecideAsync(long id, bool approve, Decision? body, CurrentUser me, ExportApprovals approvals, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await approvals.DecideAsync(area, id, approve, body?.Note, ct);
        if (outcome.Answer != ExportApprovals.Answer.Ok) return Refusal<Ok<RequestDto>>(outcome);
        return TypedResults.Ok(Dto((await approvals.ListAsync(area, ct)).First(r => r.Request.Id == id)));
    }

    static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> File(long id, CurrentUser me, ExportApprovals approvals, CancellationToken ct)
    {
        var (outcome, file) = await approvals.DownloadAsync(await me.AreaAsync(ct), id, ct);
        if (file is null) return Refusal<FileContentHttpResult>(outcome);
        return TypedResults.File(file.Content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.FileName);
    }

    static Results<T, NotFound, ProblemHttpResult> Refusal<T>(ExportApprovals.Outcome outcome) where T : IResult => outcome.Answer switch
    {
        ExportApprovals.Answer.NotFound => TypedResults.NotFound(),
        var a => TypedResults.Problem(outcome.Message, statusCode: a switch
        {
            ExportApprovals.Answer.Forbidden => StatusCodes.Status403Forbidden,
            ExportApprovals.Answer.Conflict => StatusCodes.Status409Conflict,
            ExportApprovals.Answer.Gone => StatusCodes.Status410Gone,
            _ => StatusCodes.Status422UnprocessableEntity,
        }),
    };

    static RequestDto Dto(ExportApprovals.Row r) => new(r.Request.Id, r.Request.OrgUnitId, r.UnitCode, r.UnitName, r.Request.Unmasked,
        r.Request.SensitiveLabels, r.Request.Reason, r.RequesterName, r.Request.CreatedUtc, r.State.ToString(), r.ApproverName,
        r.Request.DecidedUtc, r.Request.DecisionNote, r.State == ExportRequestState.Approved ? r.Request.UsableUntilUtc : null,
        r.Request.UsedUtc, r.Request.RowCount, r.Mine, r.MayDecide, r.MayDownload);
}
