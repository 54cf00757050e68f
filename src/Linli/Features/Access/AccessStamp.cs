using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Access;

/// <summary>
/// One row whose <see cref="Stamp"/> changes whenever a role assignment or the org-unit tree changes, like an
/// account's security stamp. Every request reads it (with the account, in one query); a server whose cached areas
/// were built under another stamp drops them (<see cref="AreaCache"/>). So several servers share invalidation
/// through the database, and a revoked role bites at the very next request on every server.
/// A new random value rather than "+ 1": it needs no read, cannot be lost to two writers at once, and is written
/// by the same SaveChanges, in the same transaction, as the change it announces (<see cref="AccessStampInterceptor"/>).
/// </summary>
public sealed class AccessStamp
{
    public const long RowId = 1;
    public long Id { get; set; }
    public long Stamp { get; set; }

    public static long NewStamp() => Random.Shared.NextInt64(1, long.MaxValue);
}

sealed class AccessStampConfiguration : IEntityTypeConfiguration<AccessStamp>
{
    public void Configure(EntityTypeBuilder<AccessStamp> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasData(new AccessStamp { Id = AccessStamp.RowId, Stamp = 1 });
    }
}

/// <summary>
/// Renews the <see cref="AccessStamp"/> in every SaveChanges that adds, changes or removes a role assignment or an
/// org unit. Bulk writes that bypass the change tracker (ExecuteUpdate, raw SQL) must call <see cref="RenewAsync"/>.
/// </summary>
public sealed class AccessStampInterceptor : SaveChangesInterceptor
{
    public static readonly AccessStampInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db) Renew(db);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) Renew(db);
        return ValueTask.FromResult(result);
    }

    static void Renew(DbContext db)
    {
        static bool Changed(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry e) => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted;
        if (!db.ChangeTracker.Entries<RoleAssignment>().Any(Changed) && !db.ChangeTracker.Entries<OrgUnit>().Any(Changed)) return;
        var row = db.ChangeTracker.Entries<AccessStamp>().FirstOrDefault()?.Entity;
        if (row is null)
        {
            row = new AccessStamp { Id = AccessStamp.RowId };
            db.Attach(row);
        }
        row.Stamp = AccessStamp.NewStamp();
        db.Entry(row).Property(s => s.Stamp).IsModified = true;
    }

    /// <summary>For writes that go past SaveChanges: call it in the same transaction.</summary>
    public static Task<int> RenewAsync(Data.LinliDb db, CancellationToken ct)
    {
        var stamp = AccessStamp.NewStamp();
        return db.Set<AccessStamp>().Where(s => s.Id == AccessStamp.RowId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Stamp, stamp), ct);
    }
}
