using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Linli.Data;

/// <summary>
/// Every SQLite connection Linli opens runs in WAL mode with a busy timeout, so the web server,
/// a CLI import and a backup can share the file. (Foreign keys are switched on by the connection string.)
/// SQLite has one writer at a time: a writer that finds the lock taken waits in SQLite's busy handler for up to the
/// busy timeout, and Microsoft.Data.Sqlite tries again until the connection's default timeout has passed. The
/// command line waits long (30 s: it is in no hurry); the server waits at most <see cref="LinliOptions.WriteWaitSeconds"/>
/// and then answers 503 with Retry-After (Web/Problems), so that a long import makes others wait, never fail with 500.
/// EF opens and closes the connection around each query, but the pool keeps the native connection, and the
/// pragmas stay set on it: they run once per native connection, not once per query (three statements in front
/// of every query otherwise — bench/, docs/PERFORMANCE.md).
/// </summary>
sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    const int MaxBusyMs = 10_000;

    /// <summary>The pragmas, with SQLite's own wait no longer than the connection's (so that a short wait stays short).</summary>
    static string Sql(DbConnection connection)
    {
        var busy = connection is Microsoft.Data.Sqlite.SqliteConnection c && c.DefaultTimeout > 0 ? Math.Min(MaxBusyMs, c.DefaultTimeout * 1000) : MaxBusyMs;
        // EF opens a file read-only to see whether it exists: switching such a connection to WAL fails ("只读") on a
        // file in rollback-journal mode (one made by sqlite3 .backup or VACUUM INTO), so it only gets the wait.
        var options = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection.ConnectionString);
        if (options.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly)
            return $"PRAGMA busy_timeout={busy};";
        // The server copies the write-ahead log back in the background (SqliteCheckpoints), not inside a writer's commit.
        var checkpoints = SqliteCheckpoints.InBackground(options.DataSource) ? " PRAGMA wal_autocheckpoint=0;" : "";
        return $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={busy};{checkpoints}";
    }

    /// <summary>The same database, with writers giving up after <paramref name="seconds"/> instead of the command line's 30.</summary>
    public static DatabaseTarget WithWriteWait(DatabaseTarget target, int seconds) =>
        target.IsPostgres ? target
            : target with { ConnectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.ConnectionString) { DefaultTimeout = Math.Max(1, seconds) }.ToString() };
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = new();

    static bool IsNew(DbConnection connection) =>
        connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, handle);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsNew(connection)) return;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql(connection);
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!IsNew(connection)) return;
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql(connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
