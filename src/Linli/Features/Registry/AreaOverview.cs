using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// A user's own area at a glance: residents, households and grids, one row for each unit just below
/// the units the user holds (the communities of a street, the grids of a community, a cadre's own grids).
/// Read from <see cref="GridCount"/>, the per-grid numbers kept current on every write, and only inside the
/// user's grids: DESIGN.md gives a street's or district's dashboard 200 ms, and counting a district's
/// residents live takes 0.4–1.6 s. The numbers equal a live count, except that "60岁及以上" is counted by
/// birth year (按出生年份计): everyone born in or before this year − 60, including those whose 60th birthday
/// is still to come this year.
/// </summary>
public sealed class AreaOverview(LinliDb db, TimeProvider clock)
{
    public sealed record Row(long UnitId, string Code, string Name, OrgUnitKind Kind, int Grids, int Households, int Residents, int Aged60Plus);
    public sealed record TagCount(string Code, string Name, int Residents);
    /// <param name="Aged60Plus">在册居民 born in or before this year − 60 (按出生年份计).</param>
    /// <param name="AgedBornBy">The birth year "60岁及以上" counts up to: this year − 60 (the list's bornTo).</param>
    public sealed record Result(string Title, int Grids, int Households, int Residents, int Aged60Plus, IReadOnlyList<Row> Rows, IReadOnlyList<TagCount> Tags, int AgedBornBy = 0);

    public async Task<Result> ForAsync(UserArea area, CancellationToken ct)
    {
        var gridIds = area.GridsWhere(Permissions.Registry.Read);
        var top = area.UnitsWhere(Permissions.Registry.Read);
        var title = string.Join("、", top.Select(u => u.Name));
        var agedBornBy = clock.GetLocalNow().Year - 60;
        if (gridIds.Count == 0) return new(title, 0, 0, 0, 0, [], [], agedBornBy);

        var rowUnits = new List<OrgUnit>();
        foreach (var unit in top)
        {
            if (unit.Kind == OrgUnitKind.Grid) rowUnits.Add(unit);
            else rowUnits.AddRange(await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == unit.Id).OrderBy(o => o.SortOrder).ThenBy(o => o.Name).ToListAsync(ct));
        }
        var grids = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(gridIds).Contains(o.Id)).Select(o => new { o.Id, o.Path }).ToListAsync(ct);

        var counts = await db.GridCounts.AsNoTracking()
            .Where(c => EF.Parameter(gridIds).Contains(c.GridId) && c.Measure != GridMeasure.Tag)
            .GroupBy(c => c.GridId)
            .Select(g => new Totals(g.Key,
                g.Sum(c => c.Measure == GridMeasure.Households ? c.Count : 0),
                g.Sum(c => c.Measure == GridMeasure.BirthYear ? c.Count : 0),
                g.Sum(c => c.Measure == GridMeasure.BirthYear && c.Key > 0 && c.Key <= agedBornBy ? c.Count : 0)))
            .ToDictionaryAsync(x => x.GridId, ct);
        int Sum(IEnumerable<long> ids, Func<Totals, int> number) => ids.Sum(g => counts.TryGetValue(g, out var c) ? number(c) : 0);

        var rows = rowUnits.Select(u =>
        {
            var inside = grids.Where(g => g.Path.StartsWith(u.Path, StringComparison.Ordinal)).Select(g => g.Id).ToList();
            return new Row(u.Id, u.Code, u.Name, u.Kind, inside.Count, Sum(inside, c => c.Households), Sum(inside, c => c.Residents), Sum(inside, c => c.Aged));
        }).ToList();

        // Sensitive labels are left out: a count over several grids cannot be limited to those where the user may see them.
        var tags = await db.GridCounts.AsNoTracking()
            .Where(c => EF.Parameter(gridIds).Contains(c.GridId) && c.Measure == GridMeasure.Tag)
            .GroupBy(c => c.Key).Select(g => new { TagId = g.Key, N = g.Sum(c => c.Count) })
            .Join(db.Tags.Where(t => !t.IsSensitive), x => x.TagId, t => t.Id, (x, t) => new TagCount(t.Code, t.Name, x.N))
            .ToListAsync(ct);

        return new(title, grids.Count, Sum(counts.Keys, c => c.Households), Sum(counts.Keys, c => c.Residents), Sum(counts.Keys, c => c.Aged),
            rows, tags.Where(t => t.Residents > 0).OrderByDescending(t => t.Residents).ThenBy(t => t.Code, StringComparer.Ordinal).ToList(), agedBornBy);
    }

    sealed record Totals(long GridId, int Households, int Residents, int Aged);
}
