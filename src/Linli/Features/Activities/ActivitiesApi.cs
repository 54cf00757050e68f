using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linli.Features.Activities;

/// <summary>/api/v1/activities: activities, series, sign-ups, attendance, walk-ins, closing; the door's check-in (anonymous, by code).</summary>
public static class ActivitiesApi
{
    public sealed record SignupBody(long ResidentId, bool? AsVolunteer);
    public sealed record AttendanceBody(bool Attended);
    public sealed record ManyBody(IReadOnlyList<long> SignupIds);
    public sealed record WalkInBody(long? ResidentId, string? Name, bool AsVolunteer);
    public sealed record CloseBody(string? Report);
    public sealed record CheckInBody(string? DoorCode, string? Code);
    public sealed record CheckInAnswer(bool Done, string Message, string? Activity);

    public sealed record ActivityDto(long Id, long CommunityId, string Community, long? SeriesId, string Title, string Kind, string Audience, DateOnly Date,
        TimeOnly Starts, TimeOnly Ends, string Place, int? Capacity, string Organiser, string State, int SignedUp, int Waiting, int Attended)
    {
        public static ActivityDto From(ActivityReader.Row r) => new(r.Id, r.CommunityId, r.Community, r.SeriesId, r.Title, r.Kind, r.Audience, r.Date, r.Starts,
            r.Ends, r.Place, r.Capacity, r.Organiser, ActivityText.Of(r.State), r.SignedUp, r.Waiting, r.Attended);
    }

    public sealed record PersonDto(long SignupId, long? ResidentId, string Name, string State, bool WalkIn, bool AsVolunteer, string? CheckInCode,
        DateTime? AttendedAtUtc, string Attendance);

    public sealed record DetailDto(ActivityDto Activity, string? Content, string? Report, string? DoorCode, string Recorder, IReadOnlyList<PersonDto> People);

    public sealed record SignupDto(long SignupId, long ActivityId, long? ResidentId, string Name, string State, bool WalkIn, bool AsVolunteer, string CheckInCode, bool Attended)
    {
        public static SignupDto From(ActivitySignup s) => new(s.Id, s.ActivityId, s.ResidentId, s.Name, ActivityText.Of(s.State), s.IsWalkIn, s.AsVolunteer,
            s.CheckInCode, s.AttendedAtUtc is not null);
    }

    public sealed record SeriesDto(long SeriesId, int Created, int Updated, int Removed, int Cancelled);

    public static RouteGroupBuilder MapActivitiesApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/activities").WithTags("Activities").RequireAuthorization(Permissions.Activities.Read);
        g.MapGet("", List).WithSummary("社区活动：from/to（含，默认本月）、kind（类型）");
        g.MapGet("/{id:long}", Get).WithSummary("一个活动，含报名、候补和签到名单（个人签到码只给能签到的人看）");
        g.MapGet("/not-reached", NotReached).WithSummary("今年还没有参加过任何活动的居民，按网格（community 必填，year 默认今年）");
        g.MapGet("/numbers", Numbers).WithSummary("参加人数按年龄段和网格、志愿服务时长按服务队（community、year）");
        g.MapPost("", Plan).RequireAuthorization(Permissions.Activities.Manage).WithSummary("新建活动");
        g.MapPut("/{id:long}", Change).RequireAuthorization(Permissions.Activities.Manage).WithSummary("修改活动；名额增加时候补依次转为报名");
        g.MapPost("/series", NewSeries).RequireAuthorization(Permissions.Activities.Manage).WithSummary("新建每周重复的活动系列，生成各次活动");
        g.MapPut("/series/{id:long}", ChangeSeries).RequireAuthorization(Permissions.Activities.Manage)
            .WithSummary("修改系列并重新生成：同一天不会重复；不再需要的未来场次删除（已有人报名的改为取消）");
        g.MapPost("/{id:long}/signups", SignUp).RequireAuthorization(Permissions.Activities.SignUp).WithSummary("为居民报名；满额时进入候补");
        g.MapPost("/signups/{id:long}/cancel", Cancel).RequireAuthorization(Permissions.Activities.SignUp).WithSummary("取消报名；空出的名额给第一位候补");
        g.MapPost("/signups/{id:long}/attendance", Attend).RequireAuthorization(Permissions.Activities.SignUp).WithSummary("名单签到或取消签到");
        g.MapPost("/{id:long}/attendance", AttendMany).RequireAuthorization(Permissions.Activities.SignUp).WithSummary("名单签到多人");
        g.MapPost("/{id:long}/walk-ins", WalkIn).RequireAuthorization(Permissions.Activities.SignUp).WithSummary("现场加入（可超出名额）：居民或社区外人员姓名");
        g.MapPost("/{id:long}/close", Close).RequireAuthorization(Permissions.Activities.Manage).WithSummary("结束活动并写小结；志愿者的服务时长随之计入");
        api.MapPost("/activities/check-in", CheckIn).WithTags("Activities").AllowAnonymous()
            .WithSummary("门口签到（无需登录）：活动签到码和本人的4位签到码，仅在活动当天有效");
        return api;
    }

    static async Task<Ok<List<ActivityDto>>> List(CurrentUser me, ActivityReader reader, TimeProvider clock, CancellationToken ct, DateOnly? from = null, DateOnly? to = null, string? kind = null)
    {
        var today = clock.Today();
        var start = from ?? new DateOnly(today.Year, today.Month, 1);
        var rows = await reader.ListAsync(await me.AreaAsync(ct), start, to ?? start.AddMonths(1).AddDays(-1), kind, ct);
        return TypedResults.Ok(rows.Select(ActivityDto.From).ToList());
    }

    static async Task<Results<Ok<DetailDto>, NotFound>> Get(long id, CurrentUser me, ActivityReader reader, CancellationToken ct)
    {
        var d = await reader.OneAsync(await me.AreaAsync(ct), id, ct);
        if (d is null) return TypedResults.NotFound();
        return TypedResults.Ok(new DetailDto(ActivityDto.From(d.Activity), d.Content, d.Report, d.MaySignUp ? d.DoorCode : null, d.RecorderName,
            d.People.Select(p => new PersonDto(p.SignupId, p.ResidentId, p.Name, ActivityText.Of(p.State), p.IsWalkIn, p.AsVolunteer, d.MaySignUp ? p.CheckInCode : null,
                p.AttendedAtUtc, ActivityText.Of(p.AttendedBy))).ToList()));
    }

    static async Task<Results<Created<ActivityDto>, NotFound, ValidationProblem>> Plan(ActivityDesk.Form body, CurrentUser me, ActivityDesk desk, ActivityReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var o = await desk.PlanAsync(area, body, ct);
        if (o.NotFound) return TypedResults.NotFound();
        if (o.Value is not { } a) return Invalid(o.Errors, "活动有误");
        var row = await reader.OneAsync(area, a.Id, ct);
        return TypedResults.Created($"/api/v1/activities/{a.Id}", ActivityDto.From(row!.Activity));
    }

    static async Task<Results<Ok<ActivityDto>, NotFound, ValidationProblem>> Change(long id, ActivityDesk.Form body, CurrentUser me, ActivityDesk desk, ActivityReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var o = await desk.ChangeAsync(area, id, body, ct);
        if (o.NotFound) return TypedResults.NotFound();
        if (o.Value is null) return Invalid(o.Errors, "活动有误");
        return TypedResults.Ok(ActivityDto.From((await reader.OneAsync(area, id, ct))!.Activity));
    }

    static Task<Results<Ok<SeriesDto>, NotFound, ValidationProblem>> NewSeries(ActivityDesk.SeriesForm body, CurrentUser me, ActivityDesk desk, CancellationToken ct) =>
        Series(null, body, me, desk, ct);

    static Task<Results<Ok<SeriesDto>, NotFound, ValidationProblem>> ChangeSeries(long id, ActivityDesk.SeriesForm body, CurrentUser me, ActivityDesk desk, CancellationToken ct) =>
        Series(id, body, me, desk, ct);

    static async Task<Results<Ok<SeriesDto>, NotFound, ValidationProblem>> Series(long? id, ActivityDesk.SeriesForm body, CurrentUser me, ActivityDesk desk, CancellationToken ct)
    {
        var o = await desk.SeriesAsync(await me.AreaAsync(ct), id, body, ct);
        if (o.NotFound) return TypedResults.NotFound();
        if (o.Value is not { } r) return Invalid(o.Errors, "活动系列有误");
        return TypedResults.Ok(new SeriesDto(r.Series.Id, r.Created, r.Updated, r.Removed, r.Cancelled));
    }

    static async Task<Results<Ok<SignupDto>, NotFound, ValidationProblem>> SignUp(long id, SignupBody body, CurrentUser me, ActivityDesk desk, CancellationToken ct) =>
        Answer(await desk.SignUpAsync(await me.AreaAsync(ct), id, body.ResidentId, body.AsVolunteer, ct), "报名有误");

    static async Task<Results<Ok<SignupDto>, NotFound, ValidationProblem>> Cancel(long id, CurrentUser me, ActivityDesk desk, CancellationToken ct) =>
        Answer(await desk.CancelAsync(await me.AreaAsync(ct), id, ct), "取消报名有误");

    static async Task<Results<Ok<SignupDto>, NotFound, ValidationProblem>> Attend(long id, AttendanceBody body, CurrentUser me, ActivityDesk desk, CancellationToken ct) =>
        Answer(await desk.AttendAsync(await me.AreaAsync(ct), id, body.Attended, ct), "签到有误");

    static async Task<Results<NoContent, NotFound, ValidationProblem>> AttendMany(long id, ManyBody body, CurrentUser me, ActivityDesk desk, CancellationToken ct)
    {
        var o = await desk.AttendManyAsync(await me.AreaAsync(ct), id, body.SignupIds ?? [], ct);
        if (o.NotFound) return TypedResults.NotFound();
        return o.Value is null ? Invalid(o.Errors, "签到有误") : TypedResults.NoContent();
    }

    static async Task<Results<Ok<SignupDto>, NotFound, ValidationProblem>> WalkIn(long id, WalkInBody body, CurrentUser me, ActivityDesk desk, CancellationToken ct) =>
        Answer(await desk.WalkInAsync(await me.AreaAsync(ct), id, body.ResidentId, body.Name, body.AsVolunteer, ct), "现场加入有误");

    static async Task<Results<Ok<ActivityDto>, NotFound, ValidationProblem>> Close(long id, CloseBody body, CurrentUser me, ActivityDesk desk, ActivityReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var o = await desk.CloseAsync(area, id, body.Report, ct);
        if (o.NotFound) return TypedResults.NotFound();
        if (o.Value is null) return Invalid(o.Errors, "结束活动有误");
        return TypedResults.Ok(ActivityDto.From((await reader.OneAsync(area, id, ct))!.Activity));
    }

    static async Task<Results<Ok<CheckInAnswer>, ProblemHttpResult>> CheckIn(CheckInBody body, ActivityDesk desk, CheckInThrottle throttle, HttpContext http, CancellationToken ct)
    {
        var who = http.Connection.RemoteIpAddress?.ToString() ?? "?";
        if (throttle.Blocked(who)) return TypedResults.Problem("签到码输错次数太多，请10分钟后再试，或请工作人员帮您签到。", statusCode: StatusCodes.Status429TooManyRequests);
        var r = await desk.CheckInByCodeAsync(body.DoorCode, body.Code, ct);
        if (!r.Done) throttle.Failed(who);
        return TypedResults.Ok(new CheckInAnswer(r.Done, r.Message, r.Title));
    }

    static async Task<Results<Ok<List<ActivityNumbers.NotReachedGrid>>, NotFound, ProblemHttpResult>> NotReached(long? community, int? year, CurrentUser me, ActivityNumbers numbers,
        TimeProvider clock, CancellationToken ct)
    {
        if (community is not { } c) return TypedResults.Problem("请用 community 参数指明社区。", statusCode: StatusCodes.Status400BadRequest);
        var list = await numbers.NotReachedAsync(await me.AreaAsync(ct), c, year ?? clock.Today().Year, 500, ct);
        return list is null ? TypedResults.NotFound() : TypedResults.Ok(list.ToList());
    }

    static async Task<Results<Ok<ActivityNumbers.Summary>, NotFound, ProblemHttpResult>> Numbers(long? community, int? year, CurrentUser me, ActivityNumbers numbers,
        TimeProvider clock, CancellationToken ct)
    {
        if (community is not { } c) return TypedResults.Problem("请用 community 参数指明社区。", statusCode: StatusCodes.Status400BadRequest);
        var s = await numbers.SummaryAsync(await me.AreaAsync(ct), c, year ?? clock.Today().Year, ct);
        return s is null ? TypedResults.NotFound() : TypedResults.Ok(s);
    }

    static Results<Ok<SignupDto>, NotFound, ValidationProblem> Answer(Outcome<ActivitySignup> o, string title) =>
        o.NotFound ? TypedResults.NotFound() : o.Value is { } s ? TypedResults.Ok(SignupDto.From(s)) : Invalid(o.Errors, title);

    internal static ValidationProblem Invalid(IReadOnlyDictionary<string, string> errors, string title) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key.Length == 0 ? "activity" : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }), title: title);
}
