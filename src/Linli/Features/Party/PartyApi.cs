using Linli.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linli.Features.Party;

/// <summary>/api/v1/party: the branch, members, meetings with attendance, self-inspections and their rectification rows — the
/// same reads and writes as the pages (<see cref="PartyReader"/>, <see cref="PartyDesk"/>), each write audited there.</summary>
public static class PartyApi
{
    public sealed record BranchDto(long Id, long CommunityId, string Name, string Community);
    public sealed record PeriodDto(string Kind, string Name, string Period, int Number, int Held, int Required, string State);
    public sealed record OverviewDto(BranchDto Branch, int Year, PartyReader.MemberCounts Members, IReadOnlyList<PeriodDto> Current, IReadOnlyList<PeriodDto> Periods,
        PartyReader.RectificationCounts Rectifications);
    public sealed record MemberDto(long Id, long BranchId, long? GroupId, long? ResidentId, string Name, string? Gender, DateOnly? BirthDate, DateOnly JoinedOn, DateOnly? FullOn,
        string Category, DateOnly? RelationInOn, string? RelationFrom, DateOnly? RelationOutOn, string? RelationTo, string? Posts, bool IsCommittee, int Version);
    public sealed record MeetingDto(long Id, long BranchId, long? GroupId, string Kind, string KindName, DateOnly Date, string Topic, string? Place, string? Host, string? Agenda,
        string? Minutes, int Expected, int Present, bool QuorumMet, string Quorum, IReadOnlyList<PartyReader.AttendanceRow>? Attendance);
    public sealed record InspectionDto(long Id, long BranchId, int Year, string Occasion, string Title, DateOnly HeldOn, string? Opinions, DateOnly? PublishedOn);
    public sealed record RectificationDto(long Id, long InspectionId, int Seq, string Subject, string Rule, string RuleLabel, string Problem, string Source, DateOnly FoundOn,
        string Goal, string Measures, string Owner, string Reviewer, string? Unit, DateOnly Deadline, string Progress, string ProgressName, bool Overdue, string? Result,
        string? Evidence, DateOnly? DoneOn, DateOnly? SignedOffOn, string? SignedOffBy, string? Note);

    public static RouteGroupBuilder MapPartyApi(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/party").WithTags("Party").RequireAuthorization(Permissions.Party.Read);
        var write = api.MapGroup("/party").WithTags("Party").RequireAuthorization(Permissions.Party.Write);
        read.MapGet("/branches", Branches).WithSummary("本人可见的党支部");
        write.MapPost("/branches", CreateBranch).WithSummary("设立党支部（communityId, name, groups：党小组，每行一个）");
        read.MapGet("/branches/{id:long}", Overview).WithSummary("支部概况：党员人数，三会一课本月/本季度/本年已开、缺、待开，整改进度；year 可选");
        read.MapGet("/branches/{id:long}/members", Members).WithSummary("党员名单；q 姓名，category = Full/Probationary，former = true 含已转出");
        write.MapPost("/members", AddMember).WithSummary("登记党员（residentId 关联本社区居民；不在本社区居住的填 name 等）");
        read.MapGet("/members/{id:long}", Member).WithSummary("一名党员");
        write.MapPut("/members/{id:long}", ChangeMember).WithSummary("修改党员信息（含组织关系转入、转出，党内职务）");
        read.MapGet("/branches/{id:long}/meetings", Meetings).WithSummary("支部会议；kind、year、month 筛选");
        write.MapPost("/meetings", AddMeeting).WithSummary("登记会议及出席情况（present：出席党员 id；reasons：缺席原因）；按会议类型核对法定人数");
        read.MapGet("/meetings/{id:long}", Meeting).WithSummary("一次会议及出席情况");
        write.MapPut("/meetings/{id:long}", ChangeMeeting).WithSummary("修改会议记录和出席情况");
        read.MapGet("/branches/{id:long}/inspections", Inspections).WithSummary("查摆问题（对照准则条例）");
        write.MapPost("/inspections", AddInspection).WithSummary("新建查摆（year, occasion, title, heldOn, opinions）");
        write.MapPost("/inspections/{id:long}/publish", Publish).WithSummary("向党员公布整改清单");
        read.MapGet("/inspections/{id:long}/rectifications", Rows).WithSummary("整改台账的行：问题清单、任务清单、责任清单是同一批行；progress、overdue 筛选");
        write.MapPost("/inspections/{id:long}/rectifications", AddProblem).WithSummary("查摆一个问题：对照条目、问题表现、整改目标和措施、责任人、复核人、时限");
        read.MapGet("/rectifications/{id:long}", Rectification).WithSummary("一个整改事项");
        write.MapPost("/rectifications/{id:long}/steps", Step).WithSummary("action = progress 报告进度、done 整改完成、signoff 销号（仅复核人，责任人不能为自己销号）、return 退回");
        read.MapGet("/branches/{id:long}/posts", Posts).WithSummary("设岗定责：本年度（year）的岗位、党员、职责、责任书、公示、述岗、年终评分");
        write.MapPost("/posts", AssignPost).WithSummary("为无职党员设岗（branchId, year, memberId, post, duties, route = 本人申请/组织推荐, signedOn）");
        write.MapPost("/posts/{id:long}/steps", PostStep).WithSummary("action = sign 签订责任书（signedOn）、publish 公示、report 述岗（quarter, note）、score 年终评分（0–100）");
        read.MapGet("/branches/{id:long}/commitments", Commitments).WithSummary("承诺践诺：本年度的承诺及其状态、践诺记录和评分");
        write.MapPost("/commitments", AddPromise).WithSummary("承诺（每名党员每年2至5项；memberId 为空时是支部向党员的承诺）");
        write.MapPost("/commitments/{id:long}/steps", PromiseStep).WithSummary("action = check 审诺、publish 亮诺（public：向居民公开）、progress 践诺（note）、evaluate 评诺（scoreByMembers/Residents/Branch，0–100）");
        read.MapGet("/branches/{id:long}/evaluations", Evaluations).WithSummary("民主评议：本年度每名党员的等次和承诺评分");
        write.MapPut("/branches/{id:long}/evaluations", Grade).WithSummary("评定等次（year, grades：党员 id → Excellent/Qualified/BasicallyQualified/Unqualified）；优秀不超过党员总数的三分之一");
        write.MapPost("/branches/{id:long}/evaluations/publish", PublishGrades).WithSummary("向党员公布本年度评议结果（year）；公布后不能再修改");
        return api;
    }

    public sealed record PublishForm(int Year);

    static async Task<Results<Ok<List<YearReader.PostRow>>, NotFound>> Posts(long id, int? year, CurrentUser me, PartyReader reader, YearReader years, CancellationToken ct) =>
        await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is { } b ? TypedResults.Ok((await years.PostsAsync(b.Id, year ?? reader.Today.Year, ct)).ToList()) : TypedResults.NotFound();

    static async Task<IResult> AssignPost(YearDesk.PostForm form, CurrentUser me, YearDesk desk, CancellationToken ct) =>
        Answer(await desk.AssignPostAsync(await me.AreaAsync(ct), form, ct), p => TypedResults.Created($"/api/v1/party/posts/{p.Id}", p));

    static async Task<IResult> PostStep(long id, YearDesk.PostStepForm form, CurrentUser me, YearDesk desk, CancellationToken ct) =>
        Answer(await desk.PostStepAsync(await me.AreaAsync(ct), id, form, ct), p => TypedResults.Ok(p));

    static async Task<Results<Ok<List<YearReader.PromiseRow>>, NotFound>> Commitments(long id, int? year, CurrentUser me, PartyReader reader, YearReader years, CancellationToken ct) =>
        await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is { } b ? TypedResults.Ok((await years.PromisesAsync(b.Id, year ?? reader.Today.Year, false, ct)).ToList()) : TypedResults.NotFound();

    static object PromiseDto(Commitment c) => new { c.Id, c.BranchId, c.Year, c.MemberId, c.Text, c.Measure, State = c.State.ToString(), StateName = YearlyCycle.StateWord(c.State),
        c.CheckedOn, c.PublishedOn, c.Public, c.Progress, c.ScoreByMembers, c.ScoreByResidents, c.ScoreByBranch, c.Score, c.EvaluatedOn };

    static async Task<IResult> AddPromise(YearDesk.PromiseForm form, CurrentUser me, YearDesk desk, CancellationToken ct) =>
        Answer(await desk.AddPromiseAsync(await me.AreaAsync(ct), form, ct), c => TypedResults.Created($"/api/v1/party/commitments/{c.Id}", PromiseDto(c)));

    static async Task<IResult> PromiseStep(long id, YearDesk.PromiseStepForm form, CurrentUser me, YearDesk desk, CancellationToken ct) =>
        Answer(await desk.PromiseStepAsync(await me.AreaAsync(ct), id, form, ct), c => TypedResults.Ok(PromiseDto(c)));

    static async Task<Results<Ok<List<YearReader.GradeRow>>, NotFound>> Evaluations(long id, int? year, CurrentUser me, PartyReader reader, YearReader years, CancellationToken ct) =>
        await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is { } b ? TypedResults.Ok((await years.GradesAsync(b.Id, year ?? reader.Today.Year, ct)).ToList()) : TypedResults.NotFound();

    static async Task<IResult> Grade(long id, YearDesk.GradesForm form, CurrentUser me, YearDesk desk, CancellationToken ct) =>
        Answer(await desk.GradeAsync(await me.AreaAsync(ct), id, form, ct), r => TypedResults.Ok(r));

    static async Task<IResult> PublishGrades(long id, PublishForm form, CurrentUser me, YearDesk desk, CancellationToken ct) =>
        Answer(await desk.PublishGradesAsync(await me.AreaAsync(ct), id, form.Year, ct), r => TypedResults.Ok(r));

    static BranchDto Dto(PartyReader.BranchChoice b) => new(b.Id, b.CommunityId, b.Name, b.Community);
    static PeriodDto Dto(PeriodStatus p) => new(p.Kind.ToString(), MeetingRhythm.NameOf(p.Kind), p.Period.ToString(), p.Number, p.Held, p.Required, p.State.ToString());
    internal static MemberDto Dto(PartyMember m) => new(m.Id, m.BranchId, m.GroupId, m.ResidentId, m.Name, m.Gender, m.BirthDate, m.JoinedOn, m.FullOn, m.Category.ToString(),
        m.RelationInOn, m.RelationFrom, m.RelationOutOn, m.RelationTo, m.Posts, m.IsCommittee, m.Version);
    static MeetingDto Dto(BranchMeeting m, IReadOnlyList<PartyReader.AttendanceRow>? attendance) => new(m.Id, m.BranchId, m.GroupId, m.Kind.ToString(), MeetingRhythm.NameOf(m.Kind),
        m.Date, m.Topic, m.Place, m.Host, m.Agenda, m.Minutes, m.Expected, m.Present, m.QuorumMet, MeetingRhythm.Quorum(m.Kind, m.Expected, m.Present).Text, attendance);
    static InspectionDto Dto(SelfInspection s) => new(s.Id, s.BranchId, s.Year, s.Occasion, s.Title, s.HeldOn, s.Opinions, s.PublishedOn);
    static RectificationDto Dto(Rectification r, DateOnly today) => new(r.Id, r.InspectionId, r.Seq, r.Subject, r.Rule, Rectifications.RuleLabel(r.Rule), r.Problem, r.Source,
        r.FoundOn, r.Goal, r.Measures, r.OwnerName, r.ReviewerName, r.Unit, r.Deadline, r.Progress.ToString(), Rectifications.ProgressWord(r.Progress),
        Rectifications.IsOverdue(r.Progress, r.Deadline, today), r.Result, r.Evidence, r.DoneOn, r.SignedOffOn, r.SignedOffBy, r.Note);

    static async Task<Ok<List<BranchDto>>> Branches(CurrentUser me, PartyReader reader, CancellationToken ct) =>
        TypedResults.Ok((await reader.BranchesAsync(await me.AreaAsync(ct), ct)).Select(Dto).ToList());

    static async Task<IResult> CreateBranch(PartyDesk.BranchForm form, CurrentUser me, PartyDesk desk, PartyReader reader, CancellationToken ct) =>
        Answer(await desk.CreateBranchAsync(await me.AreaAsync(ct), form, ct), b => TypedResults.Created($"/api/v1/party/branches/{b.Id}", new { b.Id, b.CommunityId, b.Name }));

    static async Task<Results<Ok<OverviewDto>, NotFound>> Overview(long id, int? year, CurrentUser me, PartyReader reader, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } branch) return TypedResults.NotFound();
        var o = await reader.OverviewAsync(branch, year, ct);
        return TypedResults.Ok(new OverviewDto(Dto(branch), o.Year, o.Members, o.Current.Select(Dto).ToList(), o.Rhythm.Select(Dto).ToList(), o.Rectifications));
    }

    static async Task<Results<Ok<List<PartyReader.MemberRow>>, NotFound>> Members(long id, string? q, MemberCategory? category, bool? former, CurrentUser me, PartyReader reader, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } branch) return TypedResults.NotFound();
        return TypedResults.Ok((await reader.MembersAsync(branch, q, category, former ?? false, ct)).ToList());
    }

    static async Task<Results<Ok<MemberDto>, NotFound>> Member(long id, CurrentUser me, PartyReader reader, CancellationToken ct) =>
        await reader.MemberAsync(await me.AreaAsync(ct), id, ct) is { } m ? TypedResults.Ok(Dto(m)) : TypedResults.NotFound();

    static async Task<IResult> AddMember(PartyDesk.MemberForm form, CurrentUser me, PartyDesk desk, CancellationToken ct) =>
        Answer(await desk.SaveMemberAsync(await me.AreaAsync(ct), null, form, ct), m => TypedResults.Created($"/api/v1/party/members/{m.Id}", Dto(m)));

    static async Task<IResult> ChangeMember(long id, PartyDesk.MemberForm form, CurrentUser me, PartyDesk desk, CancellationToken ct) =>
        Answer(await desk.SaveMemberAsync(await me.AreaAsync(ct), id, form, ct), m => TypedResults.Ok(Dto(m)));

    static async Task<Results<Ok<List<MeetingDto>>, NotFound>> Meetings(long id, MeetingKind? kind, int? year, int? month, CurrentUser me, PartyReader reader, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } branch) return TypedResults.NotFound();
        return TypedResults.Ok((await reader.MeetingsAsync(branch, kind, year, month, ct)).Select(m => Dto(m, null)).ToList());
    }

    static async Task<Results<Ok<MeetingDto>, NotFound>> Meeting(long id, CurrentUser me, PartyReader reader, CancellationToken ct) =>
        await reader.MeetingAsync(await me.AreaAsync(ct), id, ct) is { } m ? TypedResults.Ok(Dto(m, await reader.AttendanceAsync(m.Id, ct))) : TypedResults.NotFound();

    static async Task<IResult> AddMeeting(PartyDesk.MeetingForm form, CurrentUser me, PartyDesk desk, PartyReader reader, CancellationToken ct) =>
        Answer(await desk.SaveMeetingAsync(await me.AreaAsync(ct), null, form, ct), m => TypedResults.Created($"/api/v1/party/meetings/{m.Id}", Dto(m, null)));

    static async Task<IResult> ChangeMeeting(long id, PartyDesk.MeetingForm form, CurrentUser me, PartyDesk desk, CancellationToken ct) =>
        Answer(await desk.SaveMeetingAsync(await me.AreaAsync(ct), id, form, ct), m => TypedResults.Ok(Dto(m, null)));

    static async Task<Results<Ok<List<InspectionDto>>, NotFound>> Inspections(long id, CurrentUser me, PartyReader reader, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } branch) return TypedResults.NotFound();
        return TypedResults.Ok((await reader.InspectionsAsync(branch, ct)).Select(Dto).ToList());
    }

    static async Task<IResult> AddInspection(PartyDesk.InspectionForm form, CurrentUser me, PartyDesk desk, CancellationToken ct) =>
        Answer(await desk.CreateInspectionAsync(await me.AreaAsync(ct), form, ct), s => TypedResults.Created($"/api/v1/party/inspections/{s.Id}", Dto(s)));

    static async Task<IResult> Publish(long id, CurrentUser me, PartyDesk desk, CancellationToken ct) =>
        Answer(await desk.PublishInspectionAsync(await me.AreaAsync(ct), id, ct), s => TypedResults.Ok(Dto(s)));

    static async Task<Results<Ok<List<RectificationDto>>, NotFound>> Rows(long id, RectificationProgress? progress, bool? overdue, CurrentUser me, PartyReader reader, CancellationToken ct)
    {
        if (await reader.InspectionAsync(await me.AreaAsync(ct), id, ct) is not { } s) return TypedResults.NotFound();
        var today = reader.Today;
        return TypedResults.Ok((await reader.RowsAsync(s.Id, progress, overdue ?? false, ct)).Select(r => Dto(r, today)).ToList());
    }

    static async Task<IResult> AddProblem(long id, PartyDesk.ProblemForm form, CurrentUser me, PartyDesk desk, CancellationToken ct) =>
        Answer(await desk.AddProblemAsync(await me.AreaAsync(ct), id, form, ct), r => TypedResults.Created($"/api/v1/party/rectifications/{r.Id}", Dto(r, desk.Today)));

    static async Task<Results<Ok<RectificationDto>, NotFound>> Rectification(long id, CurrentUser me, PartyReader reader, CancellationToken ct) =>
        await reader.RectificationAsync(await me.AreaAsync(ct), id, ct) is { } r ? TypedResults.Ok(Dto(r, reader.Today)) : TypedResults.NotFound();

    static async Task<IResult> Step(long id, PartyDesk.StepForm form, CurrentUser me, PartyDesk desk, CancellationToken ct) =>
        Answer(await desk.StepAsync(await me.AreaAsync(ct), id, form, ct), r => TypedResults.Ok(Dto(r, desk.Today)));

    /// <summary>Not found (null), the refusal as a 400 ProblemDetails naming the field, or the answer.</summary>
    internal static IResult Answer<T>(PartyDesk.Outcome<T>? outcome, Func<T, IResult> ok) where T : class =>
        outcome is null ? TypedResults.NotFound()
        : outcome.Ok ? ok(outcome.Value!)
        : TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => e.Key.Length == 0 ? "party" : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }),
            title: outcome.Errors.Values.First());
}
