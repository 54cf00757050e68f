using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// Who a 慰问 rule picks among a community's active residents: all of the conditions given (any of the labels; aged at
/// least; 政治面貌; living alone = the only active member of the household). Several rules add up (低保户, then 80岁以上独居,
/// then 困难党员). A sensitive label picks people only in the grids where the user is granted it.
/// </summary>
public sealed record CampaignRule(IReadOnlyList<long> TagIds, int? MinAge, string? PoliticalStatus, bool LivingAlone)
{
    public bool IsEmpty => TagIds.Count == 0 && MinAge is null && string.IsNullOrWhiteSpace(PoliticalStatus) && !LivingAlone;

    public string Describe(IReadOnlyDictionary<long, string> tagNames) => string.Join("＋", new[]
    {
        TagIds.Count > 0 ? string.Join("或", TagIds.Select(t => tagNames.GetValueOrDefault(t, "?"))) : null,
        MinAge is { } a ? $"{a}岁以上" : null,
        string.IsNullOrWhiteSpace(PoliticalStatus) ? null : PoliticalStatus,
        LivingAlone ? "独居" : null,
    }.OfType<string>());

    public async Task<List<(long ResidentId, long GridId)>> PickAsync(LinliDb db, UserArea area, long communityId, DateOnly today, CancellationToken ct)
    {
        var grids = await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == communityId && o.Kind == OrgUnitKind.Grid).Select(o => o.Id).ToListAsync(ct);
        grids = grids.Where(g => area.HasInGrid(Permissions.Visits.Write, g)).ToList();
        var q = db.Residents.AsNoTracking().Where(r => grids.Contains(r.GridId) && r.Status == ResidentStatus.Active);
        if (TagIds.Count > 0)
        {
            var sensitiveGrids = area.GridsWhere(Permissions.Registry.Sensitive);
            var tagIds = TagIds.ToList();
            q = q.Where(r => db.ResidentTags.Any(rt => rt.ResidentId == r.Id && tagIds.Contains(rt.TagId)
                && db.Tags.Any(t => t.Id == rt.TagId && (!t.IsSensitive || EF.Parameter(sensitiveGrids).Contains(rt.GridId)))));
        }
        if (MinAge is { } age)
        {
            var bornBy = today.AddYears(-age);
            q = q.Where(r => r.BirthDate != null && r.BirthDate <= bornBy);
        }
        if (!string.IsNullOrWhiteSpace(PoliticalStatus)) q = q.Where(r => r.PoliticalStatus == PoliticalStatus);
        if (LivingAlone) q = q.Where(r => r.HouseholdId != null && db.Residents.Count(m => m.HouseholdId == r.HouseholdId && m.Status == ResidentStatus.Active) == 1);
        return (await q.Select(r => new { r.Id, r.GridId }).ToListAsync(ct)).Select(x => (x.Id, x.GridId)).ToList();
    }
}
