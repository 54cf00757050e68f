using Linli.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Linli.Bench;

/// <summary>
/// A reused district starts every run as it was generated. The runs write: every run imports about 62,000 residents
/// (five timed rosters, a warm-up, the one beside the paced load), records visits and cases; a district that kept them
/// grew run by run, so runs on "the same" district compared unlike sizes (session 13: the 100,000-resident SQLite
/// district held 571,369 after six runs, docs/PERFORMANCE.md). Right after generating, the database is kept aside — the
/// SQLite file copied, on PostgreSQL a database made from it as a template — with the audit anchors beside it (they
/// must match the audit rows); a reuse puts both back before the run. A district generated before this kept nothing: its
/// present state is kept at its first reuse.
/// </summary>
static class AsGenerated
{
    const string Folder = "as-generated";

    static string Template(DatabaseTarget target) => new NpgsqlConnectionStringBuilder(target.ConnectionString).Database + "_generated";

    public static async Task KeepAsync(DatabaseTarget target, string dataDir, string? server, CancellationToken ct)
    {
        var kept = Path.Combine(dataDir, Folder);
        if (Directory.Exists(kept)) Directory.Delete(kept, recursive: true);
        Directory.CreateDirectory(kept);
        if (target.IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await BenchRun.RecreateDatabaseAsync(server!, Template(target), ct, template: new NpgsqlConnectionStringBuilder(target.ConnectionString).Database);
        }
        else
        {
            await using (var db = target.CreateContext())
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", ct);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Copy(Path.Combine(dataDir, "linli.db"), Path.Combine(kept, "linli.db"));
        }
        CopyFolder(Path.Combine(dataDir, "audit"), Path.Combine(kept, "audit"));
    }

    public static async Task RestoreAsync(DatabaseTarget target, string dataDir, string? server, TextWriter log, CancellationToken ct)
    {
        var kept = Path.Combine(dataDir, Folder);
        if (!Directory.Exists(kept))
        {
            await log.WriteLineAsync("  这个数据集生成时还没有留底：以现在的样子留底，以后每次复用都从这里开始");
            await KeepAsync(target, dataDir, server, ct);
            return;
        }
        if (target.IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await BenchRun.RecreateDatabaseAsync(server!, new NpgsqlConnectionStringBuilder(target.ConnectionString).Database!, ct, template: Template(target));
            // PostgreSQL 15 copies a template through its write-ahead log: without a checkpoint here, writing that copy out
            // fell into the first timed runs (a 10,400-row import's raw twin took 217 ms at 100,000 residents, 166 at 1,000,000).
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync(ct);
            await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection);
            await checkpoint.ExecuteNonQueryAsync(ct);
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var leftover in new[] { "linli.db-wal", "linli.db-shm" }) File.Delete(Path.Combine(dataDir, leftover));
            File.Copy(Path.Combine(kept, "linli.db"), Path.Combine(dataDir, "linli.db"), overwrite: true);
        }
        var audit = Path.Combine(dataDir, "audit");
        if (Directory.Exists(audit)) Directory.Delete(audit, recursive: true);
        CopyFolder(Path.Combine(kept, "audit"), audit);
        var unfinished = Path.Combine(dataDir, "imports-unfinished");
        if (Directory.Exists(unfinished)) Directory.Delete(unfinished, recursive: true);
        await log.WriteLineAsync("  复用的数据集已恢复到生成时的样子（之前各次运行导入和登记的数据不在了）");
        // Kept before a migration that `linli migrate` has since applied to the district: migrated again, and kept so.
        if ((await Migrator.PendingAsync(target, ct)).Count > 0)
        {
            await Migrator.ApplyAsync(target, ct);
            await KeepAsync(target, dataDir, server, ct);
            await log.WriteLineAsync("  留底的数据集升级到了当前的数据库结构，并重新留底");
        }
    }

    static void CopyFolder(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }
}
