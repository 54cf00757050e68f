using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// 志愿服务证明 (《志愿服务记录与证明出具办法》): drawn up from the confirmed hours of a period, numbered, posted inside
/// the unit for at least <see cref="PostingDays"/> days, then issued. Every certificate is kept; none is deleted.
/// </summary>
public sealed class Certificates(LinliDb db, AuditLog audit, TimeProvider clock, UiText say)
{
    public const int PostingDays = 7;

    DateOnly Today => clock.Today();

    /// <summary>The first day it may be issued: the posting's first day plus seven days.</summary>
    public static DateOnly IssuableOn(DateOnly postedOn) => postedOn.AddDays(PostingDays);

    /// <summary>
    /// Draws up and posts a certificate over <paramref name="from"/>–<paramref name="to"/>. <paramref name="postedOn"/> is
    /// the day the notice went up (today unless it was pinned to the board earlier; at most 30 days back).
    /// </summary>
    public async Task<Outcome<ServiceCertificate>> PostAsync(UserArea area, long volunteerId, DateOnly? from, DateOnly? to, DateOnly? postedOn, CancellationToken ct)
    {
        var mine = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Manage, ct);
        var volunteer = await db.Set<Volunteer>().AsNoTracking().InCommunities(mine).FirstOrDefaultAsync(v => v.Id == volunteerId, ct);
        if (volunteer is null) return Outcome<ServiceCertificate>.Missing;
        var today = Today;
        var start = from ?? DateOnly.MinValue;
        var end = to ?? today;
        if (end < start) return Outcome<ServiceCertificate>.Fail("To", "证明期间的结束日期不能早于开始日期。");
        var posted = postedOn ?? today;
        if (posted > today) return Outcome<ServiceCertificate>.Fail("PostedOn", "公示开始日期不能晚于今天。");
        if (posted < today.AddDays(-30)) return Outcome<ServiceCertificate>.Fail("PostedOn", "公示开始日期最多补记30天前。");
        var records = await db.Set<VolunteerHours>().AsNoTracking()
            .Where(h => h.VolunteerId == volunteer.Id && h.State == HoursState.Confirmed && h.Date >= start && h.Date <= end)
            .Select(h => new { h.Hours, h.Content, h.Date }).ToListAsync(ct);
        if (records.Count == 0) return Outcome<ServiceCertificate>.Fail("From", "这段期间没有已确认的服务时长，不能出具证明。");
        if (from is null) start = records.Min(r => r.Date);    // from the first confirmed service on
        var content = TextElements.Cut(string.Join("；", records.GroupBy(r => r.Content).OrderByDescending(g => g.Sum(r => r.Hours)).Select(g => g.Key)), 1000, "等");
        var community = await db.OrgUnits.AsNoTracking().FirstAsync(o => o.Id == volunteer.CommunityId, ct);
        var idMasked = volunteer.ResidentId is { } rid ? await db.Residents.AsNoTracking().Where(r => r.Id == rid).Select(r => r.NationalIdMasked).FirstOrDefaultAsync(ct) : null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var prefix = $"{community.Code}-ZYFW-{today.Year}-";
        var count = await db.Set<ServiceCertificate>().CountAsync(c => c.Number.StartsWith(prefix), ct);
        var certificate = new ServiceCertificate
        {
            Number = $"{prefix}{count + 1:0000}", VolunteerId = volunteer.Id, CommunityId = volunteer.CommunityId, VolunteerName = volunteer.Name, IdMasked = idMasked,
            From = start, To = end, Hours = records.Sum(r => r.Hours), Content = content, Issuer = $"{community.Name}居民委员会", PostedOn = posted,
            CreatedBy = area.DisplayName, CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(certificate);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(volunteer.Id), volunteer.CommunityId,
            $"志愿服务证明 {certificate.Number} 开始公示（{posted:yyyy-MM-dd} 起），{certificate.Hours} 小时", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<ServiceCertificate>.Ok(certificate);
    }

    /// <summary>Issues a posted certificate once its seven days have passed.</summary>
    public async Task<Outcome<ServiceCertificate>> IssueAsync(UserArea area, long id, CancellationToken ct)
    {
        var mine = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Manage, ct);
        var c = await db.Set<ServiceCertificate>().FirstOrDefaultAsync(x => x.Id == id && EF.Parameter(mine).Contains(x.CommunityId), ct);
        if (c is null) return Outcome<ServiceCertificate>.Missing;
        if (c.IssuedOn is not null) return Outcome<ServiceCertificate>.Ok(c);
        if (Today < IssuableOn(c.PostedOn))
            return Outcome<ServiceCertificate>.Fail("", say["公示期未满{0}天：{1:yyyy-MM-dd} 开始公示，{2:yyyy-MM-dd} 起可以出具。", PostingDays, c.PostedOn, IssuableOn(c.PostedOn)]);
        c.IssuedOn = Today;
        c.IssuedBy = area.DisplayName;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(c.VolunteerId), c.CommunityId, $"出具志愿服务证明 {c.Number}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<ServiceCertificate>.Ok(c);
    }
}
