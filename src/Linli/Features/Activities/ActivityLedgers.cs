using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// The registers this module fills (ledger-layouts.txt): 活动记录 (every activity of the period), 志愿者服务记录
/// (<c>volunteeractivity</c>: the volunteer activities) and 志愿者名单 (<c>zyzmd</c>: volunteers who consented — a volunteer
/// without consent is never in a register). The ledger module builds the files; this module only says what fills them.
/// </summary>
public static class ActivityLedgerSubjects
{
    public const string Activity = "activity", Volunteer = "volunteer";
}

public sealed class ActivityLedgerDeclarations : ILedgerDeclarations
{
    public IReadOnlyList<LedgerDeclaration> Ledgers { get; } =
    [
        new("activities.record", "民政", "活动记录", "monthly", null, ActivityLedgerSubjects.Activity, LedgerFilter.None,
        [
            new("时间", "activities.date"), new("地点", "activities.place"), new("参加人数", "activities.attended"), new("负责人", "activities.organiser"),
            new("参加对象", "activities.audience"), new("类型", "activities.kind"), new("内容", "activities.content"), new("记录人", "activities.recorder"),
        ]),
        new("activities.volunteer-service", "文明办", "志愿者服务记录", "monthly", null, ActivityLedgerSubjects.Activity, new LedgerFilter([], Kinds: ["志愿服务"]),
        [
            new("日期", "activities.date"), new("活动内容", "activities.content"), new("参加人数", "activities.attended"), new("活动效果", "activities.report"),
        ]),
        new("activities.volunteers", "文明办", "志愿者名单", "yearly", null, ActivityLedgerSubjects.Volunteer, LedgerFilter.None,
        [
            new("姓名", "volunteers.name"), new("性别", "volunteers.gender"), new("出生年月", "volunteers.birth-month"), new("文化程度", "volunteers.education"),
            new("政治面貌", "volunteers.political-status"), new("家庭住址", null), new("电话", "volunteers.phone"), new("类型", "volunteers.team"), new("服务项目", "volunteers.skills"),
        ]),
    ];
}

public sealed class ActivityLedgerFields(LinliDb db) : ILedgerFields
{
    public IReadOnlyList<LedgerField> Fields { get; } =
    [
        new("activities.date", "活动时间", ActivityLedgerSubjects.Activity, LedgerValueKind.Text, ["时间", "日期", "活动时间"]),
        new("activities.title", "活动名称", ActivityLedgerSubjects.Activity, LedgerValueKind.Text, ["活动名称", "名称"]),
        new("activities.place", "地点", ActivityLedgerSubjects.Activity, LedgerValueKind.Text, ["地点", "活动地点"]),
        new("activities.attended", "参加人数", ActivityLedgerSubjects.Activity, LedgerValueKind.Count, ["参加人数", "人数"]),
        new("activities.organiser", "负责人", ActivityLedgerSubjects.Activity, LedgerValueKind.Text, ["负责人", "组织者"]),
        new("activities.audience", "参加对象", ActivityLedgerSubjects.Activity, LedgerValueKind.Text, ["参加对象", "对象"]),
        new("activities.kind", "活动类型", ActivityLedgerSubjects.Activity, LedgerValueKind.Text, ["类型", "活动类型"]),
        new("activities.content", "活动内容", ActivityLedgerSubjects.Activity, LedgerValueKind.Text, ["内容", "活动内容"]),
        new("activities.report", "活动小结", ActivityLedgerSubjects.Activity, LedgerValueKind.Text, ["活动效果", "小结", "效果"]),
        new("activities.recorder", "记录人", ActivityLedgerSubjects.Activity, LedgerValueKind.Text, ["记录人"]),
        new("volunteers.name", "志愿者姓名", ActivityLedgerSubjects.Volunteer, LedgerValueKind.Text, ["姓名"]),
        new("volunteers.gender", "性别", ActivityLedgerSubjects.Volunteer, LedgerValueKind.Text, ["性别"]),
        new("volunteers.birth-month", "出生年月", ActivityLedgerSubjects.Volunteer, LedgerValueKind.YearMonth, ["出生年月", "出生日期"]),
        new("volunteers.education", "文化程度", ActivityLedgerSubjects.Volunteer, LedgerValueKind.Text, ["文化程度", "学历"]),
        new("volunteers.political-status", "政治面貌", ActivityLedgerSubjects.Volunteer, LedgerValueKind.Text, ["政治面貌"]),
        new("volunteers.phone", "电话", ActivityLedgerSubjects.Volunteer, LedgerValueKind.Text, ["电话", "联系电话", "手机"], Masked: true),
        new("volunteers.team", "服务队", ActivityLedgerSubjects.Volunteer, LedgerValueKind.Text, ["类型", "服务队", "队伍"]),
        new("volunteers.skills", "服务项目", ActivityLedgerSubjects.Volunteer, LedgerValueKind.Text, ["服务项目", "特长"]),
        new("volunteers.hours", "累计服务时长", ActivityLedgerSubjects.Volunteer, LedgerValueKind.Amount, ["服务时长", "累计时长"]),
    ];

    public async Task<IReadOnlyDictionary<long, object?[]>> ValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, IReadOnlyCollection<long> rowIds, CancellationToken ct)
    {
        var result = new Dictionary<long, object?[]>();
        if (fields.Count == 0) return result;
        var ids = rowIds.ToArray();
        if (fields[0].Subject == ActivityLedgerSubjects.Activity)
        {
            var communities = await ActivityScope.CommunitiesAsync(db, scope.Area, Permissions.Activities.Read, ct);
            var rows = await db.Set<Activity>().AsNoTracking().InCommunities(communities).Where(a => EF.Parameter(ids).Contains(a.Id))
                .Select(a => new { a, Attended = db.Set<ActivitySignup>().Count(s => s.ActivityId == a.Id && s.AttendedAtUtc != null) }).ToListAsync(ct);
            foreach (var r in rows)
                result[r.a.Id] = fields.Select(f => (object?)(f.Key switch
                {
                    "activities.date" => $"{r.a.Date:yyyy-MM-dd} {r.a.Starts:HH\\:mm}–{r.a.Ends:HH\\:mm}",
                    "activities.title" => r.a.Title, "activities.place" => r.a.Place, "activities.attended" => (object)r.Attended, "activities.organiser" => r.a.Organiser,
                    "activities.audience" => r.a.Audience, "activities.kind" => r.a.Kind, "activities.content" => r.a.Content ?? r.a.Title, "activities.report" => r.a.Report,
                    "activities.recorder" => r.a.RecorderName, _ => null,
                })).ToArray();
            return result;
        }
        var readable = await ActivityScope.CommunitiesAsync(db, scope.Area, Permissions.Volunteers.Read, ct);
        var people = await db.Set<Volunteer>().AsNoTracking().InCommunities(readable).Where(v => v.ConsentToShare && EF.Parameter(ids).Contains(v.Id))
            .Select(v => new { v, R = db.Residents.Where(r => r.Id == v.ResidentId).Select(r => new { r.Gender, r.BirthDate, r.Education, r.PoliticalStatus, r.PhoneMasked }).FirstOrDefault() })
            .ToListAsync(ct);
        var teams = await db.Set<VolunteerTeamMember>().AsNoTracking().Where(m => EF.Parameter(ids).Contains(m.VolunteerId))
            .Join(db.Set<VolunteerTeam>(), m => m.TeamId, t => t.Id, (m, t) => new { m.VolunteerId, t.Name }).ToListAsync(ct);
        var hours = (await db.Set<VolunteerHours>().AsNoTracking().Where(h => EF.Parameter(ids).Contains(h.VolunteerId) && h.State == HoursState.Confirmed)
            .Select(h => new { h.VolunteerId, h.Hours }).ToListAsync(ct)).GroupBy(h => h.VolunteerId).ToDictionary(g => g.Key, g => g.Sum(h => h.Hours));
        foreach (var p in people)
            result[p.v.Id] = fields.Select(f => (object?)(f.Key switch
            {
                "volunteers.name" => p.v.Name, "volunteers.gender" => p.R is null ? null : RegistryText.Of(p.R.Gender),
                "volunteers.birth-month" => p.R?.BirthDate is { } b ? b.ToString("yyyy-MM") : null, "volunteers.education" => p.R?.Education,
                "volunteers.political-status" => p.R?.PoliticalStatus, "volunteers.phone" => p.R?.PhoneMasked,
                "volunteers.team" => string.Join("、", teams.Where(t => t.VolunteerId == p.v.Id).Select(t => t.Name)), "volunteers.skills" => p.v.Skills,
                "volunteers.hours" => (object)hours.GetValueOrDefault(p.v.Id), _ => null,
            })).ToArray();
        return result;
    }
}

/// <summary>The activities of the unit's community in the period (by date), optionally of some kinds.</summary>
public sealed class ActivityLedgerRows(LinliDb db) : ILedgerRows
{
    public string Subject => ActivityLedgerSubjects.Activity;
    public string Name => "社区活动";
    public string Permission => Permissions.Activities.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        var community = await CommunityOfAsync(db, scope.UnitId, ct);
        var communities = await ActivityScope.CommunitiesAsync(db, scope.Area, Permission, ct);
        if (community is not { } c || !communities.Contains(c)) return [];
        var q = db.Set<Activity>().AsNoTracking().Where(a => a.CommunityId == c && a.Date >= scope.From && a.Date <= scope.To && a.State != ActivityState.Cancelled);
        if (filter.Kinds is { Count: > 0 } kinds) q = q.Where(a => kinds.Contains(a.Kind));
        return await q.OrderBy(a => a.Date).ThenBy(a => a.Starts).ThenBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
    }

    internal static async Task<long?> CommunityOfAsync(LinliDb db, long unitId, CancellationToken ct) =>
        await db.OrgUnits.AsNoTracking().Where(o => o.Id == unitId)
            .Select(o => o.Kind == OrgUnitKind.Community ? (long?)o.Id : o.Kind == OrgUnitKind.Grid ? o.ParentId : null).FirstOrDefaultAsync(ct);
}

/// <summary>The volunteers of the unit who consented to their data being shared (those without consent are never in a register), by grid then id.</summary>
public sealed class VolunteerLedgerRows(LinliDb db) : ILedgerRows
{
    public string Subject => ActivityLedgerSubjects.Volunteer;
    public string Name => "志愿者";
    public string Permission => Permissions.Volunteers.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        var community = await ActivityLedgerRows.CommunityOfAsync(db, scope.UnitId, ct);
        var communities = await ActivityScope.CommunitiesAsync(db, scope.Area, Permission, ct);
        if (community is not { } c || !communities.Contains(c)) return [];
        var q = db.Set<Volunteer>().AsNoTracking().Where(v => v.CommunityId == c && v.ConsentToShare && !v.HasLeft && v.JoinedOn <= scope.To);
        var unit = await db.OrgUnits.AsNoTracking().FirstAsync(o => o.Id == scope.UnitId, ct);
        if (unit.Kind == OrgUnitKind.Grid) q = q.Where(v => v.GridId == unit.Id);
        return await q.OrderBy(v => v.GridId).ThenBy(v => v.Id).Select(v => v.Id).ToListAsync(ct);
    }
}
