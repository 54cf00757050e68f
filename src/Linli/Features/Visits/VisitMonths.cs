using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Visits;

/// <summary>
/// 每月走访次数 of one grid, kept current, so that the street's chart of its communities adds up a few rows per grid
/// (grids × twelve months) instead of counting a year of visits (issue 12: "the street's view of all its communities from
/// aggregates kept current, not recounted"). One row per grid and month that has visits; <see cref="Month"/> is the month's
/// first day. Per grid, not per community, so that a viewer's scope (a set of grids) sums exactly what
/// <see cref="VisitsPerCadre.Counted"/> lists, and a grid moved to another community needs no rewrite: the community is
/// read from the tree when the chart is drawn.
/// <para>
/// Kept current by <see cref="VisitMonthsHook"/> inside every save that adds, deletes, or moves a visit to another date or
/// grid; rebuilt set-based by the bulk writers (the demo, the bench's generator) and filled once for a database that had
/// visits before the table (<see cref="FillAfterMigration"/>).
/// </para>
/// </summary>
public sealed class VisitMonth
{
    public required long GridId { get; set; }
    public required DateOnly Month { get; set; }
    public required int Visits { get; set; }
}

sealed class VisitMonthConfiguration : IEntityTypeConfiguration<VisitMonth>
{
    public void Configure(EntityTypeBuilder<VisitMonth> b)
    {
        b.ToTable("VisitMonths");
        b.HasKey(x => new { x.GridId, x.Month });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Rebuilding, filling and reading <see cref="VisitMonth"/>.</summary>
public static class VisitMonths
{
    public static DateOnly MonthOf(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>Deletes the rows of the given grids (all when null) and counts them again from the visits, set-based, inside the caller's transaction.</summary>
    public static async Task RebuildAsync(LinliDb db, IReadOnlyCollection<long>? grids, CancellationToken ct)
    {
        var month = db.Database.IsNpgsql() ? "CAST(date_trunc('month', \"Date\") AS date)" : "substr(\"Date\", 1, 8) || '01'";
        if (grids is null)
        {
            var refill = $"INSERT INTO \"VisitMonths\" (\"GridId\", \"Month\", \"Visits\") SELECT \"GridId\", {month}, COUNT(*) FROM \"Visits\" GROUP BY \"GridId\", {month}";
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"VisitMonths\"", ct);
            await db.Database.ExecuteSqlRawAsync(refill, ct);
            return;
        }
        foreach (var chunk in grids.Distinct().Order().Chunk(500))
        {
            // Grid ids only, written into the statement as numbers.
            var ids = string.Join(", ", chunk.Select(id => id.ToString(CultureInfo.InvariantCulture)));
            var delete = $"DELETE FROM \"VisitMonths\" WHERE \"GridId\" IN ({ids})";
            var refill = $"INSERT INTO \"VisitMonths\" (\"GridId\", \"Month\", \"Visits\") SELECT \"GridId\", {month}, COUNT(*) FROM \"Visits\" WHERE \"GridId\" IN ({ids}) GROUP BY \"GridId\", {month}";
            await db.Database.ExecuteSqlRawAsync(delete, ct);
            await db.Database.ExecuteSqlRawAsync(refill, ct);
        }
    }

    /// <summary>When the table is empty but visits exist (a database from before it), fill it once (run by the migrator on every start).</summary>
    public sealed class FillAfterMigration : IFillAfterMigration
    {
        public async Task FillAsync(LinliDb db, CancellationToken ct)
        {
            if (await db.Set<VisitMonth>().AnyAsync(ct) || !await db.Set<Visit>().AnyAsync(ct)) return;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await RebuildAsync(db, null, ct);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>The demo writes its visits through <see cref="BulkWriter"/>, past the save hook; the months are counted once at the end.</summary>
    public sealed class Demo : IDemoData
    {
        public int Order => 1001;

        public Task FillAsync(DemoContext demo, CancellationToken ct) => RebuildAsync(demo.Db, null, ct);
    }

    public sealed record Community(long Id, string Name, IReadOnlyList<int> Months)
    {
        public int Total => Months.Sum();
    }

    /// <summary>
    /// Visits per month of <paramref name="months"/> for each community of <paramref name="grids"/>, from the aggregate
    /// only: the (grid, month) rows of the viewer's grids, summed per community (the grid's parent in the tree). The communities in the tree's order.
    /// </summary>
    public static async Task<List<Community>> PerCommunityAsync(LinliDb db, IReadOnlyList<long> grids, IReadOnlyList<DateOnly> months, CancellationToken ct)
    {
        if (grids.Count == 0 || months.Count == 0) return [];
        var (from, to) = (months[0], months[^1]);
        // Summed per community by the database: a street of 100 communities reads 1,200 sums, not its 9,600 grid rows.
        var rows = await db.Set<VisitMonth>().AsNoTracking()
            .Where(m => EF.Parameter(grids).Contains(m.GridId) && m.Month >= from && m.Month <= to)
            .Join(db.OrgUnits.Where(g => g.ParentId != null), m => m.GridId, g => g.Id, (m, g) => new { Community = g.ParentId!.Value, m.Month, m.Visits })
            .GroupBy(x => new { x.Community, x.Month }).Select(g => new { g.Key.Community, g.Key.Month, Visits = g.Sum(x => x.Visits) })
            .ToListAsync(ct);
        if (rows.Count == 0) return [];
        var index = months.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i);
        var sums = new Dictionary<long, int[]>();
        foreach (var r in rows)
        {
            if (!index.TryGetValue(r.Month, out var i)) continue;
            if (!sums.TryGetValue(r.Community, out var counts)) sums[r.Community] = counts = new int[months.Count];
            counts[i] += r.Visits;
        }
        var ids = sums.Keys.ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(ids).Contains(o.Id)).Select(o => new { o.Id, o.Name, o.SortOrder }).ToListAsync(ct);
        return names.OrderBy(n => n.SortOrder).ThenBy(n => n.Id).Select(n => new Community(n.Id, n.Name, sums[n.Id])).ToList();
    }

    /// <summary>The list a segment opens: one community's visits of one month (scope checked there; another community's is a 404).</summary>
    public static string LogLink(long community, DateOnly month) => $"/Visits/Log?community={community}&month={month:yyyy-MM}";

    /// <summary>每月走访次数 as stacked bars: a bar per month, a segment per community, each opening that community's visits of that month.</summary>
    public static StackedChart Chart(IReadOnlyList<Community> communities, IReadOnlyList<DateOnly> months) =>
        StackedChart.Of(months.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList(), communities,
            c => c.Name, (c, i) => c.Months[i], (c, i) => LogLink(c.Id, months[i]));
}
