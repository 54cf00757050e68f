using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Linli.Data;

/// <summary>
/// Optimistic concurrency for the records people edit (residents, households, labels): each has an integer
/// <c>Version</c> configured as a concurrency token. Before every save this adds one to the version of each
/// such row being changed, so EF writes <c>UPDATE … SET Version = n+1 WHERE Id = … AND Version = n</c>: a
/// writer who read an older version changes nothing and gets <see cref="DbUpdateConcurrencyException"/>.
/// A plain column rather than PostgreSQL's xmin keeps both engines alike.
/// </summary>
public sealed class RowVersions : SaveChangesInterceptor
{
    public const string Column = "Version";
    public static readonly RowVersions Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    static void Stamp(DbContext? db)
    {
        if (db is null) return;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Modified || entry.Metadata.FindProperty(Column) is not { IsConcurrencyToken: true }) continue;
            var version = entry.Property(Column);
            version.CurrentValue = (int)version.OriginalValue! + 1;
            version.IsModified = true;
        }
    }

    /// <summary>Marks <paramref name="entry"/> as changed even when only rows beside it changed (its labels), so its version moves.</summary>
    public static void Touch(EntityEntry entry) => entry.Property(Column).IsModified = true;
}
