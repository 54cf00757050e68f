using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Linli.Data;

/// <summary>Turns the errors of opening a database into one sentence a system administrator can act on.</summary>
public static class DatabaseErrors
{
    public static string? Explain(Exception e, DatabaseTarget target)
    {
        var where = target.Describe();
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SqliteException { SqliteErrorCode: 26 }:
                    return $"{where} 不是 SQLite 数据库，或者文件已损坏。请从备份恢复，或换一个 --data 目录。";
                case SqliteException { SqliteErrorCode: 14 }:
                    return $"无法打开 {where}：文件或其所在目录不存在或不可写。请检查 --data 目录的路径和权限。";
                case SqliteException { SqliteErrorCode: 8 }:
                    return $"{where} 是只读的，无法写入。请检查文件权限，以及它所在的磁盘是否被挂载为只读。";
                case SqliteException { SqliteErrorCode: 13 }:
                case SqliteException { SqliteErrorCode: 10 } when OutOfSpace(target):
                case PostgresException { SqlState: "53100" }:
                    return $"{where} 所在的磁盘已满，无法写入。请清理磁盘或扩容后再试；已写入的数据没有受损。";
                case SqliteException { SqliteErrorCode: 10 }:
                    return $"读写 {where} 时磁盘出错（{x.Message}）。请检查磁盘是否已满、是否变为只读或已损坏。";
                case PostgresException { SqlState: "25006" }:
                    return $"{where} 处于只读状态（只读事务或备用服务器），无法写入。请连接可写的主服务器。";
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                    return $"{where} 正被另一个程序锁定。请确认没有别的程序在写这个文件。";
                case PostgresException { SqlState: "28P01" }:
                    return $"无法登录 {where}：用户名或密码不正确。请检查 --db 或 LINLI_DB 中的 Username 和 Password。";
                case PostgresException { SqlState: "3D000" }:
                    return $"{where} 不存在。请先在 PostgreSQL 中创建该数据库。";
                case PostgresException pg:
                    return $"{where} 报告错误：{pg.MessageText}（{pg.SqlState}）。";
                case SocketException:
                case NpgsqlException { InnerException: SocketException or TimeoutException }:
                    return $"无法连接 {where}：服务器没有响应或拒绝连接。请检查 PostgreSQL 是否在运行，以及 --db 或 LINLI_DB 中的地址和端口。";
                case ArgumentException when x.Message.Contains("connection string", StringComparison.OrdinalIgnoreCase)
                                             || x.Message.Contains("Keyword", StringComparison.Ordinal):
                    return $"数据库连接串无法识别：{x.Message}";
            }
        }
        return StorageErrors.Explain(e);
    }

    /// <summary>
    /// True when a write broke the unique index of <paramref name="table"/>.<paramref name="column"/> (EF's index name
    /// IX_Table_Column): another writer registered the same value first. SQLite names the column, PostgreSQL the index.
    /// </summary>
    public static bool IsUniqueViolation(Exception e, string table, string column)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 } s:
                    return s.Message.Contains($"{table}.{column}", StringComparison.Ordinal);
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg:
                    return pg.ConstraintName == $"IX_{table}_{column}";
            }
        }
        return false;
    }

    /// <summary>The ID number being written is registered already (the unique index on Residents.NationalIdHash).</summary>
    public static bool IsNationalIdTaken(Exception e) => IsUniqueViolation(e, "Residents", "NationalIdHash");

    /// <summary>
    /// Faults that stop writes while the server runs, and that pass without a restart when the disk or the
    /// file comes back: a read-only file or disk, a full disk, a database busy beyond the wait, one that
    /// cannot be reached. Null for anything else (a bug stays a 500).
    /// </summary>
    /// <param name="target">The database the error came from, when known: a SQLite I/O error on a file system with no
    /// space left is then <see cref="DatabaseFault.Full"/> (see <see cref="OutOfSpace"/>).</param>
    public static DatabaseFault? Transient(Exception e, DatabaseTarget? target = null)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SqliteException { SqliteErrorCode: 8 }:
                case PostgresException { SqlState: "25006" }:
                    return DatabaseFault.ReadOnly;
                case SqliteException { SqliteErrorCode: 13 }:
                case SqliteException { SqliteErrorCode: 10 } when target is not null && OutOfSpace(target):
                case PostgresException { SqlState: "53100" }:
                    return DatabaseFault.Full;
                case SqliteException { SqliteErrorCode: 10 or 14 }:
                    return DatabaseFault.Storage;
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                    return DatabaseFault.Busy;
                case IOException io when StorageErrors.IsStorageFull(io) || StorageErrors.IsReadOnly(io):
                    return StorageErrors.IsStorageFull(io) ? DatabaseFault.Full : DatabaseFault.ReadOnly;
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" }:
                case SocketException:
                case NpgsqlException { InnerException: SocketException or TimeoutException }:
                    return DatabaseFault.Unreachable;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether the file system that holds a SQLite database has (almost) no space left: under 1 MiB, less than a page
    /// of the WAL index and a few pages of the log. SQLite reports some writes refused for want of space as a disk I/O
    /// error rather than SQLITE_FULL — growing the WAL index (SQLITE_IOERR_SHMSIZE), a write the system cut short
    /// (SQLITE_IOERR_WRITE) — so an I/O error there is taken for the full disk it is, and the sentence says what to do.
    /// False for PostgreSQL (its server reports 53100 itself) and when the free space cannot be read.
    /// </summary>
    public static bool OutOfSpace(DatabaseTarget target)
    {
        if (target.IsPostgres) return false;
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(target.ConnectionString).DataSource));
            return dir is not null && Directory.Exists(dir) && new DriveInfo(dir).AvailableFreeSpace < 1024 * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// A connection SQLite opened while the file was read-only stays read-only for its life, and so does a
    /// PostgreSQL session that began read-only (a standby, default_transaction_read_only): dropping the pooled
    /// connections lets the next request connect afresh, so that a server recovers without a restart.
    /// </summary>
    public static void ForgetPooledConnections(DatabaseFault fault)
    {
        if (fault is DatabaseFault.ReadOnly or DatabaseFault.Storage) SqliteConnection.ClearAllPools();
        if (fault is DatabaseFault.ReadOnly or DatabaseFault.Unreachable) NpgsqlConnection.ClearAllPools();
    }
}

/// <summary>Why the database cannot take writes just now; each kind has its sentence (Web/DatabaseFaults).</summary>
public enum DatabaseFault { ReadOnly, Full, Storage, Busy, Unreachable }

/// <summary>Files the verbs and the server write (keys, anchors, exports): a full or read-only disk in one sentence.</summary>
public static class StorageErrors
{
    const int NoSpace = 28, ReadOnlyFileSystem = 30, QuotaExceeded = 122;

    public static bool IsStorageFull(IOException e) => e.HResult is NoSpace or QuotaExceeded || e.HResult == unchecked((int)0x80070070);

    public static bool IsReadOnly(IOException e) => e.HResult == ReadOnlyFileSystem;

    public static string? Explain(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case IOException io when IsStorageFull(io):
                    return $"磁盘已满，无法写入{Where(io)}。请清理数据目录所在的磁盘或扩容后再试。";
                case IOException io when IsReadOnly(io):
                    return $"磁盘是只读的，无法写入{Where(io)}。请检查数据目录所在的磁盘是否被挂载为只读。";
                case UnauthorizedAccessException denied:
                    return $"没有权限：{denied.Message}。请检查数据目录及其中文件的所有者和权限。";
                case DirectoryNotFoundException missing:
                    return $"目录不存在：{missing.Message}";
            }
        }
        return null;
    }

    /// <summary>The path .NET names at the end of the message (“No space left on device : '/data/x'”).</summary>
    static string Where(IOException e) =>
        e.Message.LastIndexOf(" : '", StringComparison.Ordinal) is var at and >= 0 && e.Message.EndsWith('\'') ? " " + e.Message[(at + 4)..^1] : "";
}
