using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Linli.Data;

/// <summary>
/// The server's SQLite file is checkpointed here, in the background, instead of inside whichever request commits when
/// the write-ahead log passes 1,000 pages (SQLite's automatic checkpoint). That commit copied the log back into the file
/// while its writer still held the write turn (<see cref="SqliteWriteGate"/>), so every writer queued behind it waited
/// too: beside a roster import, whose batches each leave thousands of pages in the log, the paced run's writes reached a
/// p99 of 540 ms (docs/PERFORMANCE.md, session 13). The server's connections run with <c>wal_autocheckpoint=0</c>
/// (<see cref="SqlitePragmas"/>), and this service runs a PASSIVE checkpoint every <see cref="Interval"/> on its own
/// connection: it waits for no reader or writer, and writers go on appending to the log while it copies
/// (https://www.sqlite.org/wal.html#application_initiated_checkpoints). The command line keeps SQLite's automatic
/// checkpoints (no service runs there); the roster import checkpoints once at its end (RosterImport).
/// </summary>
public sealed class SqliteCheckpoints(DatabaseTarget target, ILogger<SqliteCheckpoints> log) : BackgroundService
{
    /// <summary>How often the log is copied back: short enough that it stays small, each pass a no-op when idle.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    static readonly ConcurrentDictionary<string, int> Files = new(StringComparer.Ordinal);

    /// <summary>Whether a server checkpoints <paramref name="dataSource"/> in the background (so its connections must not).</summary>
    public static bool InBackground(string dataSource) => Files.ContainsKey(dataSource);

    /// <summary>
    /// Marks the server's file as checkpointed here before its first connection opens (the pragmas are set once per
    /// native connection). Counted, for tests that run two servers on one file.
    /// </summary>
    public static void Claim(DatabaseTarget target)
    {
        if (!target.IsPostgres) Files.AddOrUpdate(DataSource(target), 1, (_, n) => n + 1);
    }

    static void Release(DatabaseTarget target)
    {
        var file = DataSource(target);
        if (Files.AddOrUpdate(file, 0, (_, n) => n - 1) <= 0) Files.TryRemove(new KeyValuePair<string, int>(file, 0));
    }

    static string DataSource(DatabaseTarget target) => new SqliteConnectionStringBuilder(target.ConnectionString).DataSource;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (target.IsPostgres) return;
        string? lastError = null;
        try
        {
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var connection = new SqliteConnection(target.ConnectionString);
                    await connection.OpenAsync(stoppingToken);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    await command.ExecuteNonQueryAsync(stoppingToken);
                    lastError = null;
                }
                catch (SqliteException e) when (!stoppingToken.IsCancellationRequested)
                {
                    // A read-only file or a full disk: the writes say so to their users (DatabaseErrors); said here once
                    // per cause, and tried again, so that the log shrinks again when the disk comes back.
                    if (e.Message != lastError) log.LogWarning("数据库的预写日志暂时写不回数据库文件（{Reason}），稍后再试", e.Message);
                    lastError = e.Message;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Release(target);
        }
    }
}
