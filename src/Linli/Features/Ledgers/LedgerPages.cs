using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Ledgers;

/// <summary>What the ledger pages share: the communities and grids the user may generate ledgers for, and the month in a query.</summary>
public static class LedgerPages
{
    public static async Task<List<OrgUnit>> CommunitiesAsync(LinliDb db, UserArea area, CancellationToken ct)
    {
        var paths = area.UnitsWhere(Permissions.Ledgers.Fill).Concat(area.UnitsWhere(Permissions.Ledgers.Review)).Select(u => u.Path).Distinct().ToList();
        if (paths.Count == 0) return [];
        var all = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).ToListAsync(ct);
        return all.Where(o => paths.Any(p => o.Path.StartsWith(p, StringComparison.Ordinal))).ToList();
    }

    public static DateOnly MonthOr(string? month, TimeProvider clock) => LedgersApi.Month(month) ?? clock.Today();
    public static string MonthText(DateOnly d) => d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
