using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Linli.Data;

/// <summary>
/// Every SQLite connection Linli opens runs in WAL mode with a busy timeout, so the web server,
/// a CLI import and a backup can share the file. (Foreign keys are switched on by the connection string.)
/// EF opens and closes the connection around each query, but the pool keeps the native connection, and the
/// pragmas stay set on it: they run once per native connection, not once per query (three statements in front
/// of every query otherwise — bench/, docs/PERFORMANCE.md).
/// </summary>
sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    const string Sql = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = new();

    static bool IsNew(DbConnection connection) =>
        connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, handle);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsNew(connection)) return;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!IsNew(connection)) return;
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
