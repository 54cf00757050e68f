using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>/api/v1/benefits: applications listed, counted, read, taken and moved on; scoped like the pages, every write audited.</summary>
public static class BenefitsApi
{
    public sealed record RowDto(long Id, string Reference, string Kind, string KindName, string Applicant, long GridId, string Grid, string State, string StateName,
        DateOnly DueOn, bool Overdue, decimal? MonthlyAmount, string? StartMonth, DateOnly? NextReviewOn);

    public sealed record CountDto(string Kind, string State, int Count, string Href);

    public sealed record MemberDto(long ResidentId, string Name, string Relation, int? Age, bool Covered);

    public sealed record NoticeDto(int Version, string? HeadName, int? HouseholdSize, decimal? MonthlyAmount, string? Grid, DateOnly FromDay, DateOnly RemoveOn, bool Replaced, bool Withdrawn);

    public sealed record ObjectionDto(long Id, string Reference, string Channel, string Content, DateTime LodgedAt, DateOnly AnswerDue, string? CaseReference, string? Answer, DateTime? AnsweredAt);

    public sealed record EventDto(DateTime At, string Actor, string Action, string? Note);

    public sealed record ApplicationDto(long Id, string Reference, string Kind, string KindName, string State, string StateName, long HouseholdId, long ApplicantId,
        string Applicant, long GridId, string Grid, string Reason, decimal MonthlyIncome, decimal Assets, string? PropertyNote, bool IncomeUnstable,
        IReadOnlyList<string> Documents, IReadOnlyList<string> DocumentsMissing, decimal? UrgentAid, DateOnly DueOn, bool DueProvisional, long? VisitId, DateOnly? InvestigatedOn,
        DateOnly? ReviewHeldOn, int? ReviewAttendees, int? ReviewAgreed, decimal? ProposedAmount, DateOnly? DecidedOn, string? Category, decimal? MonthlyAmount,
        int? CoveredPersons, string? StartMonth, DateOnly? LastCheckedOn, DateOnly? NextReviewOn, string? RefusalReason, DateOnly? RefusalNoticeDue,
        DateOnly? RefusalNotifiedOn, DateOnly? EndedOn, string? EndReason, IReadOnlyList<MemberDto> Members, IReadOnlyList<NoticeDto> Notices,
        IReadOnlyList<ObjectionDto> Objections, IReadOnlyList<EventDto> History, IReadOnlyList<string> Steps, int Version)
    {
        public static ApplicationDto From(BenefitReader.View v)
        {
            var a = v.Application;
            var documents = a.Documents.Split('、', StringSplitOptions.RemoveEmptyEntries);
            return new(a.Id, a.Reference, a.Kind, v.Kind.Name, a.State.ToString(), BenefitSteps.StateWord(a.State), a.HouseholdId, a.ApplicantId, v.Applicant,
                a.GridId, v.Grid, a.Reason, a.MonthlyIncome, a.Assets, a.PropertyNote, a.IncomeUnstable, documents, v.Kind.Documents.Except(documents).ToList(),
                a.UrgentAid, a.DueOn, a.DueProvisional, a.VisitId, a.InvestigatedOn, a.ReviewHeldOn, a.ReviewAttendees, a.ReviewAgreed, a.ProposedAmount,
                a.DecidedOn, a.Category, a.MonthlyAmount, a.CoveredPersons, a.StartMonth?.ToString("yyyy-MM"), a.LastCheckedOn, a.NextReviewOn,
                a.RefusalReason, a.RefusalNoticeDue, a.RefusalNotifiedOn, a.EndedOn, a.EndReason,
                v.Members.Select(m => new MemberDto(m.ResidentId, m.Name, m.Relation, m.Age, m.Covered)).ToList(),
                v.Notices.Select(n => new NoticeDto(n.Version, n.HeadName, n.HouseholdSize, n.MonthlyAmount, n.Grid, n.FromDay, n.RemoveOn, n.ReplacedAt is not null, n.WithdrawnAt is not null)).ToList(),
                v.Objections.Select(o => new ObjectionDto(o.Id, o.Reference, o.Channel, o.Content, o.LodgedAt, o.AnswerDue, o.CaseReference, o.Answer, o.AnsweredAt)).ToList(),
                v.History.Select(e => new EventDto(e.At, e.ActorName, BenefitSteps.Word(e.Action), e.Note)).ToList(), v.Steps, a.Version);
        }
    }

    public sealed record KindDto(string Code, string Name, int LimitWorkingDays, IReadOnlyList<string> Steps, IReadOnlyList<string> Documents, int? ReviewMonths,
        string? Label, NoticePolicy NoticePolicy, int NoticeDays = BenefitKind.NoticeDays, int? UnstableReviewMonths = null, string Origin = "default");

    public static RouteGroupBuilder MapBenefitsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/benefits").WithTags("Benefits").RequireAuthorization(BenefitPolicies.Any);
        g.MapGet("", List).WithSummary("救助申请：按类别（kind）、状态（state）、范围（show=open/overdue/granted/review-due/closed）、网格、申请人姓名或编号（q）查询，新的在前；按 before（id）翻页");
        g.MapGet("/counts", Counts).WithSummary("各类别、各状态的申请数，每个数都带它的名单链接");
        g.MapGet("/kinds", Kinds).WithSummary("救助类别：办理时限（工作日）、步骤、材料清单、核查周期、设置的人员标签、公示显示的项目；unit = 社区或街道 id 时为该单位现行的设置");
        g.MapPost("/kinds/{code}", SaveKind).RequireAuthorization(Permissions.Benefits.Configure)
            .WithSummary("设置一类救助（unit = 社区或街道 id）：limitWorkingDays、noticeDays、needsInvestigation、needsReview、needsNotice、reviewMonths、unstableReviewMonths；reset = true 恢复默认。只对新受理的申请有效");
        g.MapGet("/{id:long}", Get).WithSummary("一份申请：家庭成员（来自人口房屋）、材料、入户调查、民主评议、公示各版本、异议、审批、历史与现在可办的步骤");
        g.MapPost("", Open).RequireAuthorization(Permissions.Benefits.Write)
            .WithSummary("受理申请：householdId 为申请户，家庭成员从人口房屋带出；金额以元计");
        g.MapPost("/{id:long}/steps", Step).RequireAuthorization(BenefitPolicies.Step)
            .WithSummary("办理一步：action = investigate / review / publish / forward / decide / notify-refusal / check / end / withdraw / extend / objection / objection-case / answer");
        return api;
    }

    static async Task<Ok<List<RowDto>>> List(CurrentUser me, BenefitReader reader, CancellationToken ct, string? kind = null, BenefitState? state = null,
        string? show = null, long? gridId = null, string? q = null, long? before = null, int limit = 50)
    {
        var rows = await reader.ListAsync(await me.AreaAsync(ct), new BenefitReader.Filter(kind, state, show, gridId, q, before, limit), ct);
        return TypedResults.Ok(rows.Select(r => new RowDto(r.Id, r.Reference, r.Kind, BenefitKind.NameOf(r.Kind), r.Applicant, r.GridId, r.Grid, r.State.ToString(),
            BenefitSteps.StateWord(r.State), r.DueOn, r.Overdue, r.MonthlyAmount, r.StartMonth?.ToString("yyyy-MM"), r.NextReviewOn)).ToList());
    }

    static async Task<Ok<List<CountDto>>> Counts(CurrentUser me, BenefitReader reader, CancellationToken ct, long? gridId = null) =>
        TypedResults.Ok((await reader.CountsAsync(await me.AreaAsync(ct), gridId, ct))
            .Select(c => new CountDto(c.Kind, c.State.ToString(), c.Number, $"/Benefits?kind={c.Kind}&state={c.State}")).ToList());

    static async Task<Results<Ok<List<KindDto>>, NotFound>> Kinds(CurrentUser me, BenefitKinds kinds, LinliDb db, CancellationToken ct, long? unit = null)
    {
        IReadOnlyList<BenefitKinds.InForce> list = BenefitKind.Presets.Select(k => new BenefitKinds.InForce(k, null, BenefitKinds.Origin.Default, null, null)).ToList();
        if (unit is { } u)
        {
            var area = await me.AreaAsync(ct);
            var found = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == u, ct);
            if (found is null || !(area.HasIn(Permissions.Benefits.Read, found) || area.HasIn(Permissions.Benefits.Decide, found) || area.HasIn(Permissions.Benefits.Configure, found)))
                return TypedResults.NotFound();
            list = await kinds.ForUnitAsync(u, ct);
        }
        return TypedResults.Ok(list.Select(KindOf).ToList());
    }

    static KindDto KindOf(BenefitKinds.InForce f) => new(f.Kind.Code, f.Kind.Name, f.Kind.LimitWorkingDays, BenefitSteps.Path(f.Kind).Select(p => BenefitSteps.Word(p.Step)).ToList(),
        f.Kind.Documents, f.Kind.ReviewMonths, f.Kind.LabelCode, f.Kind.Policy, f.Kind.DefaultNoticeDays, f.Kind.UnstableReviewMonths, f.Origin.ToString().ToLowerInvariant());

    static async Task<Results<Ok<KindDto>, NotFound, ValidationProblem>> SaveKind(string code, long unit, BenefitKinds.Form form, CurrentUser me, BenefitKinds kinds, CancellationToken ct)
    {
        form.Kind = code;
        var errors = await kinds.SaveAsync(await me.AreaAsync(ct), unit, form, ct);
        if (errors is null) return TypedResults.NotFound();
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors.ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }), title: "设置未保存：" + string.Join(" ", errors.Values));
        return TypedResults.Ok(KindOf((await kinds.ForUnitAsync(unit, ct)).First(k => k.Kind.Code == code)));
    }

    static async Task<Results<Ok<ApplicationDto>, NotFound>> Get(long id, CurrentUser me, BenefitReader reader, CancellationToken ct) =>
        await reader.OneAsync(await me.AreaAsync(ct), id, ct) is { } v ? TypedResults.Ok(ApplicationDto.From(v)) : TypedResults.NotFound();

    static async Task<Results<Created<ApplicationDto>, NotFound, ValidationProblem>> Open(BenefitWorkflow.OpenForm form, CurrentUser me, BenefitWorkflow workflow,
        BenefitReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await workflow.OpenAsync(area, form, ct);
        if (outcome is null) return TypedResults.NotFound();
        if (!outcome.Ok) return Invalid(outcome);
        var view = await reader.OneAsync(area, outcome.Application!.Id, ct);
        return TypedResults.Created($"/api/v1/benefits/{view!.Application.Id}", ApplicationDto.From(view));
    }

    static async Task<Results<Ok<ApplicationDto>, NotFound, ValidationProblem>> Step(long id, BenefitWorkflow.StepForm form, CurrentUser me, BenefitWorkflow workflow,
        BenefitReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await workflow.StepAsync(area, id, form, ct);
        if (outcome is null) return TypedResults.NotFound();
        if (!outcome.Ok) return Invalid(outcome);
        return await reader.OneAsync(area, id, ct) is { } v ? TypedResults.Ok(ApplicationDto.From(v)) : TypedResults.NotFound();
    }

    static ValidationProblem Invalid(BenefitWorkflow.Outcome outcome) =>
        TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => e.Key.Length == 0 ? "application" : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }),
            title: "申请未能办理：" + string.Join(" ", outcome.Errors.Values));
}
