using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// 干部每月走访: visits per visitor per month over the last twelve months, in the grids where the viewer reads visits.
/// A lead or a street officer (visits read through a community or the street) sees every visitor of those grids; a grid
/// cadre sees herself. Counted once per (visitor, day) by the database — the (VisitorId, Date) index for a cadre, the
/// (GridId, Date) index for a lead — and summed into months here, since a month of a date is not the same SQL on both engines.
/// </summary>
public sealed class VisitsPerCadre(LinliDb db)
{
    public sealed record Cadre(long Id, string Name, IReadOnlyList<int> Months)
    {
        public int Total => Months.Sum();
    }

    /// <summary>The first day of each of the twelve months up to and including <paramref name="today"/>'s, oldest first.</summary>
    public static IReadOnlyList<DateOnly> MonthsUpTo(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1);
        return Enumerable.Range(0, 12).Select(i => first.AddMonths(i - 11)).ToList();
    }

    /// <summary>Whether the viewer sees other visitors' numbers: visits read through a community or the street, not only through grids.</summary>
    public static bool SeesOthers(UserArea area) => area.UnitsWhere(Permissions.Visits.Read).Any(u => u.Kind != OrgUnitKind.Grid);

    /// <summary>The visits the chart counts (and its lists show): in the viewer's grids, and the viewer's own when they see only themselves.</summary>
    /// <param name="within">Only these grids (one community's), still only where the viewer reads visits.</param>
    public IQueryable<Visit> Counted(UserArea area, IReadOnlyList<long>? within = null)
    {
        var grids = area.GridsWhere(Permissions.Visits.Read);
        if (within is not null) grids = grids.Intersect(within).ToList();
        var q = db.Set<Visit>().AsNoTracking().Where(v => EF.Parameter(grids).Contains(v.GridId));
        if (!SeesOthers(area))
        {
            var me = area.UserId;
            q = q.Where(v => v.VisitorId == me);
        }
        return q;
    }

    /// <summary>The grids of <paramref name="community"/> where the viewer reads visits; empty when it is not hers (a 404).</summary>
    public async Task<IReadOnlyList<long>> GridsOfAsync(UserArea area, long community, CancellationToken ct)
    {
        var grids = area.GridsWhere(Permissions.Visits.Read);
        return await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == community && EF.Parameter(grids).Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
    }

    public async Task<List<Cadre>> ForAsync(UserArea area, DateOnly today, CancellationToken ct, IReadOnlyList<long>? within = null)
    {
        var months = MonthsUpTo(today);
        var from = months[0];
        var q = Counted(area, within).Where(v => v.Date >= from && v.Date <= today);
        var perDay = await q.GroupBy(v => new { v.VisitorId, v.Date }).Select(g => new { g.Key.VisitorId, g.Key.Date, Visits = g.Count() }).ToListAsync(ct);
        if (perDay.Count == 0) return [];
        var ids = perDay.Select(d => d.VisitorId).Distinct().ToList();
        var names = (await q.Where(v => EF.Parameter(ids).Contains(v.VisitorId)).Select(v => new { v.VisitorId, v.VisitorName }).Distinct().ToListAsync(ct))
            .GroupBy(x => x.VisitorId).ToDictionary(g => g.Key, g => g.Select(x => x.VisitorName).Min(StringComparer.Ordinal)!);
        return perDay.GroupBy(d => d.VisitorId).Select(g =>
            {
                var counts = new int[12];
                foreach (var d in g) counts[(d.Date.Year - from.Year) * 12 + d.Date.Month - from.Month] += d.Visits;
                return new Cadre(g.Key, names.GetValueOrDefault(g.Key) ?? "", counts);
            })
            .OrderByDescending(c => c.Total).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The list a number opens: one visitor's visits in one month.</summary>
    public static string LogLink(long visitor, DateOnly month, long? community = null) =>
        $"/Visits/Log?visitor={visitor}&month={month:yyyy-MM}" + (community is { } c ? $"&community={c}" : "");

    /// <summary>
    /// 干部每月走访 as stacked bars: a bar per month (the twelve of <paramref name="months"/>), a segment per visitor, each
    /// opening that visitor's visits of that month (in <paramref name="community"/> when given). A lead reads her office's
    /// months at a glance and who carried them; the busiest visitor sits at the bottom of every bar.
    /// </summary>
    public static StackedChart Chart(IReadOnlyList<Cadre> cadres, IReadOnlyList<DateOnly> months, long? community = null) =>
        StackedChart.Of(months.Select(m => m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).ToList(), cadres,
            c => c.Name, (c, i) => c.Months[i], (c, i) => LogLink(c.Id, months[i], community));
}
