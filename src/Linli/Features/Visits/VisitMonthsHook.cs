using Linli.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Linli.Features.Visits;

/// <summary>
/// Keeps <see cref="VisitMonth"/> current inside the save that adds, deletes or re-dates a visit (or moves it to another
/// grid): before the save, each (grid, month) it touches is counted afresh — the visits stored there, less those this save
/// changes, plus those it will leave there — and the row is set, added or removed in the same save. A recount of the cell,
/// not a +1, so no path can make it drift (as <see cref="Registry.GridCounts"/>). The counting and the save share one
/// transaction, the caller's when there is one (or the registry hook's), else one this hook opens and commits after the
/// save. On PostgreSQL the grids' rows are locked first (FOR NO KEY UPDATE, in id order, as GridCounts does), so two
/// visits recorded at once in one grid take turns and the second counts the first; SQLite has one writer at a time.
/// Registered on every context after the registry's hook (<see cref="Data.DatabaseTarget.Apply"/>).
/// </summary>
public sealed class VisitMonthsHook : TransactionalSaveHook<VisitMonthsHook.Cells>
{
    public static readonly VisitMonthsHook Instance = new();

    VisitMonthsHook() { }

    /// <summary>The (grid, month) cells a save touches, and the visits it re-dates, moves or deletes.</summary>
    public sealed record Cells(HashSet<(long GridId, DateOnly Month)> Touched, List<long> Changed);

    protected override Cells? Touched(DbContext db)
    {
        if (db is not LinliDb linli) return null;
        db.ChangeTracker.DetectChanges();
        var (cells, changed) = CellsOf(linli);
        return cells.Count == 0 ? null : new Cells(cells, changed);
    }

    protected override Task BeforeAsync(DbContext db, Cells cells, bool sync, CancellationToken ct) =>
        KeepCurrentAsync((LinliDb)db, cells.Touched, cells.Changed, sync, ct);

    /// <summary>The (grid, month) cells a save touches: a new visit's, a deleted one's, and both the old and new of a visit re-dated or moved.</summary>
    static (HashSet<(long GridId, DateOnly Month)> Cells, List<long> Changed) CellsOf(LinliDb db)
    {
        var cells = new HashSet<(long, DateOnly)>();
        var changed = new List<long>();
        foreach (var e in db.ChangeTracker.Entries<Visit>())
        {
            switch (e.State)
            {
                case EntityState.Added:
                    cells.Add((e.Entity.GridId, VisitMonths.MonthOf(e.Entity.Date)));
                    break;
                case EntityState.Deleted:
                    changed.Add(e.Entity.Id);
                    cells.Add(Original(e));
                    break;
                case EntityState.Modified when e.Property(v => v.Date).IsModified || e.Property(v => v.GridId).IsModified:
                    var (was, now) = (Original(e), (e.Entity.GridId, VisitMonths.MonthOf(e.Entity.Date)));
                    if (was == now) break;
                    changed.Add(e.Entity.Id);
                    cells.Add(was);
                    cells.Add(now);
                    break;
            }
        }
        return (cells, changed);
    }

    static (long, DateOnly) Original(EntityEntry<Visit> e) =>
        (e.Property(v => v.GridId).OriginalValue, VisitMonths.MonthOf(e.Property(v => v.Date).OriginalValue));

    static async Task KeepCurrentAsync(LinliDb db, HashSet<(long GridId, DateOnly Month)> cells, List<long> changed, bool sync, CancellationToken ct)
    {
        var grids = cells.Select(c => c.GridId).Distinct().Order().ToList();
        if (db.Database.IsNpgsql())
        {
            var lockGrids = Registry.GridCounts.LockGridsSql(grids);
            if (sync) db.Database.ExecuteSqlRaw(lockGrids);
            else await db.Database.ExecuteSqlRawAsync(lockGrids, ct);
        }
        var staying = db.ChangeTracker.Entries<Visit>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Unchanged)
            .Select(e => (e.Entity.GridId, Month: VisitMonths.MonthOf(e.Entity.Date), e.State, e.Entity.Id)).ToList();
        foreach (var (grid, month) in cells)
        {
            var end = month.AddMonths(1);
            var stored = db.Set<Visit>().Where(v => v.GridId == grid && v.Date >= month && v.Date < end && !EF.Parameter(changed).Contains(v.Id));
            var count = (sync ? stored.Count() : await stored.CountAsync(ct))
                + staying.Count(s => s.GridId == grid && s.Month == month && (s.State == EntityState.Added || changed.Contains(s.Id)));
            var rowQuery = db.Set<VisitMonth>().Where(m => m.GridId == grid && m.Month == month);
            var row = db.Set<VisitMonth>().Local.FirstOrDefault(m => m.GridId == grid && m.Month == month)
                ?? (sync ? rowQuery.FirstOrDefault() : await rowQuery.FirstOrDefaultAsync(ct));
            if (row is null) { if (count > 0) db.Add(new VisitMonth { GridId = grid, Month = month, Visits = count }); }
            else if (count == 0) db.Remove(row);
            else row.Visits = count;
        }
    }
}
