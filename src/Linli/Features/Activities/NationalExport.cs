using System.Text;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// The volunteers and their confirmed hours in the fields of the national volunteer system's batch import (中国志愿:
/// 姓名, 证件类型, 证件号码, 性别, 出生日期, 服务类别, 加入日期, 累计服务时长), so the office uploads instead of retyping.
/// Only volunteers who consented are exported; numbers stay masked (the full numbers go through the export approval).
/// Cells that a spreadsheet would run as a formula are neutralised.
/// </summary>
public sealed class NationalExport(LinliDb db, AuditLog audit, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Columns = ["姓名", "证件类型", "证件号码", "性别", "出生日期", "服务类别", "加入日期", "累计服务时长（小时）", "所属组织"];

    public async Task<(string Name, byte[] Bytes)> CsvAsync(UserArea area, long? communityId, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Manage, ct);
        if (communityId is { } c) communities = communities.Contains(c) ? [c] : [];
        // Plain joins on primary keys: a correlated Select(new {…}).FirstOrDefault() of several resident columns becomes, on
        // SQLite, a join on ROW_NUMBER() over the whole Residents table (docs/PERFORMANCE.md, "Found (benefits14)").
        var people = (await (
            from v in db.Set<Volunteer>().AsNoTracking().InCommunities(communities).Where(v => v.ConsentToShare && !v.HasLeft)
            join o in db.OrgUnits on v.CommunityId equals o.Id
            from r in db.Residents.Where(r => r.Id == v.ResidentId).DefaultIfEmpty()
            orderby v.Id
            select new
            {
                v.Id, v.Name, v.Skills, v.JoinedOn, Community = o.Name, RId = r == null ? (long?)null : r.Id,
                NationalIdMasked = r == null ? null : r.NationalIdMasked, Gender = r == null ? (Registry.Gender?)null : r.Gender, BirthDate = r == null ? null : r.BirthDate,
            }).ToListAsync(ct))
            .Select(x => new
            {
                x.Id, x.Name, x.Skills, x.JoinedOn, x.Community,
                Resident = x.RId is null ? null : new { x.NationalIdMasked, Gender = x.Gender!.Value, x.BirthDate },
            }).ToList();
        var ids = people.Select(p => p.Id).ToArray();
        var hours = (await db.Set<VolunteerHours>().AsNoTracking().Where(h => EF.Parameter(ids).Contains(h.VolunteerId) && h.State == HoursState.Confirmed)
            .Select(h => new { h.VolunteerId, h.Hours }).ToListAsync(ct)).GroupBy(h => h.VolunteerId).ToDictionary(g => g.Key, g => g.Sum(h => h.Hours));
        var csv = new StringBuilder();
        csv.AppendJoin(',', Columns).Append("\r\n");
        foreach (var p in people)
        {
            string[] cells =
            [
                p.Name, p.Resident?.NationalIdMasked is null ? "" : "居民身份证", p.Resident?.NationalIdMasked ?? "",
                p.Resident is null ? "" : p.Resident.Gender == Registry.Gender.Male ? "男" : "女", p.Resident?.BirthDate?.ToString("yyyy-MM-dd") ?? "",
                p.Skills ?? "", p.JoinedOn.ToString("yyyy-MM-dd"), hours.GetValueOrDefault(p.Id).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), p.Community,
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }
        await audit.WriteAsync(AuditActions.Export, null, communities.Length == 1 ? communities[0] : null,
            $"导出志愿者（全国志愿服务信息系统格式）{people.Count}人，未同意公开者不导出，证件号码遮盖", ct: ct);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return ($"volunteers-national-{clock.GetLocalNow():yyyyMMdd}.csv", bytes);
    }

    public static string Cell(string value)
    {
        var v = value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;
        return v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
    }
}
