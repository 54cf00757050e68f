using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// Volunteer hours: a volunteer proposes their own (through their own link), staff enter and confirm, or a shift, an
/// activity or a service order credits them confirmed. Each confirmed record earns the same hours in the time bank;
/// redeeming takes them out, never below zero. Totals count confirmed hours only.
/// </summary>
public sealed class HoursBook(LinliDb db, AuditLog audit, TimeProvider clock, UiText say)
{
    public sealed class Form
    {
        public DateOnly? Date { get; set; }
        public decimal? Hours { get; set; }
        public string? Content { get; set; }
        public int? ServedCount { get; set; }
        public int? Satisfaction { get; set; }
        public long? TeamId { get; set; }
    }

    DateOnly Today => clock.Today();

    Dictionary<string, string> Check(Form f)
    {
        var errors = new Dictionary<string, string>();
        if (f.Date is not { } d) errors[nameof(Form.Date)] = "请填写服务日期。";
        else if (d > Today) errors[nameof(Form.Date)] = "服务日期不能晚于今天。";
        else if (d < Today.AddYears(-1)) errors[nameof(Form.Date)] = "服务日期不能早于一年前。";
        if (f.Hours is not { } h || h <= 0 || h > 24) errors[nameof(Form.Hours)] = "服务时长应大于0、不超过24小时（不含路途时间）。";
        else if (decimal.Round(h, 2) != h) errors[nameof(Form.Hours)] = "服务时长最多保留两位小数。";
        var content = TextElements.Clean(f.Content);
        if (content is null) errors[nameof(Form.Content)] = "请填写服务内容。";
        else if (content.Length > 500) errors[nameof(Form.Content)] = "服务内容最多500字。";
        if (f.ServedCount is < 0 or > 100000) errors[nameof(Form.ServedCount)] = "服务人次应为0或正整数。";
        if (f.Satisfaction is < 1 or > 5) errors[nameof(Form.Satisfaction)] = "满意度应为1到5。";
        return errors;
    }

    /// <summary>The volunteer's own proposal, through their own link: waits for staff to confirm.</summary>
    public async Task<Outcome<VolunteerHours>> ProposeAsync(string selfToken, Form form, CancellationToken ct)
    {
        var volunteer = await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.SelfToken == selfToken && !v.HasLeft, ct);
        if (volunteer is null) return Outcome<VolunteerHours>.Missing;
        var errors = Check(form);
        if (errors.Count > 0) return new(null, errors);
        var teamId = await TeamOfAsync(volunteer.Id, form.TeamId, ct);
        var record = New(volunteer, form, teamId, "self", null, HoursState.Proposed, volunteer.Name);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(record);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(volunteer.Id), volunteer.CommunityId,
            $"志愿者本人申报服务时长 {record.Hours} 小时（{record.Date:yyyy-MM-dd}）", actor: AuditActor.Anonymous, ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<VolunteerHours>.Ok(record);
    }

    /// <summary>Staff enter hours for a volunteer; they are confirmed at once (the person entering them is the one who confirms).</summary>
    public async Task<Outcome<VolunteerHours>> EnterAsync(UserArea area, long volunteerId, Form form, CancellationToken ct)
    {
        var volunteer = await VolunteerForAsync(area, volunteerId, ct);
        if (volunteer is null) return Outcome<VolunteerHours>.Missing;
        var errors = Check(form);
        if (errors.Count > 0) return new(null, errors);
        var teamId = await TeamOfAsync(volunteer.Id, form.TeamId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var record = New(volunteer, form, teamId, "staff", null, HoursState.Confirmed, area.DisplayName);
        record.DecidedAtUtc = record.EnteredAtUtc;
        record.DecidedBy = area.DisplayName;
        db.Add(record);
        await db.SaveChangesAsync(ct);
        Earn(record, area.DisplayName);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(volunteer.Id), volunteer.CommunityId,
            $"登记服务时长 {record.Hours} 小时（{record.Date:yyyy-MM-dd}）", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<VolunteerHours>.Ok(record);
    }

    /// <summary>Staff confirm (hours may be corrected, e.g. travel taken out) or reject a proposal with a reason.</summary>
    public async Task<Outcome<VolunteerHours>> DecideAsync(UserArea area, long hoursId, bool confirm, decimal? correctedHours, string? reason, CancellationToken ct)
    {
        var record = await db.Set<VolunteerHours>().FirstOrDefaultAsync(h => h.Id == hoursId, ct);
        if (record is null || await VolunteerForAsync(area, record.VolunteerId, ct) is null) return Outcome<VolunteerHours>.Missing;
        if (record.State != HoursState.Proposed) return Outcome<VolunteerHours>.Fail("", "这条服务时长已经处理过了。");
        var why = TextElements.Clean(reason);
        if (!confirm && why is null) return Outcome<VolunteerHours>.Fail("Reason", "请写明不予确认的理由。");
        if (why is { Length: > 200 }) return Outcome<VolunteerHours>.Fail("Reason", "理由最多200字。");
        if (correctedHours is { } c && (c <= 0 || c > 24 || decimal.Round(c, 2) != c))
            return Outcome<VolunteerHours>.Fail("Hours", "核定时长应大于0、不超过24小时，最多两位小数。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var was = record.Hours;
        if (confirm && correctedHours is { } h) record.Hours = h;
        record.State = confirm ? HoursState.Confirmed : HoursState.Rejected;
        record.DecidedAtUtc = clock.GetUtcNow().UtcDateTime;
        record.DecidedBy = area.DisplayName;
        record.RejectReason = confirm ? null : why;
        if (confirm) Earn(record, area.DisplayName);
        await db.SaveChangesAsync(ct);
        if (confirm)
            await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(record.VolunteerId), record.CommunityId,
                $"确认服务时长 {record.Hours} 小时{(was != record.Hours ? $"（申报 {was} 小时）" : "")}", ct: ct);
        else
            await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(record.VolunteerId), record.CommunityId,
                $"不予确认服务时长 {record.Hours} 小时：{why}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<VolunteerHours>.Ok(record);
    }

    /// <summary>
    /// Hours credited from a record of another kind (a closed activity, a shift, a service order), confirmed by whoever
    /// closes it. A second credit for the same source and volunteer replaces the first, and its time-bank entry with it.
    /// Runs inside the caller's transaction; the caller writes the audit row.
    /// </summary>
    public async Task<VolunteerHours> CreditConfirmedAsync(UserArea area, Volunteer volunteer, DateOnly date, decimal hours, string content, int served,
        string source, long sourceId, CancellationToken ct)
    {
        var record = await db.Set<VolunteerHours>().FirstOrDefaultAsync(h => h.Source == source && h.SourceId == sourceId && h.VolunteerId == volunteer.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (record is null)
        {
            record = New(volunteer, new Form { Date = date, Hours = hours, Content = content, ServedCount = served }, await TeamOfAsync(volunteer.Id, null, ct),
                source, sourceId, HoursState.Confirmed, area.DisplayName);
            db.Add(record);
            await db.SaveChangesAsync(ct);
        }
        else
        {
            record.Date = date;
            record.Hours = hours;
            record.Content = TextElements.Cut(content, 500, "…");
            record.ServedCount = served;
            record.State = HoursState.Confirmed;
            var old = await db.Set<TimeBankEntry>().FirstOrDefaultAsync(e => e.HoursId == record.Id, ct);
            if (old is not null) db.Remove(old);
            await db.SaveChangesAsync(ct);
        }
        record.DecidedAtUtc = now;
        record.DecidedBy = area.DisplayName;
        Earn(record, area.DisplayName);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Hours taken out of the time bank for a community service; never more than the balance.</summary>
    public async Task<Outcome<TimeBankEntry>> RedeemAsync(UserArea area, long volunteerId, decimal? hours, string? note, CancellationToken ct)
    {
        var volunteer = await VolunteerForAsync(area, volunteerId, ct);
        if (volunteer is null) return Outcome<TimeBankEntry>.Missing;
        if (hours is not { } h || h <= 0 || decimal.Round(h, 2) != h) return Outcome<TimeBankEntry>.Fail("Hours", "兑换时长应大于0，最多两位小数。");
        var what = TextElements.Clean(note);
        if (what is null) return Outcome<TimeBankEntry>.Fail("Note", "请填写兑换的服务（如：上门理发一次）。");
        if (what.Length > 200) return Outcome<TimeBankEntry>.Fail("Note", "兑换说明最多200字。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var balance = await BalanceAsync(volunteerId, ct);
        if (h > balance) return Outcome<TimeBankEntry>.Fail("Hours", say["时间银行余额只有 {0} 小时，不够兑换 {1} 小时。", balance, h]);
        var entry = new TimeBankEntry { VolunteerId = volunteerId, Date = Today, Hours = -h, Note = what, EnteredBy = area.DisplayName, EnteredAtUtc = clock.GetUtcNow().UtcDateTime };
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(volunteerId), volunteer.CommunityId, $"时间银行兑换 {h} 小时：{what}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<TimeBankEntry>.Ok(entry);
    }

    public async Task<decimal> BalanceAsync(long volunteerId, CancellationToken ct) =>
        (await db.Set<TimeBankEntry>().Where(e => e.VolunteerId == volunteerId).Select(e => e.Hours).ToListAsync(ct)).Sum();

    void Earn(VolunteerHours record, string by) =>
        db.Add(new TimeBankEntry { VolunteerId = record.VolunteerId, Date = record.Date, Hours = record.Hours, Note = TextElements.Cut(record.Content, 200, "…"),
            HoursId = record.Id, EnteredBy = by, EnteredAtUtc = clock.GetUtcNow().UtcDateTime });

    VolunteerHours New(Volunteer v, Form f, long? teamId, string source, long? sourceId, HoursState state, string by) => new()
    {
        VolunteerId = v.Id, CommunityId = v.CommunityId, TeamId = teamId, Date = f.Date!.Value, Hours = f.Hours!.Value, Content = TextElements.Cut(TextElements.Clean(f.Content)!, 500, "…"),
        ServedCount = f.ServedCount ?? 0, Satisfaction = f.Satisfaction, Source = source, SourceId = sourceId, State = state,
        EnteredAtUtc = clock.GetUtcNow().UtcDateTime, EnteredBy = by,
    };

    /// <summary>The team the hours count to: the one named if the volunteer is in it, else their first team.</summary>
    async Task<long?> TeamOfAsync(long volunteerId, long? asked, CancellationToken ct)
    {
        var teams = await db.Set<VolunteerTeamMember>().Where(m => m.VolunteerId == volunteerId).OrderBy(m => m.TeamId).Select(m => m.TeamId).ToListAsync(ct);
        return asked is { } t && teams.Contains(t) ? t : teams.Count > 0 ? teams[0] : null;
    }

    async Task<Volunteer?> VolunteerForAsync(UserArea area, long id, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Manage, ct);
        return await db.Set<Volunteer>().AsNoTracking().InCommunities(communities).FirstOrDefaultAsync(v => v.Id == id, ct);
    }
}
