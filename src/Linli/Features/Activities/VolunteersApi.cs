using System.Text;
using Linli.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linli.Features.Activities;

/// <summary>/api/v1/volunteers: volunteers (names as consent allows), teams, projects and shifts, hours proposed and confirmed, the time bank,
/// certificates, and the export in the national volunteer system's fields. A volunteer proposes hours through their own link (anonymous).</summary>
public static class VolunteersApi
{
    public sealed record VolunteerDto(long Id, long CommunityId, string Name, bool Consent, bool IsResident, string? Skills, string? Availability,
        IReadOnlyList<string> Teams, decimal Hours, decimal HoursThisYear, int StarLevel, bool HasLeft)
    {
        public static VolunteerDto From(VolunteerReader.Row r) => new(r.Id, r.CommunityId, r.Name, r.Consent, r.IsResident, r.Skills, r.Availability, r.Teams,
            r.Hours, r.HoursThisYear, r.StarLevel, r.HasLeft);
    }

    public sealed record HoursDto(long Id, DateOnly Date, decimal Hours, string Content, int ServedCount, int? Satisfaction, string Source, long? SourceId,
        string State, string EnteredBy, string? DecidedBy, string? RejectReason, string? Team);

    public sealed record BankDto(long Id, DateOnly Date, decimal Hours, string Note, string EnteredBy);

    public sealed record CertificateDto(long Id, string Number, string VolunteerName, string? IdMasked, DateOnly From, DateOnly To, decimal Hours, string Content,
        string Issuer, DateOnly PostedOn, DateOnly IssuableOn, DateOnly? IssuedOn, string? IssuedBy)
    {
        public static CertificateDto Of(ServiceCertificate c) => new(c.Id, c.Number, c.VolunteerName, c.IdMasked, c.From, c.To, c.Hours, c.Content, c.Issuer,
            c.PostedOn, Certificates.IssuableOn(c.PostedOn), c.IssuedOn, c.IssuedBy);
    }

    public sealed record RecordDto(long Id, string Name, bool Consent, string? ConsentRecordedBy, long? ResidentId, string Community, string? Grid, string? Skills,
        string? Availability, IReadOnlyList<string> Teams, decimal Hours, decimal HoursThisYear, int StarLevel, decimal? ToNextStar, decimal TimeBankBalance,
        IReadOnlyList<HoursDto> Records, IReadOnlyList<BankDto> TimeBank, IReadOnlyList<CertificateDto> Certificates, string? SelfLink);

    public sealed record DecideBody(decimal? Hours, string? Reason);
    public sealed record RedeemBody(decimal? Hours, string? Note);
    public sealed record CertificateBody(DateOnly? From, DateOnly? To, DateOnly? PostedOn);
    public sealed record TeamBody(long? CommunityId, string? Name, string? Leader, string? Description);
    public sealed record ProjectBody(long? CommunityId, string? Name, long? TeamId, string? Description);
    public sealed record AssignBody(long VolunteerId);
    public sealed record IdDto(long Id);

    public static RouteGroupBuilder MapVolunteersApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/volunteers").WithTags("Volunteers").RequireAuthorization(Permissions.Volunteers.Read);
        g.MapGet("", List).WithSummary("志愿者名单（team、skill、year）；未同意公开信息的志愿者姓名遮盖");
        g.MapGet("/{id:long}", Get).WithSummary("志愿者记录：服务时长、星级、时间银行、证明");
        g.MapGet("/teams", Teams).WithSummary("志愿服务队及其人数、今年和累计时长");
        var m = g.MapGroup("").RequireAuthorization(Permissions.Volunteers.Manage);
        m.MapPost("", Register).WithSummary("登记志愿者：居民（residentId）或社区外人员（name），并记录是否同意公开信息");
        m.MapPut("/{id:long}", Change).WithSummary("修改志愿者：同意公开、特长、可服务时间、服务队");
        m.MapPost("/{id:long}/hours", Enter).WithSummary("工作人员登记服务时长（即为确认）；不含路途时间");
        m.MapGet("/hours/proposed", Proposed).WithSummary("志愿者本人申报、待确认的服务时长");
        m.MapPost("/hours/{id:long}/confirm", Confirm).WithSummary("确认申报的服务时长（可核减）");
        m.MapPost("/hours/{id:long}/reject", Reject).WithSummary("不予确认，写明理由");
        m.MapPost("/{id:long}/time-bank/redeem", Redeem).WithSummary("时间银行兑换服务，不超过余额");
        m.MapPost("/{id:long}/certificates", Post).WithSummary("出具志愿服务证明：先内部公示7天");
        m.MapPost("/certificates/{id:long}/issue", Issue).WithSummary("公示满7天后出具证明");
        m.MapPost("/teams", AddTeam).WithSummary("新建志愿服务队");
        m.MapPost("/projects", AddProject).WithSummary("新建志愿服务项目");
        m.MapPost("/projects/{id:long}/opportunities", AddOpportunity).WithSummary("项目岗位：固定班次（Shift）、时段内任选（Window）、长期（Ongoing）");
        m.MapPost("/opportunities/{id:long}/assignments", Assign).WithSummary("安排志愿者到岗位");
        m.MapPost("/assignments/{id:long}/hours", CreditShift).WithSummary("岗位完成，计入服务时长（同一岗位再次计入时替换）");
        m.MapGet("/export/national", ExportNational).WithSummary("按全国志愿服务信息系统字段导出（CSV）；未同意公开信息的志愿者不导出");
        api.MapPost("/volunteers/self/{token}/hours", Propose).WithTags("Volunteers").AllowAnonymous()
            .WithSummary("志愿者本人通过自己的链接申报服务时长（无需登录），等待工作人员确认");
        return api;
    }

    static int Year(TimeProvider clock) => clock.GetLocalNow().Year;

    static async Task<Ok<List<VolunteerDto>>> List(CurrentUser me, VolunteerReader reader, TimeProvider clock, CancellationToken ct, long? team = null, string? skill = null, int? year = null) =>
        TypedResults.Ok((await reader.ListAsync(await me.AreaAsync(ct), team, skill, year ?? Year(clock), ct)).Select(VolunteerDto.From).ToList());

    static async Task<Results<Ok<RecordDto>, NotFound>> Get(long id, CurrentUser me, VolunteerReader reader, TimeProvider clock, CancellationToken ct)
    {
        var r = await reader.OneAsync(await me.AreaAsync(ct), id, Year(clock), ct);
        if (r is null) return TypedResults.NotFound();
        var v = r.Volunteer;
        // Inside the office the record is the volunteer's own file; those who only read see the name as consent allows.
        var name = r.MayManage ? v.Name : VolunteerPrivacy.ListedName(v);
        return TypedResults.Ok(new RecordDto(v.Id, name, v.ConsentToShare, v.ConsentRecordedBy, r.MayManage ? v.ResidentId : null, r.Community, r.ResidentGrid, v.Skills,
            v.Availability, r.Teams.Select(t => t.Name).ToList(), r.Confirmed, r.ThisYear, r.StarLevel, r.ToNextStar, r.Balance,
            r.Hours.Select(h => new HoursDto(h.Id, h.Date, h.Hours, h.Content, h.ServedCount, h.Satisfaction, h.Source, h.SourceId, ActivityText.Of(h.State), h.EnteredBy,
                h.DecidedBy, h.RejectReason, h.Team)).ToList(),
            r.Bank.Select(e => new BankDto(e.Id, e.Date, e.Hours, e.Note, e.EnteredBy)).ToList(),
            r.Certificates.Select(CertificateDto.Of).ToList(), r.MayManage ? $"/Volunteers/Self/{v.SelfToken}" : null));
    }

    static async Task<Ok<List<VolunteerReader.TeamRow>>> Teams(CurrentUser me, VolunteerReader reader, TimeProvider clock, CancellationToken ct, int? year = null) =>
        TypedResults.Ok((await reader.TeamsAsync(await me.AreaAsync(ct), year ?? Year(clock), ct)).ToList());

    static async Task<Results<Created<IdDto>, NotFound, ValidationProblem>> Register(VolunteerDesk.Form body, CurrentUser me, VolunteerDesk desk, CancellationToken ct)
    {
        var o = await desk.RegisterAsync(await me.AreaAsync(ct), body, ct);
        if (o.NotFound) return TypedResults.NotFound();
        return o.Value is { } v ? TypedResults.Created($"/api/v1/volunteers/{v.Id}", new IdDto(v.Id)) : ActivitiesApi.Invalid(o.Errors, "志愿者信息有误");
    }

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem>> Change(long id, VolunteerDesk.Form body, CurrentUser me, VolunteerDesk desk, CancellationToken ct) =>
        IdOf(await desk.ChangeAsync(await me.AreaAsync(ct), id, body, ct), v => v.Id, "志愿者信息有误");

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem>> Enter(long id, HoursBook.Form body, CurrentUser me, HoursBook book, CancellationToken ct) =>
        IdOf(await book.EnterAsync(await me.AreaAsync(ct), id, body, ct), h => h.Id, "服务时长有误");

    static async Task<Ok<List<object>>> Proposed(CurrentUser me, VolunteerReader reader, CancellationToken ct) =>
        TypedResults.Ok((await reader.ProposedAsync(await me.AreaAsync(ct), ct))
            .Select(p => (object)new { hoursId = p.HoursId, volunteerId = p.VolunteerId, name = p.Name, date = p.Date, hours = p.Hours, content = p.Content }).ToList());

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem>> Confirm(long id, DecideBody body, CurrentUser me, HoursBook book, CancellationToken ct) =>
        IdOf(await book.DecideAsync(await me.AreaAsync(ct), id, true, body.Hours, body.Reason, ct), h => h.Id, "确认服务时长有误");

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem>> Reject(long id, DecideBody body, CurrentUser me, HoursBook book, CancellationToken ct) =>
        IdOf(await book.DecideAsync(await me.AreaAsync(ct), id, false, null, body.Reason, ct), h => h.Id, "不予确认有误");

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem>> Redeem(long id, RedeemBody body, CurrentUser me, HoursBook book, CancellationToken ct) =>
        IdOf(await book.RedeemAsync(await me.AreaAsync(ct), id, body.Hours, body.Note, ct), e => e.Id, "时间银行兑换有误");

    static async Task<Results<Ok<CertificateDto>, NotFound, ValidationProblem>> Post(long id, CertificateBody body, CurrentUser me, Certificates certificates, CancellationToken ct) =>
        CertificateOf(await certificates.PostAsync(await me.AreaAsync(ct), id, body.From, body.To, body.PostedOn, ct));

    static async Task<Results<Ok<CertificateDto>, NotFound, ValidationProblem>> Issue(long id, CurrentUser me, Certificates certificates, CancellationToken ct) =>
        CertificateOf(await certificates.IssueAsync(await me.AreaAsync(ct), id, ct));

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem>> AddTeam(TeamBody body, CurrentUser me, VolunteerDesk desk, CancellationToken ct) =>
        IdOf(await desk.AddTeamAsync(await me.AreaAsync(ct), body.CommunityId, body.Name, body.Leader, body.Description, ct), t => t.Id, "服务队有误");

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem>> AddProject(ProjectBody body, CurrentUser me, VolunteerDesk desk, CancellationToken ct) =>
        IdOf(await desk.AddProjectAsync(await me.AreaAsync(ct), body.CommunityId, body.Name, body.TeamId, body.Description, ct), p => p.Id, "项目有误");

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem>> AddOpportunity(long id, VolunteerDesk.OpportunityForm body, CurrentUser me, VolunteerDesk desk, CancellationToken ct) =>
        IdOf(await desk.AddOpportunityAsync(await me.AreaAsync(ct), id, body, ct), o => o.Id, "岗位有误");

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem>> Assign(long id, AssignBody body, CurrentUser me, VolunteerDesk desk, CancellationToken ct) =>
        IdOf(await desk.AssignAsync(await me.AreaAsync(ct), id, body.VolunteerId, ct), a => a.Id, "安排岗位有误");

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem>> CreditShift(long id, HoursBook.Form body, CurrentUser me, VolunteerDesk desk, CancellationToken ct) =>
        IdOf(await desk.CreditShiftAsync(await me.AreaAsync(ct), id, body, ct), h => h.Id, "服务时长有误");

    static async Task<IResult> ExportNational(CurrentUser me, NationalExport export, CancellationToken ct, long? community = null)
    {
        var (name, bytes) = await export.CsvAsync(await me.AreaAsync(ct), community, ct);
        return TypedResults.File(bytes, "text/csv; charset=utf-8", name);
    }

    static async Task<Results<Ok<IdDto>, NotFound, ValidationProblem, ProblemHttpResult>> Propose(string token, HoursBook.Form body, HoursBook book, CheckInThrottle throttle,
        HttpContext http, CancellationToken ct)
    {
        var who = "self:" + (http.Connection.RemoteIpAddress?.ToString() ?? "?");
        if (throttle.Blocked(who)) return TypedResults.Problem("尝试次数太多，请10分钟后再试。", statusCode: StatusCodes.Status429TooManyRequests);
        var o = await book.ProposeAsync(token, body, ct);
        if (o.NotFound) throttle.Failed(who);
        return IdOf(o, h => h.Id, "申报服务时长有误") switch
        {
            { Result: Ok<IdDto> ok } => ok,
            { Result: NotFound nf } => nf,
            { Result: ValidationProblem vp } => vp,
            _ => TypedResults.NotFound(),
        };
    }

    static Results<Ok<IdDto>, NotFound, ValidationProblem> IdOf<T>(Outcome<T> o, Func<T, long> id, string title) where T : class =>
        o.NotFound ? TypedResults.NotFound() : o.Value is { } v ? TypedResults.Ok(new IdDto(id(v))) : ActivitiesApi.Invalid(o.Errors, title);

    static Results<Ok<CertificateDto>, NotFound, ValidationProblem> CertificateOf(Outcome<ServiceCertificate> o) =>
        o.NotFound ? TypedResults.NotFound() : o.Value is { } c ? TypedResults.Ok(CertificateDto.Of(c)) : ActivitiesApi.Invalid(o.Errors, "志愿服务证明有误");
}
