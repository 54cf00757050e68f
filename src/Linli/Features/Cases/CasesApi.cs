using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>/api/v1/cases: the same lists, case, opening and workflow as the pages; every write audited by <see cref="CaseWorkflow"/>.</summary>
public static class CasesApi
{
    /// <summary>Anyone with a part in cases: the lists and a case's page answer inside the user's scope.</summary>
    public static readonly string[] AnyCaseWork = [Permissions.Cases.Open, Permissions.Cases.Read, Permissions.Cases.Handle, Permissions.Cases.Lead, Permissions.Cases.Supervise];

    public sealed record CaseRow(long Id, string Reference, string Kind, string KindName, string Title, string State, string? Stage, DateTime? DueAt, string Clock,
        bool Provisional, bool Escalated, string? Owner, string Grid, DateTime CreatedAt);
    public sealed record CaseDto(long Id, string Reference, string Kind, string KindName, string State, string Community, string Grid, string CallerName, string? CallerPhone,
        string Title, string? Content, string? Owner, string CreatedBy, DateTime CreatedAt, DateTime? AcceptedAt, DateTime? AnsweredAt, DateTime? ClosedAt,
        string? Stage, DateTime? DueAt, bool Provisional, string Clock, DateTime? PausedSince, int ExtendedBy, bool Escalated, string? DuplicateOf,
        string? Answer, bool? AgreementReached, bool? FollowUpSolved, string? Review, IReadOnlyList<CaseDetails.Step> History);
    /// <summary>What "status of my case" answers: the state and the dates, nothing else.</summary>
    public sealed record CaseStatus(string Reference, string Kind, string State, DateTime RegisteredAt, DateTime? AcceptedAt, DateTime? AnsweredAt, DateTime? ClosedAt, DateTime? DueAt);
    public sealed record SupervisionRow(long CommunityId, string Community, long Open, long Escalated, long Overdue);

    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        var any = api.MapGroup("/cases").WithTags("Cases").RequireAuthorization(p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(AnyCaseWork)));
        any.MapGet("", List).WithSummary("事件列表：view = mine（我的）/ team（本组）/ community（社区）/ street（督办：超期或上报）；kind、state、clock（Red/Yellow/Green/Paused）、resident 筛选；按期限排序，超期在前");
        any.MapGet("/{id:long}", Get).WithSummary("一件事件及其办理记录；信访件的内容仅承办人和社区负责人可见，每次查阅记入审计日志");
        any.MapPost("/{id:long}/actions", Act).WithSummary("办理一步：action = accept 受理、handle 办理、answer 答复办结、followup 回访、reopen 退回再办、archive 归档、dispatch 转派、escalate 上报街道、extend 延期、pause 暂停、resume 恢复、link 关联重复、terminate 终止调解、withdraw 退单、review 复查/复核、note 补充记录、visit 记录走访（写入走访记录）；信访延期：extend-request 承办人申请、extend-approve / extend-refuse 社区负责人审批");
        api.MapPost("/cases", Open).WithTags("Cases").RequireAuthorization(Permissions.Cases.Open)
            .WithSummary("登记事件（kind = mediation / grievance / help / 12345 / other）；返回编号，可读给来电人");
        api.MapGet("/cases/supervision", Supervision).WithTags("Cases")
            .RequireAuthorization(p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permissions.Cases.Supervise, Permissions.Cases.Lead)))
            .WithSummary("督办概况：各社区进行中、上报、超期的事件数（由随办理更新的汇总得出）");
        api.MapGet("/cases/ledgers/{ledger}", Ledger).WithTags("Cases").RequireAuthorization(Permissions.Cases.Lead)
            .WithSummary("台账（xlsx）：mediation = 信访调解记录（纠纷类别、受理时间、调解人员、有无调解协议、纠纷概况、当事人概况、调处结果、跟踪反馈），12345 = 12345工单台账；记入审计日志");
        var office = api.MapGroup("/cases/types").WithTags("Cases")
            .RequireAuthorization(p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permissions.Cases.Supervise, Permissions.Cases.Lead)));
        office.MapGet("", Types).WithSummary("事件类型及其时限（受理、办理、单位、最多延期、预警线）");
        office.MapPut("/{code}", SaveType).WithSummary("修改一个事件类型的时限：新登记的事件适用，已登记的保持原时限；记入审计日志");
        api.MapGet("/cases/status", Status).WithTags("Cases").AllowAnonymous()
            .WithSummary("查询我的事件：编号 + 联系电话后四位；只答复状态和日期；每个地址每分钟至多10次");
        return api;
    }

    static async Task<Ok<List<CaseRow>>> List(CurrentUser me, CaseLists lists, string? view, string? kind, CaseState? state, ClockColour? clock, long? resident, bool? all, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var rows = await lists.ListAsync(area, new CaseLists.Filter(CaseLists.Views.Contains(view) ? view! : "mine", kind, state, clock, resident, null, all ?? false), ct);
        return TypedResults.Ok(rows.Select(r => new CaseRow(r.Id, r.Reference, r.Kind, CaseType.NameOf(r.Kind), r.Title, r.State.ToString(), r.Stage?.ToString(), r.DueAt,
            r.Colour.ToString(), r.Provisional, r.Escalated, r.Owner, r.Grid, r.CreatedAt)).ToList());
    }

    static async Task<Results<Ok<CaseDto>, NotFound>> Get(long id, CurrentUser me, CaseDetails details, CancellationToken ct)
    {
        var v = await details.ForAsync(await me.AreaAsync(ct), id, ct);
        return v is null ? TypedResults.NotFound() : TypedResults.Ok(Dto(v));
    }

    internal static CaseDto Dto(CaseDetails.View v)
    {
        var c = v.Case;
        return new CaseDto(c.Id, c.Reference, c.Kind, v.Type.Name, c.State.ToString(), v.Community, v.Grid, v.Content ? c.CallerName : "—", v.Content ? c.CallerPhoneMasked : null,
            v.Title, v.Content ? c.Content : null, v.Owner, v.CreatedBy, c.CreatedAt, c.AcceptedAt, c.AnsweredAt, c.ClosedAt, c.ClockStage?.ToString(), c.DueAt, c.DueProvisional,
            v.Colour.ToString(), c.PausedSince, c.ExtendedBy, c.Escalated, v.DuplicateOf, v.Content ? c.Answer : null, c.AgreementReached, c.FollowUpSolved, c.Review, v.History);
    }

    static async Task<IResult> Open(CaseWorkflow.OpenForm form, CurrentUser me, CaseWorkflow workflow, CaseDetails details, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await workflow.OpenAsync(area, form, ct);
        if (outcome is null) return TypedResults.NotFound();
        if (!outcome.Ok) return Invalid(outcome.Errors);
        var v = await details.ForAsync(area, outcome.Case!.Id, ct);
        return TypedResults.Created($"/api/v1/cases/{outcome.Case.Id}", v is null ? null : Dto(v));
    }

    static async Task<IResult> Act(long id, CaseWorkflow.ActForm form, CurrentUser me, CaseWorkflow workflow, CaseDetails details, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await workflow.ActAsync(area, id, form, ct);
        if (outcome is null) return TypedResults.NotFound();
        if (!outcome.Ok) return Invalid(outcome.Errors);
        var v = await details.ForAsync(area, id, ct);
        return v is null ? TypedResults.NoContent() : TypedResults.Ok(Dto(v));
    }

    static async Task<Ok<IReadOnlyList<CaseType>>> Types(CaseTypeSettings settings, CancellationToken ct) => TypedResults.Ok(await settings.ListAsync(ct));

    static async Task<IResult> SaveType(string code, CaseTypeSettings.Form form, CurrentUser me, CaseTypeSettings settings, CancellationToken ct)
    {
        var result = await settings.SaveAsync(await me.AreaAsync(ct), code, form, ct);
        if (result is null) return TypedResults.NotFound();
        return result.Value.Type is { } saved ? TypedResults.Ok(saved) : Invalid(result.Value.Errors);
    }

    static async Task<Ok<List<SupervisionRow>>> Supervision(CurrentUser me, CaseLists lists, CancellationToken ct) =>
        TypedResults.Ok((await lists.SupervisionAsync(await me.AreaAsync(ct), ct)).Select(r => new SupervisionRow(r.CommunityId, r.Name, r.Open, r.Escalated, r.Overdue)).ToList());

    static async Task<IResult> Ledger(string ledger, CurrentUser me, CaseLedgers ledgers, HttpContext http, CancellationToken ct)
    {
        if (!CaseLedgers.Titles.TryGetValue(ledger, out var title)) return TypedResults.NotFound();
        using var buffer = new MemoryStream();
        await ledgers.WriteAsync(await me.AreaAsync(ct), ledger, buffer, ct);
        http.Response.Headers.ContentDisposition = $"attachment; filename*=UTF-8''{Uri.EscapeDataString(title)}.xlsx";
        return TypedResults.File(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    static async Task<IResult> Status(string? reference, string? phone, HttpContext http, CaseStatusThrottle throttle, LinliDb db, CancellationToken ct)
    {
        if (!throttle.Allow(http.Connection.RemoteIpAddress?.ToString() ?? "unknown"))
        {
            http.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(title: "查询过于频繁，请一分钟后再试。", statusCode: StatusCodes.Status429TooManyRequests);
        }
        var r = reference?.Trim().ToUpperInvariant();
        var suffix = phone?.Trim();
        if (string.IsNullOrEmpty(r) || suffix is not { Length: 4 } || !suffix.All(char.IsAsciiDigit))
            return Invalid(new Dictionary<string, string> { ["reference"] = "请提供事件编号（reference）和登记时所留电话的后四位（phone）。" });
        var c = await db.Set<Case>().AsNoTracking().Where(x => x.Reference == r && x.PhoneSuffix == suffix)
            .Select(x => new CaseStatus(x.Reference, x.Kind, x.State.ToString(), x.CreatedAt, x.AcceptedAt, x.AnsweredAt, x.ClosedAt, x.ClockStage == null ? null : x.DueAt))
            .FirstOrDefaultAsync(ct);
        return c is null ? TypedResults.NotFound() : TypedResults.Ok(c);
    }

    static ValidationProblem Invalid(IReadOnlyDictionary<string, string> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key.Length == 0 ? "case" : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }),
            title: errors.Values.First());
}

/// <summary>"Status of my case" is open to anyone who has a reference: at most 10 questions a minute from one address.</summary>
public sealed class CaseStatusThrottle(TimeProvider clock)
{
    public const int PerMinute = 10;
    readonly Dictionary<string, (long Minute, int Count)> seen = [];

    public bool Allow(string address)
    {
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        lock (seen)
        {
            if (seen.Count > 10_000) seen.Clear();
            var (m, n) = seen.GetValueOrDefault(address);
            if (m != minute) (m, n) = (minute, 0);
            seen[address] = (m, n + 1);
            return n < PerMinute;
        }
    }
}
