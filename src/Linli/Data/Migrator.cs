using Microsoft.EntityFrameworkCore;

namespace Linli.Data;

/// <summary>
/// Data a module derives from other rows and keeps current itself (an aggregate), which a database from before the module's
/// table must be filled with once after its migration: a public class with a parameterless constructor in the Linli assembly,
/// found and run by <see cref="Migrator.ApplyAsync"/> after every migration, so that Data depends on no module. It must be
/// idempotent and quick when there is nothing to do (it runs on every start).
/// </summary>
public interface IFillAfterMigration
{
    Task FillAsync(LinliDb db, CancellationToken ct);
}

/// <summary>Brings a database to the current schema.</summary>
public static class Migrator
{
    static readonly IReadOnlyList<IFillAfterMigration> Fills = typeof(IFillAfterMigration).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFillAfterMigration).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal).Select(t => (IFillAfterMigration)Activator.CreateInstance(t)!).ToList();

    public static async Task<IReadOnlyList<string>> PendingAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = target.CreateContext();
        return (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
    }

    /// <summary>Applies every pending migration; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(DatabaseTarget target, CancellationToken ct)
    {
        if (!target.IsPostgres)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
        }
        await using var db = target.CreateContext();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0) await db.Database.MigrateAsync(ct);
        // Aggregates added after a database had data fill once from it.
        foreach (var fill in Fills) await fill.FillAsync(db, ct);
        return pending;
    }
}
