using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// Recording a visit, its author's correction within <see cref="VisitText.CorrectionDays"/> days, a later note, and a
/// person's own rhythm: the page and the API share these. Each write and its audit row commit together; the audit row
/// names the fields, never their content beyond a masked line.
/// </summary>
public sealed class VisitRecorder(LinliDb db, AuditLog audit, TimeProvider clock)
{
    /// <summary>What a visit form or API body holds. Empty text fields are allowed: a contact is a visit.</summary>
    public sealed class Form
    {
        public long? ResidentId { get; set; }
        public long? HouseholdId { get; set; }
        public DateOnly? Date { get; set; }
        public TimeOnly? Time { get; set; }
        public VisitMethod Method { get; set; } = VisitMethod.Door;
        public string? Companions { get; set; }
        public string? Place { get; set; }
        public string? FamilySituation { get; set; }
        public string? Difficulties { get; set; }
        public string? Requests { get; set; }
        public string? Measures { get; set; }
        public string? Result { get; set; }
        public string? FollowUp { get; set; }
        public string? Need { get; set; }
        public bool Health { get; set; }
        public bool Money { get; set; }
        public bool FamilySupport { get; set; }
        public bool HomeSafety { get; set; }
        public bool ServiceNeeds { get; set; }
        /// <summary>For a correction: the version the author read.</summary>
        public int? Version { get; set; }

        public CareChecks Checks =>
            (Health ? CareChecks.Health : 0) | (Money ? CareChecks.Money : 0) | (FamilySupport ? CareChecks.FamilySupport : 0)
            | (HomeSafety ? CareChecks.HomeSafety : 0) | (ServiceNeeds ? CareChecks.ServiceNeeds : 0);

        public static Form Of(Visit v) => new()
        {
            ResidentId = v.ResidentId, HouseholdId = v.HouseholdId, Date = v.Date, Time = v.Time, Method = v.Method, Companions = v.Companions,
            Place = v.Place, FamilySituation = v.FamilySituation, Difficulties = v.Difficulties, Requests = v.Requests, Measures = v.Measures,
            Result = v.Result, FollowUp = v.FollowUp, Need = v.Need, Version = v.Version,
            Health = v.Checks.HasFlag(CareChecks.Health), Money = v.Checks.HasFlag(CareChecks.Money), FamilySupport = v.Checks.HasFlag(CareChecks.FamilySupport),
            HomeSafety = v.Checks.HasFlag(CareChecks.HomeSafety), ServiceNeeds = v.Checks.HasFlag(CareChecks.ServiceNeeds),
        };
    }

    /// <summary>The visit, or the errors by field; <see cref="NotFound"/> when the resident, household or visit is not in the user's area.</summary>
    public sealed record Outcome(Visit? Visit, IReadOnlyDictionary<string, string> Errors, bool NotFound = false)
    {
        public static Outcome Missing => new(null, new Dictionary<string, string>(), true);
        public static Outcome Fail(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });
    }

    DateOnly Today => clock.Today();

    public async Task<Outcome> RecordAsync(UserArea area, Form form, IReadOnlyList<(string ContentType, byte[] Bytes)>? photos, CancellationToken ct)
    {
        Resident? resident = null;
        Household? household = null;
        if (form.ResidentId is { } rid)
        {
            resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Visits.Write).FirstOrDefaultAsync(r => r.Id == rid, ct);
            if (resident is null) return Outcome.Missing;
        }
        var householdId = form.HouseholdId ?? resident?.HouseholdId;
        if (householdId is { } hid)
        {
            household = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Visits.Write).FirstOrDefaultAsync(h => h.Id == hid, ct);
            if (household is null) return Outcome.Missing;
        }
        if (resident is null && household is null) return Outcome.Fail(nameof(Form.ResidentId), "请选择走访的居民或户。");
        if (resident is not null && household is not null && resident.HouseholdId != household.Id)
            return Outcome.Fail(nameof(Form.HouseholdId), "这位居民不在所选的户中。");
        var errors = Check(form);
        if (errors.Count > 0) return new Outcome(null, errors);

        var gridId = resident?.GridId ?? household!.GridId;
        var labelled = resident is not null ? db.ResidentTags.Where(rt => rt.ResidentId == resident.Id)
            : db.ResidentTags.Where(rt => db.Residents.Any(r => r.Id == rt.ResidentId && r.HouseholdId == household!.Id));
        var sensitive = await labelled.Join(db.Tags.Where(t => t.IsSensitive), rt => rt.TagId, t => t.Id, (rt, t) => rt.ResidentId).AnyAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var visit = new Visit
        {
            GridId = gridId, ResidentId = resident?.Id, HouseholdId = household?.Id, VisitorId = area.UserId, VisitorName = area.DisplayName,
            Date = form.Date!.Value, EnteredAtUtc = now, IsSensitive = sensitive,
        };
        Apply(visit, form);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(visit);
        await db.SaveChangesAsync(ct);
        foreach (var (type, bytes) in photos ?? []) db.Add(new VisitPhoto { VisitId = visit.Id, ContentType = type, Bytes = bytes });
        db.Add(new VisitEvent { VisitId = visit.Id, AtUtc = now, UserId = area.UserId, UserName = area.DisplayName, Kind = "登记",
            Text = visit.Date < clock.LocalDateOf(now) ? $"补录 {visit.Date:yyyy-MM-dd} 的走访" : null });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VisitRecord, AuditTarget.Visit(visit.Id), gridId,
            $"{VisitText.Of(visit.Method)}走访，{visit.Date:yyyy-MM-dd}{(resident is null ? "，对象为户" : "")}{(visit.Need is null ? "" : "，记录需求")}", ct: ct);
        await tx.CommitAsync(ct);
        return new Outcome(visit, new Dictionary<string, string>());
    }

    /// <summary>The author's correction within <see cref="VisitText.CorrectionDays"/> days of entering it; the old values go to the history.</summary>
    public async Task<Outcome> CorrectAsync(UserArea area, long id, Form form, CancellationToken ct)
    {
        var visit = await InScope(area).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (visit is null) return Outcome.Missing;
        if (visit.VisitorId != area.UserId) return Outcome.Fail("", "只有登记人可以更正走访记录；其他人请添加补充说明。");
        var now = clock.GetUtcNow().UtcDateTime;
        if (now - visit.EnteredAtUtc > TimeSpan.FromDays(VisitText.CorrectionDays))
            return Outcome.Fail("", Web.UiText.Shared["登记已超过{0}天，不能再更正；请添加补充说明。", VisitText.CorrectionDays]);
        // The version read is required: without it a correction could overwrite one made meanwhile (issue 10, item 3).
        if (form.Version is not { } version)
            return Outcome.Fail("Version", "更正须带上读到的版本号（version，见该记录的 GET 结果），以免覆盖别人刚做的更正。");
        if (version != visit.Version)
            return Outcome.Fail("", "这条走访记录刚被修改过，请重新打开后再更正。");
        var errors = Check(form);
        if (errors.Count > 0) return new Outcome(null, errors);
        var before = Form.Of(visit);
        visit.Date = form.Date!.Value;
        Apply(visit, form);
        var changed = Changes(before, Form.Of(visit));
        if (changed.Count == 0) return new Outcome(visit, new Dictionary<string, string>());
        visit.CorrectedAtUtc = now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(new VisitEvent { VisitId = visit.Id, AtUtc = now, UserId = area.UserId, UserName = area.DisplayName, Kind = "更正",
            Text = Registry.TextElements.Cut(string.Join("；", changed.Select(c => $"{c.Field}：原为“{c.Old}”")), 4000, "…") });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome.Fail("", "这条走访记录刚被修改过，请重新打开后再更正。");
        }
        await audit.WriteAsync(db, AuditActions.VisitCorrect, AuditTarget.Visit(visit.Id), visit.GridId, $"更正：{string.Join("、", changed.Select(c => c.Field))}", ct: ct);
        await tx.CommitAsync(ct);
        return new Outcome(visit, new Dictionary<string, string>());
    }

    /// <summary>A note after the correction days, or by someone other than the author.</summary>
    public async Task<Outcome> AddNoteAsync(UserArea area, long id, string? text, CancellationToken ct)
    {
        var visit = await InScope(area).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (visit is null) return Outcome.Missing;
        var note = TextElements.Clean(text, multiline: true);
        if (note is null) return Outcome.Fail("Note", "请填写补充说明。");
        if (note.Length > VisitText.MaxLength) return Outcome.Fail("Note", Web.UiText.Shared["补充说明最多{0}字。", VisitText.MaxLength]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(new VisitEvent { VisitId = visit.Id, AtUtc = clock.GetUtcNow().UtcDateTime, UserId = area.UserId, UserName = area.DisplayName, Kind = "补充说明", Text = note });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VisitNote, AuditTarget.Visit(visit.Id), visit.GridId, $"补充说明：{TextElements.Cut(note, 60, "…")}", ct: ct);
        await tx.CommitAsync(ct);
        return new Outcome(visit, new Dictionary<string, string>());
    }

    /// <summary>Sets (interval &gt; 0) or removes (null) a person's own rhythm, with the reason.</summary>
    public async Task<Outcome> SetRhythmAsync(UserArea area, long residentId, int? intervalDays, int? windowDays, string? reason, CancellationToken ct)
    {
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Visits.Write).FirstOrDefaultAsync(r => r.Id == residentId, ct);
        if (resident is null) return Outcome.Missing;
        var existing = await db.Set<VisitOverride>().FirstOrDefaultAsync(o => o.ResidentId == residentId, ct);
        string what;
        if (intervalDays is null)
        {
            if (existing is null) return new Outcome(null, new Dictionary<string, string>());
            db.Remove(existing);
            what = "取消个人走访周期，恢复按标签";
        }
        else
        {
            var why = TextElements.Clean(reason);
            if (intervalDays is < 1 or > 366) return Outcome.Fail("IntervalDays", "走访周期应在1到366天之间。");
            var window = windowDays ?? VisitDue.DefaultWindow(intervalDays.Value);
            if (window < 0 || window * 2 >= intervalDays.Value && intervalDays.Value > 1) return Outcome.Fail("WindowDays", "前后宽限天数应小于走访周期的一半。");
            if (why is null) return Outcome.Fail("Reason", "请说明设置个人走访周期的理由（如风险等级）。");
            if (why.Length > 200) return Outcome.Fail("Reason", "理由最多200字。");
            var now = clock.GetUtcNow().UtcDateTime;
            if (existing is null)
                db.Add(new VisitOverride { ResidentId = residentId, GridId = resident.GridId, IntervalDays = intervalDays.Value, WindowDays = window,
                    Reason = why, SetById = area.UserId, SetByName = area.DisplayName, SetAtUtc = now });
            else
            {
                existing.IntervalDays = intervalDays.Value;
                existing.WindowDays = window;
                existing.Reason = why;
                existing.SetById = area.UserId;
                existing.SetByName = area.DisplayName;
                existing.SetAtUtc = now;
                existing.GridId = resident.GridId;
            }
            what = $"个人走访周期设为 {intervalDays} 天（前后 {window} 天），理由：{why}";
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VisitRhythm, AuditTarget.Resident(residentId), resident.GridId, $"{what}", ct: ct);
        await tx.CommitAsync(ct);
        return new Outcome(null, new Dictionary<string, string>());
    }

    IQueryable<Visit> InScope(UserArea area)
    {
        var grids = area.GridsWhere(Permissions.Visits.Write);
        return db.Set<Visit>().Where(v => EF.Parameter(grids).Contains(v.GridId));
    }

    Dictionary<string, string> Check(Form form)
    {
        var errors = new Dictionary<string, string>();
        var today = Today;
        if (form.Date is not { } date) errors[nameof(Form.Date)] = "请填写走访日期。";
        else if (date > today) errors[nameof(Form.Date)] = "走访日期不能晚于今天。";
        else if (date < today.AddDays(-VisitText.BackDateDays)) errors[nameof(Form.Date)] = "走访日期不能早于一年前。";
        if (!Enum.IsDefined(form.Method)) errors[nameof(Form.Method)] = "请选择走访方式。";
        foreach (var (name, label, value, max) in Texts(form))
        {
            if (value is not null && TextElements.HasControlOrBroken(value.Replace("\n", "").Replace("\r", "").Replace("\t", "")))
                errors[name] = Web.UiText.Shared["{0}含有无法保存的字符。", Web.UiText.Shared[label]];
            else if (value is not null && value.Trim().Length > max) errors[name] = Web.UiText.Shared["{0}最多{1}字。", Web.UiText.Shared[label], max];
        }
        return errors;
    }

    static IEnumerable<(string Name, string Label, string? Value, int Max)> Texts(Form f) =>
    [
        (nameof(Form.Companions), "同行人员", f.Companions, 200),
        (nameof(Form.Place), "走访地点", f.Place, 100),
        (nameof(Form.FamilySituation), "家庭情况", f.FamilySituation, VisitText.MaxLength),
        (nameof(Form.Difficulties), "困难", f.Difficulties, VisitText.MaxLength),
        (nameof(Form.Requests), "诉求与建议", f.Requests, VisitText.MaxLength),
        (nameof(Form.Measures), "采取措施", f.Measures, VisitText.MaxLength),
        (nameof(Form.Result), "处理结果", f.Result, VisitText.MaxLength),
        (nameof(Form.FollowUp), "后续计划", f.FollowUp, VisitText.MaxLength),
        (nameof(Form.Need), "需求（转事件）", f.Need, VisitText.MaxLength),
    ];

    static void Apply(Visit v, Form f)
    {
        v.Time = f.Time;
        v.Method = f.Method;
        v.Companions = TextElements.Clean(f.Companions);
        v.Place = TextElements.Clean(f.Place);
        v.FamilySituation = TextElements.Clean(f.FamilySituation, multiline: true);
        v.Difficulties = TextElements.Clean(f.Difficulties, multiline: true);
        v.Requests = TextElements.Clean(f.Requests, multiline: true);
        v.Measures = TextElements.Clean(f.Measures, multiline: true);
        v.Result = TextElements.Clean(f.Result, multiline: true);
        v.FollowUp = TextElements.Clean(f.FollowUp, multiline: true);
        v.Need = TextElements.Clean(f.Need, multiline: true);
        v.Checks = f.Checks;
    }

    static List<(string Field, string Old)> Changes(Form a, Form b)
    {
        var list = new List<(string, string)>();
        void Cmp(string field, object? x, object? y, string? shown = null)
        {
            if (!Equals(x, y)) list.Add((field, shown ?? x?.ToString() ?? ""));
        }
        Cmp("走访日期", a.Date, b.Date, a.Date?.ToString("yyyy-MM-dd"));
        Cmp("时间", a.Time, b.Time, a.Time?.ToString("HH:mm"));
        Cmp("方式", a.Method, b.Method, VisitText.Of(a.Method));
        Cmp("探访内容", a.Checks, b.Checks, string.Join("、", VisitText.Checks.Where(c => a.Checks.HasFlag(c.Check)).Select(c => c.Name)));
        foreach (var ((_, label, x, _), (_, _, y, _)) in Texts(a).Zip(Texts(b)))
            Cmp(label, x, y);
        return list;
    }
}
