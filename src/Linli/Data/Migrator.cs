using Microsoft.EntityFrameworkCore;

namespace Linli.Data;

/// <summary>Brings a database to the current schema.</summary>
public static class Migrator
{
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
        await Features.Visits.VisitStandings.FillIfMissingAsync(db, ct);
        return pending;
    }
}
