using System.Security.Cryptography;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// Planning activities and series, signing residents up (with a waiting list when full and promotion when a place frees),
/// attendance by list, by code at the door and walk-ins beyond capacity, and closing with a report (which credits the
/// hours of those who served as volunteers). The pages and the API share these; every write has its audit row.
/// </summary>
public sealed class ActivityDesk(LinliDb db, AuditLog audit, HoursBook hours, TimeProvider clock, UiText say)
{
    public sealed class Form
    {
        public long? CommunityId { get; set; }
        public string? Title { get; set; }
        public string? Kind { get; set; }
        public string? Audience { get; set; }
        public DateOnly? Date { get; set; }
        public TimeOnly? Starts { get; set; }
        public TimeOnly? Ends { get; set; }
        public string? Place { get; set; }
        public int? Capacity { get; set; }
        public string? Organiser { get; set; }
        public string? Content { get; set; }
    }

    /// <summary>A series: the activity's fields plus the rule. Date is ignored; the sessions run from FirstDate to LastDate.</summary>
    public sealed class SeriesForm
    {
        public Form Activity { get; set; } = new();
        public DayOfWeek? Weekday { get; set; }
        public int IntervalWeeks { get; set; } = 1;
        public DateOnly? FirstDate { get; set; }
        public DateOnly? LastDate { get; set; }
    }

    public sealed record SeriesResult(ActivitySeries Series, int Created, int Updated, int Removed, int Cancelled);

    DateOnly Today => clock.Today();

    async Task<long?> CommunityForAsync(UserArea area, long? asked, CancellationToken ct)
    {
        var mine = await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Manage, ct);
        if (asked is { } c) return mine.Contains(c) ? c : null;
        return mine.Length == 1 ? mine[0] : null;
    }

    public async Task<Outcome<Activity>> PlanAsync(UserArea area, Form form, CancellationToken ct)
    {
        if (await CommunityForAsync(area, form.CommunityId, ct) is not { } community)
            return form.CommunityId is null ? Outcome<Activity>.Fail(nameof(Form.CommunityId), "请选择举办活动的社区。") : Outcome<Activity>.Missing;
        var errors = Check(form, requireDate: true);
        if (errors.Count > 0) return new(null, errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var activity = new Activity
        {
            CommunityId = community, Title = "", Kind = "", Audience = "", Date = form.Date!.Value, Starts = form.Starts!.Value, Ends = form.Ends!.Value,
            Place = "", Organiser = "", DoorCode = await NewDoorCodeAsync(ct), RecorderId = area.UserId, RecorderName = area.DisplayName, CreatedAtUtc = now,
        };
        Apply(activity, form);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(activity);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ActivityWrite, AuditTarget.Activity(activity.Id), community, $"新建活动：{activity.Title}，{activity.Date:yyyy-MM-dd}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<Activity>.Ok(activity);
    }

    public async Task<Outcome<Activity>> ChangeAsync(UserArea area, long id, Form form, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Manage, ct);
        var activity = await db.Set<Activity>().InCommunities(communities).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (activity is null) return Outcome<Activity>.Missing;
        if (activity.State != ActivityState.Planned) return Outcome<Activity>.Fail("", "活动已结束或已取消，不能再修改。");
        var errors = Check(form, requireDate: true);
        if (errors.Count > 0) return new(null, errors);
        activity.Date = form.Date!.Value;
        activity.Starts = form.Starts!.Value;
        activity.Ends = form.Ends!.Value;
        Apply(activity, form);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await PromoteAsync(activity, ct);
        await audit.WriteAsync(db, AuditActions.ActivityWrite, AuditTarget.Activity(activity.Id), activity.CommunityId, $"修改活动：{activity.Title}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<Activity>.Ok(activity);
    }

    /// <summary>
    /// Creates or changes a series and brings its sessions in line: a date of the rule with a session keeps it (its fields
    /// updated unless it is over), a date without one gets one, and a future session whose date left the rule is removed —
    /// or cancelled when people had signed up. Run twice with the same rule it changes nothing.
    /// </summary>
    public async Task<Outcome<SeriesResult>> SeriesAsync(UserArea area, long? seriesId, SeriesForm form, CancellationToken ct)
    {
        ActivitySeries? series = null;
        if (seriesId is { } sid)
        {
            var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Manage, ct);
            series = await db.Set<ActivitySeries>().FirstOrDefaultAsync(s => s.Id == sid && EF.Parameter(communities).Contains(s.CommunityId), ct);
            if (series is null) return Outcome<SeriesResult>.Missing;
        }
        var community = series?.CommunityId ?? await CommunityForAsync(area, form.Activity.CommunityId, ct);
        if (community is null)
            return form.Activity.CommunityId is null ? Outcome<SeriesResult>.Fail("Activity.CommunityId", "请选择举办活动的社区。") : Outcome<SeriesResult>.Missing;
        var errors = Check(form.Activity, requireDate: false).ToDictionary(e => "Activity." + e.Key, e => e.Value);
        if (form.Weekday is not { } weekday || !Enum.IsDefined(weekday)) errors[nameof(SeriesForm.Weekday)] = "请选择每周星期几举办。";
        if (form.IntervalWeeks is < 1 or > 8) errors[nameof(SeriesForm.IntervalWeeks)] = "间隔周数应在1到8之间。";
        if (form.FirstDate is not { } first) errors[nameof(SeriesForm.FirstDate)] = "请填写第一次活动的日期。";
        if (form.LastDate is not { } last) errors[nameof(SeriesForm.LastDate)] = "请填写最后一次活动的日期。";
        else if (form.FirstDate is { } f && last < f) errors[nameof(SeriesForm.LastDate)] = "结束日期不能早于开始日期。";
        if (errors.Count > 0) return new(null, errors);
        var dates = ActivitySeriesPlan.Dates(form.FirstDate!.Value, form.LastDate!.Value, form.Weekday!.Value, form.IntervalWeeks);
        if (dates.Count == 0) return Outcome<SeriesResult>.Fail(nameof(SeriesForm.FirstDate), "在这段日期内没有一次活动，请检查日期和星期。");
        if (dates.Count > ActivityText.MaxSessions)
            return Outcome<SeriesResult>.Fail(nameof(SeriesForm.LastDate), say["一个系列最多{0}次活动，请缩短日期范围。", ActivityText.MaxSessions]);

        var a = form.Activity;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (series is null)
        {
            series = new ActivitySeries
            {
                CommunityId = community.Value, Title = "", Kind = "", Audience = "", Place = "", Organiser = "",
                Weekday = form.Weekday!.Value, FirstDate = form.FirstDate!.Value, LastDate = form.LastDate!.Value, Starts = a.Starts!.Value, Ends = a.Ends!.Value,
            };
            db.Add(series);
        }
        series.Title = TextElements.Clean(a.Title)!;
        series.Kind = a.Kind!;
        series.Audience = a.Audience!;
        series.Place = TextElements.Clean(a.Place)!;
        series.Capacity = a.Capacity;
        series.Organiser = TextElements.Clean(a.Organiser)!;
        series.Content = TextElements.Clean(a.Content, multiline: true);
        series.Weekday = form.Weekday!.Value;
        series.IntervalWeeks = form.IntervalWeeks;
        series.FirstDate = form.FirstDate!.Value;
        series.LastDate = form.LastDate!.Value;
        series.Starts = a.Starts!.Value;
        series.Ends = a.Ends!.Value;
        await db.SaveChangesAsync(ct);

        var sessions = await db.Set<Activity>().Where(x => x.SeriesId == series.Id).ToListAsync(ct);
        var byDate = sessions.ToDictionary(x => x.Date);
        var wanted = dates.ToHashSet();
        int created = 0, updated = 0, removed = 0, cancelled = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = Today;
        foreach (var date in dates)
        {
            if (byDate.TryGetValue(date, out var s))
            {
                if (s.State == ActivityState.Closed) continue;
                var before = (s.Title, s.Kind, s.Audience, s.Place, s.Capacity, s.Organiser, s.Content, s.Starts, s.Ends, s.State);
                FromSeries(s, series);
                if (s.State == ActivityState.Cancelled && date >= today) s.State = ActivityState.Planned;
                if (before != (s.Title, s.Kind, s.Audience, s.Place, s.Capacity, s.Organiser, s.Content, s.Starts, s.Ends, s.State)) updated++;
                continue;
            }
            if (date < today) continue;    // a series never makes sessions in the past
            var session = new Activity
            {
                CommunityId = series.CommunityId, SeriesId = series.Id, Title = "", Kind = "", Audience = "", Date = date, Starts = series.Starts, Ends = series.Ends,
                Place = "", Organiser = "", DoorCode = await NewDoorCodeAsync(ct), RecorderId = area.UserId, RecorderName = area.DisplayName, CreatedAtUtc = now,
            };
            FromSeries(session, series);
            db.Add(session);
            created++;
        }
        foreach (var s in sessions.Where(s => !wanted.Contains(s.Date) && s.Date >= today && s.State == ActivityState.Planned))
        {
            var hasPeople = await db.Set<ActivitySignup>().AnyAsync(x => x.ActivityId == s.Id && x.State != SignupState.Cancelled, ct);
            if (hasPeople) { s.State = ActivityState.Cancelled; cancelled++; }
            else { db.Remove(s); removed++; }
        }
        await db.SaveChangesAsync(ct);
        foreach (var s in sessions.Where(s => s.State == ActivityState.Planned && db.Entry(s).State != EntityState.Detached)) await PromoteAsync(s, ct);
        await audit.WriteAsync(db, AuditActions.ActivityWrite, null, series.CommunityId,
            $"活动系列“{series.Title}”（#{series.Id}）：新增{created}次，更新{updated}次，删除{removed}次，取消{cancelled}次", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<SeriesResult>.Ok(new SeriesResult(series, created, updated, removed, cancelled));
    }

    static void FromSeries(Activity s, ActivitySeries series)
    {
        s.Title = series.Title;
        s.Kind = series.Kind;
        s.Audience = series.Audience;
        s.Place = series.Place;
        s.Capacity = series.Capacity;
        s.Organiser = series.Organiser;
        s.Content = series.Content;
        s.Starts = series.Starts;
        s.Ends = series.Ends;
    }

    /// <summary>Signs a resident up: a place while there is one, otherwise the waiting list. Signing up twice answers the first sign-up.</summary>
    public async Task<Outcome<ActivitySignup>> SignUpAsync(UserArea area, long activityId, long residentId, bool? asVolunteer, CancellationToken ct)
    {
        var activity = await ActivityForAsync(area, activityId, Permissions.Activities.SignUp, ct);
        if (activity is null) return Outcome<ActivitySignup>.Missing;
        if (activity.State != ActivityState.Planned) return Outcome<ActivitySignup>.Fail("", "活动已结束或已取消，不能再报名。");
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Activities.SignUp).Where(r => r.Id == residentId && r.Status == ResidentStatus.Active)
            .Select(r => new { r.Id, r.Name, r.GridId }).FirstOrDefaultAsync(ct);
        if (resident is null) return Outcome<ActivitySignup>.Fail("ResidentId", "找不到这位居民，或不在您负责的范围内。");
        var volunteer = asVolunteer ?? (activity.Kind == "志愿服务"
            && await db.Set<Volunteer>().AnyAsync(v => v.ResidentId == resident.Id && v.CommunityId == activity.CommunityId && !v.HasLeft, ct));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await HoldPlacesAsync(activity.Id, ct);
        var signup = await db.Set<ActivitySignup>().FirstOrDefaultAsync(s => s.ActivityId == activity.Id && s.ResidentId == resident.Id, ct);
        if (signup is not null && signup.State != SignupState.Cancelled) return Outcome<ActivitySignup>.Ok(signup);
        var state = await HasPlaceAsync(activity, ct) ? SignupState.Confirmed : SignupState.Waiting;
        var now = clock.GetUtcNow().UtcDateTime;
        if (signup is null)
        {
            signup = new ActivitySignup
            {
                ActivityId = activity.Id, ResidentId = resident.Id, Name = resident.Name, GridId = resident.GridId, CheckInCode = await NewPersonalCodeAsync(activity.Id, ct),
                SignedUpAtUtc = now, SignedUpByName = area.DisplayName,
            };
            db.Add(signup);
        }
        signup.State = state;
        signup.SignedUpAtUtc = now;
        signup.AsVolunteer = volunteer;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ActivityWrite, AuditTarget.Activity(activity.Id), activity.CommunityId,
            $"{(state == SignupState.Confirmed ? "报名" : "候补")}：居民#{resident.Id}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<ActivitySignup>.Ok(signup);
    }

    /// <summary>Cancels a sign-up; a place it held goes to the first on the waiting list.</summary>
    public async Task<Outcome<ActivitySignup>> CancelAsync(UserArea area, long signupId, CancellationToken ct)
    {
        var (activity, signup) = await SignupForAsync(area, signupId, ct);
        if (activity is null || signup is null) return Outcome<ActivitySignup>.Missing;
        if (activity.State != ActivityState.Planned) return Outcome<ActivitySignup>.Fail("", "活动已结束，不能再取消报名。");
        if (signup.State == SignupState.Cancelled) return Outcome<ActivitySignup>.Ok(signup);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        signup.State = SignupState.Cancelled;
        signup.AttendedAtUtc = null;
        signup.AttendedBy = null;
        await db.SaveChangesAsync(ct);
        var promoted = await PromoteAsync(activity, ct);
        await audit.WriteAsync(db, AuditActions.ActivityWrite, AuditTarget.Activity(activity.Id), activity.CommunityId,
            $"取消报名：报名#{signup.Id}{(promoted > 0 ? $"，候补{promoted}人转为报名" : "")}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<ActivitySignup>.Ok(signup);
    }

    /// <summary>Ticks (or unticks) a person on the list. A waiting person who came is let in (a walk-in beyond capacity).</summary>
    public async Task<Outcome<ActivitySignup>> AttendAsync(UserArea area, long signupId, bool attended, CancellationToken ct)
    {
        var (activity, signup) = await SignupForAsync(area, signupId, ct);
        if (activity is null || signup is null) return Outcome<ActivitySignup>.Missing;
        if (activity.State == ActivityState.Cancelled) return Outcome<ActivitySignup>.Fail("", "活动已取消。");
        if (signup.State == SignupState.Cancelled) return Outcome<ActivitySignup>.Fail("", "这个报名已取消，请重新报名或作为现场加入登记。");
        if (attended == (signup.AttendedAtUtc is not null)) return Outcome<ActivitySignup>.Ok(signup);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Mark(signup, attended ? AttendanceWay.List : null);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ActivityWrite, AuditTarget.Activity(activity.Id), activity.CommunityId,
            $"{(attended ? "签到" : "取消签到")}：报名#{signup.Id}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<ActivitySignup>.Ok(signup);
    }

    /// <summary>Attendance for many at once (the list on the organiser's phone): one transaction, one audit row.</summary>
    public async Task<Outcome<Activity>> AttendManyAsync(UserArea area, long activityId, IReadOnlyCollection<long> signupIds, CancellationToken ct)
    {
        var activity = await ActivityForAsync(area, activityId, Permissions.Activities.SignUp, ct);
        if (activity is null) return Outcome<Activity>.Missing;
        if (activity.State == ActivityState.Cancelled) return Outcome<Activity>.Fail("", "活动已取消。");
        var ids = signupIds.ToArray();
        var signups = await db.Set<ActivitySignup>().Where(s => s.ActivityId == activity.Id && s.State != SignupState.Cancelled && s.AttendedAtUtc == null
            && EF.Parameter(ids).Contains(s.Id)).ToListAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var s in signups) Mark(s, AttendanceWay.List);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ActivityWrite, AuditTarget.Activity(activity.Id), activity.CommunityId, $"名单签到{signups.Count}人", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<Activity>.Ok(activity);
    }

    void Mark(ActivitySignup s, AttendanceWay? way)
    {
        s.AttendedAtUtc = way is null ? null : clock.GetUtcNow().UtcDateTime;
        s.AttendedBy = way;
        if (way is not null && s.State == SignupState.Waiting)
        {
            s.State = SignupState.Confirmed;
            s.IsWalkIn = true;
        }
    }

    /// <summary>Someone who came without a place: a resident (found by the search box) or an outsider by name, let in beyond capacity.</summary>
    public async Task<Outcome<ActivitySignup>> WalkInAsync(UserArea area, long activityId, long? residentId, string? name, bool asVolunteer, CancellationToken ct)
    {
        var activity = await ActivityForAsync(area, activityId, Permissions.Activities.SignUp, ct);
        if (activity is null) return Outcome<ActivitySignup>.Missing;
        if (activity.State == ActivityState.Cancelled) return Outcome<ActivitySignup>.Fail("", "活动已取消。");
        ActivitySignup? signup = null;
        (long Id, string Name, long GridId)? resident = null;
        if (residentId is { } rid)
        {
            var r = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Activities.SignUp).Where(x => x.Id == rid)
                .Select(x => new { x.Id, x.Name, x.GridId }).FirstOrDefaultAsync(ct);
            if (r is null) return Outcome<ActivitySignup>.Fail("ResidentId", "找不到这位居民，或不在您负责的范围内。");
            resident = (r.Id, r.Name, r.GridId);
            signup = await db.Set<ActivitySignup>().FirstOrDefaultAsync(s => s.ActivityId == activity.Id && s.ResidentId == r.Id, ct);
        }
        else
        {
            var clean = TextElements.Clean(name);
            if (clean is null) return Outcome<ActivitySignup>.Fail("Name", "请选择居民，或填写现场参加人的姓名。");
            if (clean.Length > 32) return Outcome<ActivitySignup>.Fail("Name", "姓名最多32个字。");
            name = clean;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var isNew = signup is null;
        if (signup is null)
        {
            signup = new ActivitySignup
            {
                ActivityId = activity.Id, ResidentId = resident?.Id, Name = resident?.Name ?? name!, GridId = resident?.GridId,
                CheckInCode = await NewPersonalCodeAsync(activity.Id, ct), SignedUpAtUtc = now, SignedUpByName = area.DisplayName,
            };
            db.Add(signup);
        }
        if (signup.AttendedAtUtc is null)
        {
            var hadPlace = !isNew && signup.State == SignupState.Confirmed;
            signup.State = SignupState.Confirmed;
            signup.IsWalkIn = !hadPlace;
            signup.AsVolunteer |= asVolunteer;
            signup.AttendedAtUtc = now;
            signup.AttendedBy = hadPlace ? AttendanceWay.List : AttendanceWay.WalkIn;
        }
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ActivityWrite, AuditTarget.Activity(activity.Id), activity.CommunityId, $"现场加入：报名#{signup.Id}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<ActivitySignup>.Ok(signup);
    }

    public sealed record CheckIn(bool Done, string Message, string? Title = null);

    /// <summary>
    /// The resident at the door: the activity's door code (from the sign or its QR) and their own four digits. Open only
    /// on the activity's day and while it is not closed; nothing but a sentence is shown back, never the list.
    /// </summary>
    public async Task<CheckIn> CheckInByCodeAsync(string? doorCode, string? personalCode, CancellationToken ct)
    {
        var door = (doorCode ?? "").Trim();
        var mine = (personalCode ?? "").Trim();
        if (door.Length == 0) return new(false, "请输入门口公布的活动签到码。");
        if (mine.Length == 0) return new(false, "请输入您报名时拿到的4位个人签到码。");
        var today = Today;
        var activity = await db.Set<Activity>().AsNoTracking().FirstOrDefaultAsync(a => a.DoorCode == door && a.Date == today && a.State == ActivityState.Planned, ct);
        if (activity is null) return new(false, "活动签到码不对，或这个活动今天不签到。");
        var signup = await db.Set<ActivitySignup>().FirstOrDefaultAsync(s => s.ActivityId == activity.Id && s.CheckInCode == mine && s.State != SignupState.Cancelled, ct);
        if (signup is null) return new(false, "个人签到码不对，请核对报名时拿到的4位数字，或请工作人员帮您登记。", activity.Title);
        if (signup.AttendedAtUtc is not null) return new(true, $"{RegistryAuditNames.MaskedName(signup.Name)}，您已经签到过了。", activity.Title);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Mark(signup, AttendanceWay.Code);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ActivityWrite, AuditTarget.Activity(activity.Id), activity.CommunityId, $"签到码签到：报名#{signup.Id}",
            actor: AuditActor.Anonymous, ct: ct);
        await tx.CommitAsync(ct);
        return new(true, $"{RegistryAuditNames.MaskedName(signup.Name)}，签到成功，欢迎参加！", activity.Title);
    }

    /// <summary>The organiser closes the activity with a short report; those who served as volunteers and came get its hours, confirmed.</summary>
    public async Task<Outcome<Activity>> CloseAsync(UserArea area, long id, string? report, CancellationToken ct)
    {
        var activity = await ActivityForAsync(area, id, Permissions.Activities.Manage, ct);
        if (activity is null) return Outcome<Activity>.Missing;
        if (activity.State != ActivityState.Planned) return Outcome<Activity>.Fail("", "活动已结束或已取消。");
        if (activity.Date > Today) return Outcome<Activity>.Fail("", "活动还没有举办，不能结束。");
        var text = TextElements.Clean(report, multiline: true);
        if (text is { Length: > 4000 }) return Outcome<Activity>.Fail("Report", "活动小结最多4000字。");
        var attended = await db.Set<ActivitySignup>().AsNoTracking().Where(s => s.ActivityId == activity.Id && s.AttendedAtUtc != null).ToListAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        activity.State = ActivityState.Closed;
        activity.Report = text;
        activity.ClosedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        var served = attended.Count(s => !s.AsVolunteer);
        var credited = 0;
        foreach (var s in attended.Where(s => s.AsVolunteer && s.ResidentId is not null))
        {
            var volunteer = await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.ResidentId == s.ResidentId && v.CommunityId == activity.CommunityId && !v.HasLeft, ct);
            if (volunteer is null) continue;
            await hours.CreditConfirmedAsync(area, volunteer, activity.Date, activity.DurationHours, $"{activity.Kind}：{activity.Title}", served, "activity", activity.Id, ct);
            credited++;
        }
        await audit.WriteAsync(db, AuditActions.ActivityWrite, AuditTarget.Activity(activity.Id), activity.CommunityId,
            $"结束活动：参加{attended.Count}人，志愿者{credited}人计入时长", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<Activity>.Ok(activity);
    }

    public async Task<Outcome<ActivityPhoto>> AddPhotoAsync(UserArea area, long id, string contentType, byte[] bytes, string? caption, CancellationToken ct)
    {
        var activity = await ActivityForAsync(area, id, Permissions.Activities.Manage, ct);
        if (activity is null) return Outcome<ActivityPhoto>.Missing;
        if (contentType is not ("image/jpeg" or "image/png" or "image/webp")) return Outcome<ActivityPhoto>.Fail("Photo", "照片应为 JPG、PNG 或 WebP 格式。");
        if (bytes.Length is 0 or > 5 * 1024 * 1024) return Outcome<ActivityPhoto>.Fail("Photo", "照片应小于5MB。");
        var photo = new ActivityPhoto { ActivityId = activity.Id, ContentType = contentType, Bytes = bytes, Caption = TextElements.Cut(TextElements.Clean(caption) ?? "", 100, "") is { Length: > 0 } c ? c : null };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(photo);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ActivityWrite, AuditTarget.Activity(activity.Id), activity.CommunityId, $"上传活动照片", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<ActivityPhoto>.Ok(photo);
    }

    async Task<Activity?> ActivityForAsync(UserArea area, long id, string permission, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, permission, ct);
        return await db.Set<Activity>().InCommunities(communities).FirstOrDefaultAsync(a => a.Id == id, ct);
    }

    async Task<(Activity?, ActivitySignup?)> SignupForAsync(UserArea area, long signupId, CancellationToken ct)
    {
        var signup = await db.Set<ActivitySignup>().FirstOrDefaultAsync(s => s.Id == signupId, ct);
        if (signup is null) return (null, null);
        var activity = await ActivityForAsync(area, signup.ActivityId, Permissions.Activities.SignUp, ct);
        return activity is null ? (null, null) : (activity, signup);
    }

    /// <summary>
    /// Takes the activity's row for the rest of the transaction, so that counting its places and taking one happen for one
    /// writer at a time: two sign-ups for the last place never both get it. A no-op UPDATE is the portable row lock: on
    /// PostgreSQL it holds the row until commit (the second writer waits, then its next statement sees the first one's
    /// sign-up, READ COMMITTED); on SQLite it takes the file's write lock at once, so the count is never read from a
    /// snapshot another writer has moved past (the server's write gate already queues its transactions; this also covers
    /// writers outside it). Sign-up, cancel, capacity changes and series regeneration all count places after it.
    /// </summary>
    Task<int> HoldPlacesAsync(long activityId, CancellationToken ct) =>
        db.Set<Activity>().Where(a => a.Id == activityId).ExecuteUpdateAsync(u => u.SetProperty(a => a.DoorCode, a => a.DoorCode), ct);

    async Task<bool> HasPlaceAsync(Activity activity, CancellationToken ct) =>
        activity.Capacity is not { } cap
        || await db.Set<ActivitySignup>().CountAsync(s => s.ActivityId == activity.Id && s.State == SignupState.Confirmed && !s.IsWalkIn, ct) < cap;

    /// <summary>Moves the first on the waiting list up while there are places; answers how many moved.</summary>
    async Task<int> PromoteAsync(Activity activity, CancellationToken ct)
    {
        await HoldPlacesAsync(activity.Id, ct);
        var moved = 0;
        while (await HasPlaceAsync(activity, ct))
        {
            var next = await db.Set<ActivitySignup>().Where(s => s.ActivityId == activity.Id && s.State == SignupState.Waiting)
                .OrderBy(s => s.SignedUpAtUtc).ThenBy(s => s.Id).FirstOrDefaultAsync(ct);
            if (next is null) break;
            next.State = SignupState.Confirmed;
            await db.SaveChangesAsync(ct);
            moved++;
        }
        return moved;
    }

    async Task<string> NewDoorCodeAsync(CancellationToken ct)
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetInt32(100000, 1000000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!await db.Set<Activity>().AnyAsync(a => a.DoorCode == code && a.State == ActivityState.Planned, ct)
                && !db.ChangeTracker.Entries<Activity>().Any(e => e.Entity.DoorCode == code)) return code;
        }
    }

    async Task<string> NewPersonalCodeAsync(long activityId, CancellationToken ct)
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetInt32(1000, 10000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!await db.Set<ActivitySignup>().AnyAsync(s => s.ActivityId == activityId && s.CheckInCode == code, ct)) return code;
        }
    }

    Dictionary<string, string> Check(Form f, bool requireDate)
    {
        var errors = new Dictionary<string, string>();
        var title = TextElements.Clean(f.Title);
        if (title is null) errors[nameof(Form.Title)] = "请填写活动名称。";
        else if (title.Length > 100) errors[nameof(Form.Title)] = "活动名称最多100字。";
        if (f.Kind is null || !ActivityText.Kinds.Contains(f.Kind)) errors[nameof(Form.Kind)] = say["请选择活动类型（{0}）。", string.Join("、", ActivityText.Kinds.Select(k => say[k]))];
        if (f.Audience is null || !ActivityText.Audiences.Contains(f.Audience)) errors[nameof(Form.Audience)] = say["请选择参加对象（{0}）。", string.Join("、", ActivityText.Audiences.Select(k => say[k]))];
        if (requireDate)
        {
            if (f.Date is not { } date) errors[nameof(Form.Date)] = "请填写活动日期。";
            else if (date < Today.AddYears(-1) || date > Today.AddYears(2)) errors[nameof(Form.Date)] = "活动日期应在一年前到两年后之间。";
        }
        if (f.Starts is null) errors[nameof(Form.Starts)] = "请填写开始时间。";
        if (f.Ends is null) errors[nameof(Form.Ends)] = "请填写结束时间。";
        else if (f.Starts is { } s && f.Ends <= s) errors[nameof(Form.Ends)] = "结束时间应晚于开始时间。";
        var place = TextElements.Clean(f.Place);
        if (place is null) errors[nameof(Form.Place)] = "请填写活动地点。";
        else if (place.Length > 100) errors[nameof(Form.Place)] = "活动地点最多100字。";
        if (f.Capacity is < 1 or > 10000) errors[nameof(Form.Capacity)] = "名额应在1到10000之间；不限名额请留空。";
        var organiser = TextElements.Clean(f.Organiser);
        if (organiser is null) errors[nameof(Form.Organiser)] = "请填写负责人。";
        else if (organiser.Length > 64) errors[nameof(Form.Organiser)] = "负责人最多64字。";
        if (TextElements.Clean(f.Content, multiline: true) is { Length: > ActivityText.MaxText }) errors[nameof(Form.Content)] = say["活动内容最多{0}字。", ActivityText.MaxText];
        return errors;
    }

    static void Apply(Activity a, Form f)
    {
        a.Title = TextElements.Clean(f.Title)!;
        a.Kind = f.Kind!;
        a.Audience = f.Audience!;
        a.Place = TextElements.Clean(f.Place)!;
        a.Capacity = f.Capacity;
        a.Organiser = TextElements.Clean(f.Organiser)!;
        a.Content = TextElements.Clean(f.Content, multiline: true);
    }
}

/// <summary>The dates of a weekly series: pure, so the rule is tested without a database.</summary>
public static class ActivitySeriesPlan
{
    public static IReadOnlyList<DateOnly> Dates(DateOnly first, DateOnly last, DayOfWeek weekday, int intervalWeeks)
    {
        var start = first.AddDays(((int)weekday - (int)first.DayOfWeek + 7) % 7);
        var list = new List<DateOnly>();
        for (var d = start; d <= last && list.Count <= ActivityText.MaxSessions; d = d.AddDays(7 * Math.Max(1, intervalWeeks))) list.Add(d);
        return list;
    }
}
