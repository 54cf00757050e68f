using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>
/// Taking an application and moving it through its steps. Every step checks the user's permission where the household
/// lives, writes one history row and one audit row in the same transaction, and answers bad input with a Chinese
/// sentence per field. The clocks go through the working-day calendar (<see cref="Deadline.Compute"/>).
/// </summary>
public sealed class BenefitWorkflow(LinliDb db, AuditLog audit, WorkCalendars calendars, RecordLabels labels, NoticeBoard board, TimeProvider clock,
    IEnumerable<IVisitIntake> visits, IEnumerable<ICaseIntake> cases, BenefitKinds kinds, UiText say)
{
    public sealed record Outcome(BenefitApplication? Application, IReadOnlyDictionary<string, string> Errors)
    {
        public bool Ok => Errors.Count == 0;
        public static Outcome Fail(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });
    }

    public sealed class OpenForm
    {
        public string? Kind { get; set; }
        public long? HouseholdId { get; set; }
        /// <summary>The applicant; the household's head when empty.</summary>
        public long? ApplicantId { get; set; }
        public string? Reason { get; set; }
        public decimal? MonthlyIncome { get; set; }
        public decimal? Assets { get; set; }
        public string? PropertyNote { get; set; }
        public bool IncomeUnstable { get; set; }
        public List<string> Documents { get; set; } = [];
        /// <summary>The members counted in 保障人数; every current member when null.</summary>
        public List<long>? Covered { get; set; }
        public decimal? UrgentAid { get; set; }
    }

    /// <summary>One step on an application; <see cref="Action"/> is a <see cref="BenefitSteps"/> code, the other fields as the step needs.</summary>
    public sealed class StepForm
    {
        public string? Action { get; set; }
        public DateOnly? On { get; set; }
        public string? Method { get; set; }
        public string? Text { get; set; }
        public int? Attendees { get; set; }
        public int? Agreed { get; set; }
        public decimal? Amount { get; set; }
        public int? Days { get; set; }
        public bool? Grant { get; set; }
        public string? Category { get; set; }
        public int? CoveredPersons { get; set; }
        /// <summary>起始年月, "2026-12".</summary>
        public string? StartMonth { get; set; }
        public string? ObjectorName { get; set; }
        public long? ObjectionId { get; set; }
    }

    DateTime Now => clock.GetUtcNow().UtcDateTime;
    DateOnly Today => clock.Today();

    public async Task<Outcome?> OpenAsync(UserArea area, OpenForm f, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (f.HouseholdId is not { } householdId) return Outcome.Fail(nameof(f.HouseholdId), "请选择申请的户（在人口房屋中查找）。");
        var household = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Read)
            .Where(h => h.Id == householdId).Select(h => new { h.Id, h.GridId, h.HeadId }).FirstOrDefaultAsync(ct);
        if (household is null || !area.HasInGrid(Permissions.Benefits.Write, household.GridId)) return null;
        var community = await db.OrgUnits.AsNoTracking().Where(o => o.Id == household.GridId).Select(o => o.ParentId!.Value).FirstAsync(ct);
        // The kind as the community (or its street) has set it now; the application keeps these settings to its end.
        var inForce = await kinds.ForNewAsync(community, f.Kind, ct);
        var kind = inForce?.Kind;
        if (kind is null) errors[nameof(f.Kind)] = "请选择申请类别。";
        var members = await db.Residents.AsNoTracking().Where(r => r.HouseholdId == householdId && r.Status == ResidentStatus.Active)
            .OrderBy(r => r.RelationToHead).ThenBy(r => r.BirthDate).Select(r => r.Id).ToListAsync(ct);
        if (members.Count == 0) return Outcome.Fail(nameof(f.HouseholdId), "这一户没有在册的成员，请先在人口房屋中登记。");
        var applicant = f.ApplicantId ?? household.HeadId ?? members[0];
        if (!members.Contains(applicant)) errors[nameof(f.ApplicantId)] = "申请人须是这一户的在册成员。";
        var reason = Clean(f.Reason, true);
        if (reason is null) errors[nameof(f.Reason)] = "请填写申请理由（家庭困难情况）。";
        else if (reason.Length > 2000) errors[nameof(f.Reason)] = "申请理由最多2000个字。";
        if (f.MonthlyIncome is null) errors[nameof(f.MonthlyIncome)] = "请填写家庭月收入（元），没有收入填0。";
        else if (f.MonthlyIncome is < 0 or > 1_000_000) errors[nameof(f.MonthlyIncome)] = "家庭月收入应在0到1,000,000元之间。";
        if (f.Assets is < 0 or > 100_000_000) errors[nameof(f.Assets)] = "家庭金融资产应在0到100,000,000元之间。";
        var property = Clean(f.PropertyNote, true);
        if (property is { Length: > 500 }) errors[nameof(f.PropertyNote)] = "房产车辆情况最多500个字。";
        var documents = f.Documents.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct().ToList();
        if (kind is not null && documents.Except(kind.Documents).Any()) errors[nameof(f.Documents)] = "材料清单里有不属于这个类别的项目。";
        var covered = f.Covered?.Distinct().ToList() ?? members;
        if (covered.Except(members).Any()) errors[nameof(f.Covered)] = "纳入保障的人须是这一户的在册成员。";
        if (covered.Count == 0) errors[nameof(f.Covered)] = "请至少选择一位纳入保障的家庭成员。";
        if (f.UrgentAid is { } aid && (kind?.UrgentFirst != true || aid <= 0 || aid > 100_000))
            errors[nameof(f.UrgentAid)] = kind?.UrgentFirst == true ? "先行救助金额应在0到100,000元之间。" : "只有临时救助可以先行救助。";
        if (errors.Count > 0) return new Outcome(null, errors);
        if (await db.Set<BenefitApplication>().AnyAsync(a => a.HouseholdId == householdId && a.Kind == kind!.Code
                && (a.State == BenefitState.Granted || a.State == BenefitState.Intake || a.State == BenefitState.Investigated
                    || a.State == BenefitState.Reviewed || a.State == BenefitState.OnNotice || a.State == BenefitState.Forwarded), ct)
            && kind!.Code != BenefitKind.Temporary)
            return Outcome.Fail(nameof(f.Kind), say["这一户已有进行中或正在享受的{0}，请在原申请上办理。", kind.Name]);

        var now = Now;
        var calendar = await calendars.CurrentAsync(db, ct);
        var due = Deadline.Compute(new TimeLimit(clock.GetLocalNow().DateTime, kind!.LimitWorkingDays, DeadlineUnit.WorkingDays), calendar);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var a = new BenefitApplication
        {
            Reference = await NextReferenceAsync(kind, ct), Kind = kind.Code, CommunityId = community, GridId = household.GridId,
            HouseholdId = householdId, ApplicantId = applicant, State = BenefitState.Intake, Reason = reason!,
            MonthlyIncome = f.MonthlyIncome!.Value, Assets = f.Assets ?? 0, PropertyNote = property, IncomeUnstable = f.IncomeUnstable,
            Documents = string.Join('、', kind.Documents.Where(documents.Contains)), UrgentAid = f.UrgentAid,
            CreatedById = area.UserId, CreatedAt = now, DueOn = due.LastDay, DueProvisional = due.Provisional, KindSettingId = inForce!.SettingId,
        };
        db.Add(a);
        await db.SaveChangesAsync(ct);
        db.AddRange(members.Select(m => new BenefitMember { ApplicationId = a.Id, ResidentId = m, Covered = covered.Contains(m) }));
        History(a, area, BenefitSteps.Open, $"家庭成员{members.Count}人，纳入保障{covered.Count}人" + (f.UrgentAid is { } u ? $"；已先行救助{u:0.##}元" : ""));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.BenefitWrite, new AuditTarget(AuditTargets.Benefit, a.Id), a.GridId, $"受理{kind.Name}申请 {a.Reference}", ct: ct);
        await tx.CommitAsync(ct);
        return new Outcome(a, new Dictionary<string, string>());
    }

    /// <summary>One step on an application the user may work; null when it is not found in the user's scope.</summary>
    public async Task<Outcome?> StepAsync(UserArea area, long id, StepForm f, CancellationToken ct)
    {
        var a = await db.Set<BenefitApplication>().VisibleTo(area).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return null;
        var kind = await kinds.OfAsync(a, ct);
        var step = f.Action ?? "";
        if (!BenefitSteps.Allowed(area, a, kind).Contains(step))
            return Outcome.Fail("", say["这份申请现在是“{0}”，不能{1}。", say[BenefitSteps.StateWord(a.State)], say[BenefitSteps.Word(step)]]);
        var text = Clean(f.Text, true);
        if (text is { Length: > 2000 }) return Outcome.Fail(nameof(f.Text), "说明最多2000个字。");
        var today = Today;
        var calendar = await calendars.CurrentAsync(db, ct);
        var errors = new Dictionary<string, string>();
        string detail;

        // Steps that ask another module first: it opens (and commits) its own record, then ours follows.
        if (step == BenefitSteps.Investigate)
        {
            var on = f.On ?? today;
            if (on > today || on < a.CreatedAt.Date.AddDays(-30).ToDateOnly()) errors[nameof(f.On)] = "调查日期不能晚于今天，也不能早于受理前30天。";
            if (text is null) errors[nameof(f.Text)] = "请填写入户调查的情况（家庭收入、财产、生活状况）。";
            if (errors.Count > 0) return new Outcome(null, errors);
            long? visitId = null;
            if (visits.FirstOrDefault() is { } intake)
            {
                try
                {
                    var at = new DateTimeOffset(on.ToDateTime(new TimeOnly(10, 0)), clock.GetLocalNow().Offset);
                    visitId = (await intake.RecordAsync(area, new VisitIntakeRequest(a.ApplicantId, at, f.Method ?? "door", $"入户调查：{text}", "benefit", a.Id), ct)).VisitId;
                }
                catch (UnauthorizedAccessException) { return Outcome.Fail("", "你无权为这一户登记走访，请由本网格的干部或社工入户调查。"); }
                catch (ArgumentException e) { return Outcome.Fail(nameof(f.Text), e.Message); }
            }
            a.VisitId = visitId;
            a.InvestigatedOn = on;
            a.Findings = text;
            a.State = BenefitState.Investigated;
            detail = $"入户调查 {on:yyyy-MM-dd}" + (visitId is { } v ? $"（走访记录 {v}）" : "");
            return await SaveStepAsync(area, a, step, detail, ct);
        }
        if (step == BenefitSteps.ObjectionToCase)
        {
            var o = await db.Set<BenefitObjection>().FirstOrDefaultAsync(x => x.Id == f.ObjectionId && x.ApplicationId == a.Id, ct);
            if (o is null) return Outcome.Fail(nameof(f.ObjectionId), "找不到这条异议。");
            if (o.CaseId is not null) return Outcome.Fail(nameof(f.ObjectionId), say["这条异议已登记为事件 {0}。", o.CaseReference]);
            var made = await OpenCaseAsync(area, a, kind, o, ct);
            if (made is not null) return Outcome.Fail(nameof(f.ObjectionId), made);
            return await SaveStepAsync(area, a, step, $"异议 {o.Reference} 登记为事件 {o.CaseReference}", ct);
        }
        if (step == BenefitSteps.Objection)
        {
            if (text is null) return Outcome.Fail(nameof(f.Text), "请填写异议的内容。");
            var objector = Clean(f.ObjectorName, false);
            if (objector is { Length: > 64 }) return Outcome.Fail(nameof(f.ObjectorName), "姓名最多64个字。");
            var notice = await CurrentNoticeAsync(a.Id, ct);
            if (notice is null) return Outcome.Fail("", "这份申请没有正在公示的公示，不能登记异议。");
            var o = await NewObjectionAsync(notice, "来访", objector, text, ct);
            var made = await OpenCaseAsync(area, a, kind, o, ct);
            return await SaveStepAsync(area, a, step, $"登记异议 {o.Reference}" + (made is null ? $"，事件 {o.CaseReference}" : $"（{made}）"), ct);
        }

        switch (step)
        {
            case BenefitSteps.Review:
                var held = f.On ?? today;
                if (held > today) errors[nameof(f.On)] = "评议日期不能晚于今天。";
                if (f.Attendees is not (>= 3 and <= 500)) errors[nameof(f.Attendees)] = "参加评议人数应在3到500人之间。";
                if (f.Agreed is not { } agreed || agreed < 0 || agreed > (f.Attendees ?? 0)) errors[nameof(f.Agreed)] = "同意人数应在0和参加人数之间。";
                if (f.Amount is { } pa && (pa <= 0 || pa > 100_000)) errors[nameof(f.Amount)] = "拟保障金额应大于0元，不超过100,000元。";
                if (errors.Count > 0) return new Outcome(null, errors);
                (a.ReviewHeldOn, a.ReviewAttendees, a.ReviewAgreed, a.ReviewNote, a.ProposedAmount) = (held, f.Attendees, f.Agreed, text, f.Amount);
                a.State = BenefitState.Reviewed;
                detail = $"民主评议 {held:yyyy-MM-dd}：参加{f.Attendees}人，同意{f.Agreed}人" + (f.Amount is { } p ? $"，拟保障{p:0.##}元/月" : "");
                break;
            case BenefitSteps.Publish:
                var from = f.On ?? today;
                var days = f.Days ?? kind.DefaultNoticeDays;
                if (from < today || from > today.AddDays(30)) errors[nameof(f.On)] = "公示开始日期应在今天到30天之内。";
                if (days is < 5 or > 30) errors[nameof(f.Days)] = say["公示天数应在5到30天之间（默认{0}天）。", kind.DefaultNoticeDays];
                if (errors.Count > 0) return new Outcome(null, errors);
                var window = NoticeWindow(from, days, calendar);
                var notice = await PublishAsync(area, a, kind, from, window, ct);
                a.State = BenefitState.OnNotice;
                detail = $"公示第{notice.Version}版：{from:yyyy-MM-dd} 起，{window:yyyy-MM-dd} 撤除" + (text is null ? "" : $"；{text}");
                break;
            case BenefitSteps.Forward:
                if (kind.NeedsNotice && await CurrentNoticeAsync(a.Id, ct) is { } up)
                    return Outcome.Fail("", say["公示到 {0:yyyy-MM-dd} 才期满，期满后才能报街道审批。", up.RemoveOn.AddDays(-1)]);
                if (await db.Set<BenefitObjection>().AnyAsync(o => o.ApplicationId == a.Id && o.AnsweredAt == null, ct))
                    return Outcome.Fail("", "还有未答复的异议，答复后才能报街道审批。");
                a.ForwardedAt = Now;
                a.State = BenefitState.Forwarded;
                detail = "报街道审批" + (text is null ? "" : $"：{text}");
                break;
            case BenefitSteps.Decide:
                var decided = f.On ?? today;
                if (decided > today) errors[nameof(f.On)] = "审批日期不能晚于今天。";
                if (f.Grant is null) errors[nameof(f.Grant)] = "请选择批准或不予批准。";
                DateOnly? start = null;
                if (f.Grant == true)
                {
                    if (f.Amount is not { } amount || amount <= 0 || amount > 100_000) errors[nameof(f.Amount)] = "月保障金额应大于0元，不超过100,000元。";
                    if (f.Category is { Length: > 0 } cat && !BenefitKind.Categories.Contains(cat)) errors[nameof(f.Category)] = "请从列表中选择保障类别。";
                    var memberCount = await db.Set<BenefitMember>().CountAsync(m => m.ApplicationId == a.Id, ct);
                    if (f.CoveredPersons is { } cp && (cp < 1 || cp > memberCount)) errors[nameof(f.CoveredPersons)] = say["保障人数应在1到{0}人之间（这一户在册{0}人）。", memberCount];
                    start = ParseMonth(f.StartMonth) ?? new DateOnly(decided.Year, decided.Month, 1).AddMonths(1);
                    if (f.StartMonth is { Length: > 0 } && ParseMonth(f.StartMonth) is null) errors[nameof(f.StartMonth)] = "起始年月的格式应为 2026-12。";
                    else if (start < new DateOnly(decided.Year, decided.Month, 1).AddMonths(-12) || start > new DateOnly(decided.Year, decided.Month, 1).AddMonths(6))
                        errors[nameof(f.StartMonth)] = "起始年月应在审批月份前12个月到后6个月之间。";
                }
                else if (f.Grant == false && text is null) errors[nameof(f.Text)] = "不予批准须写明理由（书面告知申请人）。";
                if (errors.Count > 0) return new Outcome(null, errors);
                a.DecidedOn = decided;
                a.DecidedBy = area.DisplayName;
                if (f.Grant == true)
                {
                    a.State = BenefitState.Granted;
                    a.MonthlyAmount = f.Amount;
                    a.Category = f.Category is { Length: > 0 } ? f.Category : null;
                    a.CoveredPersons = f.CoveredPersons ?? await db.Set<BenefitMember>().CountAsync(m => m.ApplicationId == a.Id && m.Covered, ct);
                    a.StartMonth = start;
                    a.NextReviewOn = NextReview(kind, a, start!.Value);
                    detail = $"批准：{a.Category ?? kind.Name} {a.MonthlyAmount:0.##}元/月，保障{a.CoveredPersons}人，{start:yyyy-MM}起";
                }
                else
                {
                    a.State = BenefitState.Refused;
                    a.RefusalReason = text;
                    a.RefusalNoticeDue = Deadline.Compute(new TimeLimit(decided.ToDateTime(TimeOnly.MinValue), BenefitKind.RefusalNoticeWorkingDays, DeadlineUnit.WorkingDays), calendar).LastDay;
                    detail = $"不予批准：{text}；{a.RefusalNoticeDue:yyyy-MM-dd}前书面告知";
                }
                break;
            case BenefitSteps.NotifyRefusal:
                var told = f.On ?? today;
                if (told > today || told < a.DecidedOn) return Outcome.Fail(nameof(f.On), "告知日期应在审批日期和今天之间。");
                a.RefusalNotifiedOn = told;
                detail = $"书面告知不予批准 {told:yyyy-MM-dd}" + (told > a.RefusalNoticeDue ? "（超过3个工作日）" : "");
                break;
            case BenefitSteps.Check:
                var checkedOn = f.On ?? today;
                if (checkedOn > today) errors[nameof(f.On)] = "核查日期不能晚于今天。";
                if (f.Amount is { } na && (na <= 0 || na > 100_000)) errors[nameof(f.Amount)] = "月保障金额应大于0元，不超过100,000元。";
                if (errors.Count > 0) return new Outcome(null, errors);
                a.LastCheckedOn = checkedOn;
                if (f.Amount is { } newAmount) a.MonthlyAmount = newAmount;
                a.NextReviewOn = NextReview(kind, a, checkedOn);
                detail = $"核查 {checkedOn:yyyy-MM-dd}" + (f.Amount is { } x ? $"，调整为{x:0.##}元/月" : "") + $"；下次核查 {a.NextReviewOn:yyyy-MM-dd}";
                break;
            case BenefitSteps.End:
                var ended = f.On ?? today;
                if (ended > today.AddMonths(3) || ended < a.DecidedOn) errors[nameof(f.On)] = "终止日期应在审批日期之后，且不晚于三个月后。";
                if (text is null) errors[nameof(f.Text)] = "请写明终止的原因（如收入超标、迁出、死亡）。";
                if (errors.Count > 0) return new Outcome(null, errors);
                a.EndedOn = ended;
                a.EndReason = text;
                a.State = BenefitState.Ended;
                detail = $"终止 {ended:yyyy-MM-dd}：{text}";
                break;
            case BenefitSteps.Withdraw:
                if (text is null) return Outcome.Fail(nameof(f.Text), "请写明撤回的原因。");
                a.State = BenefitState.Withdrawn;
                await WithdrawNoticesAsync(a.Id, ct);
                detail = $"撤回：{text}";
                break;
            case BenefitSteps.Extend:
                if (text is null) return Outcome.Fail(nameof(f.Text), "请写明延长办理时限的原因（特殊情况）。");
                a.DueOn = Deadline.Compute(new TimeLimit(clock.LocalOf(a.CreatedAt), 45, DeadlineUnit.WorkingDays), calendar).LastDay;
                a.ExtendedReason = text;
                detail = $"特殊情况延长至45个工作日（{a.DueOn:yyyy-MM-dd}）：{text}";
                break;
            case BenefitSteps.Answer:
                var objection = await db.Set<BenefitObjection>().FirstOrDefaultAsync(x => x.Id == f.ObjectionId && x.ApplicationId == a.Id, ct);
                if (objection is null) return Outcome.Fail(nameof(f.ObjectionId), "找不到这条异议。");
                if (objection.AnsweredAt is not null) return Outcome.Fail(nameof(f.ObjectionId), "这条异议已经答复过了。");
                if (text is null) return Outcome.Fail(nameof(f.Text), "请填写对异议的答复（核实情况和结论）。");
                objection.Answer = text;
                objection.AnsweredAt = Now;
                detail = $"答复异议 {objection.Reference}" + (today > objection.AnswerDue ? "（超过5日）" : "");
                break;
            default:
                return Outcome.Fail("", "不认识的操作。");
        }
        return await SaveStepAsync(area, a, step, detail, ct);
    }

    async Task<Outcome> SaveStepAsync(UserArea area, BenefitApplication a, string step, string detail, CancellationToken ct)
    {
        var kind = await kinds.OfAsync(a, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        a.Version++;
        History(a, area, step, detail);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome.Fail("", "这份申请刚被别人修改过，请刷新后再办理。"); }
        // One fact entered once: the grant sets the applicant's label, its end removes it (unless another grant of the kind still runs).
        if (kind.LabelCode is { } code && step is BenefitSteps.Decide or BenefitSteps.End)
        {
            var on = a.State == BenefitState.Granted;
            var stillHeld = !on && await db.Set<BenefitApplication>().AnyAsync(x => x.Id != a.Id && x.ApplicantId == a.ApplicantId
                && x.State == BenefitState.Granted && EF.Parameter(SameLabel(code)).Contains(x.Kind), ct);
            if ((on || !stillHeld) && await labels.SetAsync(area, a.ApplicantId, code, on, ct) is { } label)
                History(a, area, BenefitSteps.Label, on ? $"设置人员标签“{label}”（{a.StartMonth:yyyy-MM}起）" : $"移除人员标签“{label}”");
            await db.SaveChangesAsync(ct);
        }
        await audit.WriteAsync(db, AuditActions.BenefitWrite, new AuditTarget(AuditTargets.Benefit, a.Id), a.GridId,
            $"{BenefitSteps.Word(step)} {a.Reference}：{Privacy.Masking.Redact(Cut(detail, 300))}", ct: ct);
        await tx.CommitAsync(ct);
        if (step is BenefitSteps.Publish or BenefitSteps.Withdraw) board.Changed();
        return new Outcome(a, new Dictionary<string, string>());
    }

    static List<string> SameLabel(string code) => BenefitKind.Presets.Where(k => k.LabelCode == code).Select(k => k.Code).ToList();

    /// <summary>
    /// An objection lodged on the public page, without login. Only to a notice that is up today; the office makes it a
    /// case (the public has no account to open one with). Returns the objection's reference, or an error sentence.
    /// </summary>
    public async Task<(string? Reference, string? Error)> LodgeAsync(long communityId, long noticeId, string? name, string? content, CancellationToken ct)
    {
        var text = Clean(content, true);
        if (text is null) return (null, "请填写异议的内容。");
        if (text.Length > 2000) return (null, "异议内容最多2000个字。");
        var objector = Clean(name, false);
        if (objector is { Length: > 64 }) return (null, "姓名最多64个字。");
        var today = Today;
        var notice = await db.Set<BenefitNotice>().FirstOrDefaultAsync(n => n.Id == noticeId && n.CommunityId == communityId
            && n.ReplacedAt == null && n.WithdrawnAt == null && n.FromDay <= today && n.RemoveOn > today, ct);
        if (notice is null) return (null, "这条公示已撤除或不存在，不能再提出异议；如有意见请到社区办公室反映。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var o = await NewObjectionAsync(notice, "公示页", objector, Privacy.Masking.Redact(text), ct);
        var a = await db.Set<BenefitApplication>().FirstAsync(x => x.Id == notice.ApplicationId, ct);
        db.Add(new BenefitEvent { ApplicationId = a.Id, At = Now, ActorName = "公众（公示页）", Action = BenefitSteps.Objection, Note = $"收到异议 {o.Reference}" });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.BenefitWrite, new AuditTarget(AuditTargets.Benefit, a.Id), a.GridId, $"公示页收到异议 {o.Reference}（{a.Reference}）",
            AuditActor.Anonymous, ct);
        await tx.CommitAsync(ct);
        return (o.Reference, null);
    }

    async Task<BenefitObjection> NewObjectionAsync(BenefitNotice notice, string channel, string? name, string text, CancellationToken ct)
    {
        var calendar = await calendars.CurrentAsync(db, ct);
        var year = Today.Year;
        var prefix = $"YY-{year}-";
        var last = await db.Set<BenefitObjection>().Where(o => o.Reference.StartsWith(prefix)).OrderByDescending(o => o.Reference).Select(o => o.Reference).FirstOrDefaultAsync(ct);
        var next = last is not null && int.TryParse(last[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 1;
        var o = new BenefitObjection
        {
            NoticeId = notice.Id, ApplicationId = notice.ApplicationId, Reference = prefix + next.ToString("D5", CultureInfo.InvariantCulture), Channel = channel,
            ObjectorName = name, Content = text, LodgedAt = Now,
            AnswerDue = Deadline.Compute(new TimeLimit(clock.GetLocalNow().DateTime, BenefitKind.ObjectionAnswerDays, DeadlineUnit.Days), calendar).LastDay,
        };
        db.Add(o);
        await db.SaveChangesAsync(ct);
        return o;
    }

    /// <summary>The objection as a grievance case (信访: answered and followed up in the cases module); null when done, else why not.</summary>
    async Task<string?> OpenCaseAsync(UserArea area, BenefitApplication a, BenefitKind kind, BenefitObjection o, CancellationToken ct)
    {
        if (cases.FirstOrDefault() is not { } intake) return "事件模块未启用，异议已记录在本申请中";
        try
        {
            var result = await intake.OpenAsync(area, new CaseIntakeRequest("grievance", a.GridId, null, null,
                $"对{kind.Name}公示（{a.Reference}）的异议 {o.Reference}，{o.AnswerDue:yyyy-MM-dd}前答复：{o.Content}", "benefit", a.Id,
                CallerName: o.ObjectorName ?? ""), ct);
            o.CaseId = result.CaseId;
            o.CaseReference = result.Reference;
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (UnauthorizedAccessException) { return "你无权在这个网格登记事件，请社区负责人登记"; }
        catch (ArgumentException e) { return e.Message; }
    }

    async Task<BenefitNotice> PublishAsync(UserArea area, BenefitApplication a, BenefitKind kind, DateOnly from, DateOnly removeOn, CancellationToken ct)
    {
        var policy = kind.Policy;
        var head = await db.Households.AsNoTracking().Where(h => h.Id == a.HouseholdId).Select(h => h.HeadId).FirstOrDefaultAsync(ct) ?? a.ApplicantId;
        var headName = await db.Residents.AsNoTracking().Where(r => r.Id == head).Select(r => r.Name).FirstAsync(ct);
        var size = await db.Residents.CountAsync(r => r.HouseholdId == a.HouseholdId && r.Status == ResidentStatus.Active, ct);
        var grid = await db.OrgUnits.AsNoTracking().Where(o => o.Id == a.GridId).Select(o => o.Name).FirstAsync(ct);
        var previous = await db.Set<BenefitNotice>().Where(n => n.ApplicationId == a.Id).OrderByDescending(n => n.Version).FirstOrDefaultAsync(ct);
        if (previous is not null && previous.ReplacedAt is null) previous.ReplacedAt = Now;
        var notice = new BenefitNotice
        {
            ApplicationId = a.Id, CommunityId = a.CommunityId, Kind = a.Kind, Version = (previous?.Version ?? 0) + 1,
            HeadName = policy.HeadName ? (policy.MaskName ? MaskName(headName) : headName) : null,
            HouseholdSize = policy.HouseholdSize ? size : null,
            MonthlyAmount = policy.MonthlyAmount ? a.MonthlyAmount ?? a.ProposedAmount : null,
            GridName = policy.Grid ? grid : null, Category = policy.Category ? a.Category : null,
            PublishedAt = Now, PublishedBy = area.DisplayName, FromDay = from, RemoveOn = removeOn,
        };
        db.Add(notice);
        await db.SaveChangesAsync(ct);
        return notice;
    }

    async Task WithdrawNoticesAsync(long applicationId, CancellationToken ct)
    {
        foreach (var n in await db.Set<BenefitNotice>().Where(n => n.ApplicationId == applicationId && n.WithdrawnAt == null && n.ReplacedAt == null).ToListAsync(ct))
            n.WithdrawnAt = Now;
    }

    Task<BenefitNotice?> CurrentNoticeAsync(long applicationId, CancellationToken ct)
    {
        var today = Today;
        return db.Set<BenefitNotice>().Where(n => n.ApplicationId == applicationId && n.ReplacedAt == null && n.WithdrawnAt == null && n.RemoveOn > today)
            .OrderByDescending(n => n.Version).FirstOrDefaultAsync(ct);
    }

    /// <summary>The day the notice comes down: it stays up <paramref name="days"/> days counting the first (calendar days).</summary>
    public static DateOnly NoticeWindow(DateOnly from, int days, WorkCalendar calendar) =>
        Deadline.Compute(new TimeLimit(from.ToDateTime(TimeOnly.MinValue), days, DeadlineUnit.Days, CountStartDay: true, RollForward: false), calendar).LastDay.AddDays(1);

    /// <summary>低保: yearly, half-yearly for unstable income; other kinds by their own cycle.</summary>
    public static DateOnly? NextReview(BenefitKind kind, BenefitApplication a, DateOnly from) =>
        (a.IncomeUnstable ? kind.UnstableReviewMonths ?? kind.ReviewMonths : kind.ReviewMonths) is { } months ? from.AddMonths(months) : null;

    /// <summary>张*明: the first and last character kept (a two-character name keeps the first: 张*).</summary>
    public static string MaskName(string name) => name.Length switch
    {
        <= 1 => name,
        2 => name[0] + "*",
        _ => name[0] + new string('*', name.Length - 2) + name[^1],
    };

    void History(BenefitApplication a, UserArea area, string action, string? note) =>
        db.Add(new BenefitEvent { ApplicationId = a.Id, At = Now, ActorId = area.UserId, ActorName = area.DisplayName, Action = action, Note = Cut(note, 1000) });

    async Task<string> NextReferenceAsync(BenefitKind kind, CancellationToken ct)
    {
        var prefix = $"{kind.Prefix}-{Today.Year}-";
        var last = await db.Set<BenefitApplication>().Where(a => a.Reference.StartsWith(prefix)).OrderByDescending(a => a.Reference).Select(a => a.Reference).FirstOrDefaultAsync(ct);
        var next = last is not null && int.TryParse(last[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 1;
        return prefix + next.ToString("D6", CultureInfo.InvariantCulture);
    }

    public static DateOnly? ParseMonth(string? s) =>
        DateOnly.TryParseExact((s ?? "").Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    static string? Clean(string? s, bool multiline)
    {
        if (s is null) return null;
        var t = multiline ? s.ReplaceLineEndings("\n") : s.ReplaceLineEndings(" ");
        t = new string(t.Where(ch => ch == '\n' || !char.IsControl(ch)).ToArray()).Trim();
        return t.Length == 0 ? null : t;
    }

    static string Cut(string? s, int max) => s is null ? "" : s.Length <= max ? s : s[..(max - 1)] + "…";
}

static class DateTimeDays
{
    public static DateOnly ToDateOnly(this DateTime t) => DateOnly.FromDateTime(t);
}
