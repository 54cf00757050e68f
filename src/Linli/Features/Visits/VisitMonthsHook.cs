using System.Globalization;
using System.Runtime.CompilerServices;
using Linli.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

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
public sealed class VisitMonthsHook : SaveChangesInterceptor
{
    public static readonly VisitMonthsHook Instance = new();

    readonly ConditionalWeakTable<DbContext, IDbContextTransaction> own = new();

    VisitMonthsHook() { }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is LinliDb db) KeepCurrentAsync(db, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is LinliDb db) await KeepCurrentAsync(db, sync: false, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db && own.TryGetValue(db, out var tx))
        {
            own.Remove(db);
            using (tx) tx.Commit();
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && own.TryGetValue(db, out var tx))
        {
            own.Remove(db);
            await using (tx) await tx.CommitAsync(cancellationToken);
        }
        return result;
    }

    // A failed or cancelled save rolls back the transaction this hook opened (disposing it does).
    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    void Abandon(DbContext? db)
    {
        if (db is null || !own.TryGetValue(db, out var tx)) return;
        own.Remove(db);
        tx.Dispose();
    }

    /// <summary>The (grid, month) cells a save touches: a new visit's, a deleted one's, and both the old and new of a visit re-dated or moved.</summary>
    static (HashSet<(long GridId, DateOnly Month)> Cells, List<long> Changed) Touched(LinliDb db)
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

    async Task KeepCurrentAsync(LinliDb db, bool sync, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var (cells, changed) = Touched(db);
        if (cells.Count == 0) return;
        if (db.Database.CurrentTransaction is null)
            own.AddOrUpdate(db, sync ? db.Database.BeginTransaction() : await db.Database.BeginTransactionAsync(ct));
        var grids = cells.Select(c => c.GridId).Distinct().Order().ToList();
        if (db.Database.IsNpgsql())
        {
            // Grid ids only, written into the statement as numbers.
            var lockGrids = $"SELECT \"Id\" FROM \"OrgUnits\" WHERE \"Id\" IN ({string.Join(", ", grids.Select(g => g.ToString(CultureInfo.InvariantCulture)))}) ORDER BY \"Id\" FOR NO KEY UPDATE";
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
