using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// A user's own area at a glance: residents, households and grids, one row for each unit just below
/// the units the user holds (the communities of a street, the grids of a community, a cadre's own grids).
/// Everything is counted in the database and only inside the user's grids.
/// </summary>
public sealed class AreaOverview(LinliDb db, TimeProvider clock)
{
    public sealed record Row(long UnitId, string Code, string Name, OrgUnitKind Kind, int Grids, int Households, int Residents, int Aged60Plus);
    public sealed record TagCount(string Code, string Name, int Residents);
    public sealed record Result(string Title, int Grids, int Households, int Residents, int Aged60Plus, IReadOnlyList<Row> Rows, IReadOnlyList<TagCount> Tags);

    public async Task<Result> ForAsync(UserArea area, CancellationToken ct)
    {
        var gridIds = area.GridIds;
        var top = area.Units.Where(u => area.Assignments.Any(a => a.Unit.Id == u.Id && Roles.PermissionsOf(a.Role).Contains(Permissions.Registry.Read))).ToList();
        var title = string.Join("、", top.Select(u => u.Name));
        if (gridIds.Count == 0) return new(title, 0, 0, 0, 0, [], []);

        var rowUnits = new List<OrgUnit>();
        foreach (var unit in top)
        {
            if (unit.Kind == OrgUnitKind.Grid) rowUnits.Add(unit);
            else rowUnits.AddRange(await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == unit.Id).OrderBy(o => o.SortOrder).ThenBy(o => o.Name).ToListAsync(ct));
        }
        var grids = await db.OrgUnits.AsNoTracking().Where(o => gridIds.Contains(o.Id)).Select(o => new { o.Id, o.Path }).ToListAsync(ct);

        var sixtyYearsAgo = DateOnly.FromDateTime(clock.GetLocalNow().Date).AddYears(-60);
        var active = db.Residents.AsNoTracking().Where(r => gridIds.Contains(r.GridId) && r.Status == ResidentStatus.Active);
        var residents = await active.GroupBy(r => r.GridId)
            .Select(g => new { GridId = g.Key, All = g.Count(), Aged = g.Count(r => r.BirthDate <= sixtyYearsAgo) })
            .ToDictionaryAsync(x => x.GridId, ct);
        var households = await db.Households.AsNoTracking().Where(h => gridIds.Contains(h.GridId))
            .GroupBy(h => h.GridId).Select(g => new { GridId = g.Key, N = g.Count() })
            .ToDictionaryAsync(x => x.GridId, x => x.N, ct);

        var rows = rowUnits.Select(u =>
        {
            var inside = grids.Where(g => g.Path.StartsWith(u.Path, StringComparison.Ordinal)).Select(g => g.Id).ToList();
            return new Row(u.Id, u.Code, u.Name, u.Kind, inside.Count,
                inside.Sum(g => households.GetValueOrDefault(g)),
                inside.Sum(g => residents.TryGetValue(g, out var r) ? r.All : 0),
                inside.Sum(g => residents.TryGetValue(g, out var r) ? r.Aged : 0));
        }).ToList();

        // Sensitive tags are left out until the access rules grant them to a role.
        var tags = await db.ResidentTags.AsNoTracking()
            .Where(rt => gridIds.Contains(rt.GridId))
            .Join(db.Residents.Where(r => r.Status == ResidentStatus.Active), rt => rt.ResidentId, r => r.Id, (rt, r) => rt.TagId)
            .GroupBy(t => t).Select(g => new { TagId = g.Key, N = g.Count() })
            .Join(db.Tags.Where(t => !t.IsSensitive), x => x.TagId, t => t.Id, (x, t) => new TagCount(t.Code, t.Name, x.N))
            .ToListAsync(ct);

        return new(title, grids.Count, households.Values.Sum(), residents.Values.Sum(r => r.All), residents.Values.Sum(r => r.Aged),
            rows, tags.OrderByDescending(t => t.Residents).ToList());
    }
}
