using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Linli.Data;

/// <summary>
/// A save hook whose work belongs in the save's transaction: what it derives is written with the save or not at all. The
/// transaction is the caller's when there is one (or an earlier hook's), else one this hook opens before its work and
/// commits after the save and its <see cref="AfterAsync"/>; a failed or cancelled save disposes it, which rolls it back.
/// Both of EF's paths run the same code: with <c>sync</c> set, an implementation completes synchronously.
/// </summary>
/// <typeparam name="TState">What the hook carries from before the save to after it.</typeparam>
public abstract class TransactionalSaveHook<TState> : SaveChangesInterceptor where TState : class
{
    sealed record Pending(TState State, IDbContextTransaction? Own);

    readonly ConditionalWeakTable<DbContext, Pending> pending = new();

    /// <summary>What this save touches that the hook keeps, or null when nothing (then no transaction is opened).</summary>
    protected abstract TState? Touched(DbContext db);

    /// <summary>Inside the transaction, before the save writes.</summary>
    protected virtual Task BeforeAsync(DbContext db, TState state, bool sync, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Inside the transaction, after the save wrote and before a transaction this hook opened commits.</summary>
    protected virtual Task AfterAsync(DbContext db, TState state, bool sync, CancellationToken ct) => Task.CompletedTask;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db) StartAsync(db, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) await StartAsync(db, sync: false, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db) FinishAsync(db, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) await FinishAsync(db, sync: false, cancellationToken);
        return result;
    }

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

    async Task StartAsync(DbContext db, bool sync, CancellationToken ct)
    {
        if (Touched(db) is not { } state) return;
        var own = db.Database.CurrentTransaction is not null ? null
            : sync ? db.Database.BeginTransaction() : await db.Database.BeginTransactionAsync(ct);
        pending.AddOrUpdate(db, new Pending(state, own));
        await BeforeAsync(db, state, sync, ct);
    }

    async Task FinishAsync(DbContext db, bool sync, CancellationToken ct)
    {
        if (!pending.TryGetValue(db, out var p)) return;
        pending.Remove(db);
        try
        {
            await AfterAsync(db, p.State, sync, ct);
            if (p.Own is null) return;
            if (sync) p.Own.Commit();
            else await p.Own.CommitAsync(ct);
        }
        finally
        {
            if (p.Own is not null)
            {
                if (sync) p.Own.Dispose();
                else await p.Own.DisposeAsync();
            }
        }
    }

    void Abandon(DbContext? db)
    {
        if (db is null || !pending.TryGetValue(db, out var p)) return;
        pending.Remove(db);
        p.Own?.Dispose();
    }
}
