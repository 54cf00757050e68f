using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Linli.Features.Registry;

/// <summary>
/// What the registry derives from residents, kept current on every save of any context: the search keys of the
/// residents a save adds or changes (<see cref="ResidentSearchKey.Sync"/>), the resident's fields copied onto their
/// labels (<see cref="ResidentTagCopies.Sync"/>), and the numbers of the grids it
/// touches (<see cref="GridCounts"/>), recounted in the save's transaction — the caller's when there is one,
/// else one this hook opens and commits — so the counts never show a state the registry did not have.
/// Registered on every context by <see cref="Data.DatabaseTarget.Apply"/>; the bulk loaders, which bypass
/// SaveChanges, write keys and recount themselves.
/// </summary>
public sealed class RegistrySaveHook : SaveChangesInterceptor
{
    public static readonly RegistrySaveHook Instance = new();

    sealed record Pending(IReadOnlyCollection<long> Grids, IDbContextTransaction? Own);

    readonly ConditionalWeakTable<DbContext, Pending> pending = new();

    RegistrySaveHook() { }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db && Prepare(db) is { Count: > 0 } grids)
            pending.AddOrUpdate(db, new Pending(grids, db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null));
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && Prepare(db) is { Count: > 0 } grids)
            pending.AddOrUpdate(db, new Pending(grids, db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null));
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is not { } db || !pending.TryGetValue(db, out var p)) return result;
        pending.Remove(db);
        using (p.Own)
        {
            GridCounts.Recount((Data.LinliDb)db, p.Grids);
            p.Own?.Commit();
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } db || !pending.TryGetValue(db, out var p)) return result;
        pending.Remove(db);
        await using (p.Own)
        {
            await GridCounts.RecountAsync((Data.LinliDb)db, p.Grids, cancellationToken);
            if (p.Own is not null) await p.Own.CommitAsync(cancellationToken);
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

    static HashSet<long> Prepare(DbContext db)
    {
        ResidentSearchKey.Sync(db);
        ResidentTagCopies.Sync(db);
        return GridCounts.Touched(db);
    }

    void Abandon(DbContext? db)
    {
        if (db is null || !pending.TryGetValue(db, out var p)) return;
        pending.Remove(db);
        p.Own?.Dispose();
    }
}
