namespace Linli.Data.Backup;

/// <summary>
/// `linli restore`: unpacks a backup into an empty data directory and checks it (<see cref="RestoreCheck"/>)
/// before it puts anything where a server would look. The files are unpacked into
/// <see cref="StagingName"/> inside the data directory and moved up only when every check passed, the database
/// file last; whatever fails, the staging directory is removed, so no half-restored directory looks whole.
/// </summary>
public static class BackupRestore
{
    public const string StagingName = ".linli-restore-incomplete";

    public sealed record Result(BackupManifest Manifest, RestoreCheck Check, bool Installed);

    /// <summary>
    /// Restores <paramref name="archive"/> into <paramref name="options"/>' data directory (SQLite), or unpacks its keys and
    /// anchors there and checks the PostgreSQL database already restored with pg_restore (<c>--db</c>). With
    /// <paramref name="verifyOnly"/> everything is unpacked into a temporary directory, checked and thrown away.
    /// Throws <see cref="RestoreRefusedException"/> or <see cref="SealedFileException"/> with a sentence for the office.
    /// </summary>
    public static async Task<Result> RestoreAsync(string archive, string passphrase, LinliOptions options, bool verifyOnly, CancellationToken ct)
    {
        var target = DatabaseTarget.From(options);
        var dataDir = Path.GetFullPath(options.DataDir);
        if (!File.Exists(archive)) throw new RestoreRefusedException($"找不到备份文件 {archive}。");
        if (!verifyOnly) EnsureEmpty(dataDir);

        using var reader = BackupArchive.Open(archive, passphrase);
        var createdDataDir = !verifyOnly && !Directory.Exists(dataDir);
        var staging = verifyOnly ? Directory.CreateTempSubdirectory("linli-verify-").FullName : Path.Combine(dataDir, StagingName);
        var installed = false;
        try
        {
            Directory.CreateDirectory(staging);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var manifest = reader.ExtractTo(staging);
            if (target.IsPostgres && manifest.HasDatabase)
                throw new RestoreRefusedException("这份备份是 SQLite 数据库的备份，不能恢复到 PostgreSQL。不加 --db 恢复到一个空的数据目录。");
            if (!target.IsPostgres && !manifest.HasDatabase)
                throw new RestoreRefusedException(manifest.Engine == "postgres"
                    ? "这份备份来自 PostgreSQL，只含密钥和审计锚点：先用 pg_restore 恢复数据库，再用 linli restore 备份文件 --db \"连接串\" --data 空目录 恢复密钥并核对（见 docs/OPERATIONS.md）。"
                    : "这份备份只含密钥和审计锚点（--keys-only），没有数据库，不能单独恢复成一个数据目录。");

            RestoreCheck check;
            await using (var db = target.IsPostgres ? target.CreateContext() : BackupArchive.OpenSqlite(Path.Combine(staging, BackupArchive.DatabaseEntry)))
                check = await RestoreCheck.RunAsync(db, staging, manifest, ct);
            if (check.Passed && !verifyOnly)
            {
                Install(staging, dataDir);
                installed = true;
            }
            return new Result(manifest, check, installed);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            if (createdDataDir && !installed && Directory.Exists(dataDir) && !Directory.EnumerateFileSystemEntries(dataDir).Any())
                Directory.Delete(dataDir);
        }
    }

    /// <summary>A data directory may receive a restore when it does not exist, is empty, or holds only an interrupted restore's staging directory.</summary>
    static void EnsureEmpty(string dataDir)
    {
        if (!Directory.Exists(dataDir)) return;
        var entries = Directory.EnumerateFileSystemEntries(dataDir).Select(Path.GetFileName).ToList();
        if (entries is [StagingName])
        {
            Directory.Delete(Path.Combine(dataDir, StagingName), recursive: true);
            return;
        }
        if (entries.Count > 0)
            throw new RestoreRefusedException($"数据目录 {dataDir} 不是空的（里面有 {string.Join("、", entries.Take(5))}{(entries.Count > 5 ? " …" : "")}）。"
                + "恢复只写入空目录，不会覆盖现有数据：请用 --data 指定一个新的空目录，核对无误后再换上。");
    }

    /// <summary>Moves the checked files up into the data directory: keys and anchors first, the database file last.</summary>
    static void Install(string staging, string dataDir)
    {
        foreach (var dir in Directory.EnumerateDirectories(staging))
            Directory.Move(dir, Path.Combine(dataDir, Path.GetFileName(dir)));
        foreach (var file in Directory.EnumerateFiles(staging).OrderBy(f => Path.GetFileName(f) == BackupArchive.DatabaseEntry))
        {
            if (Path.GetFileName(file) == BackupArchive.ManifestEntry) continue;
            File.Move(file, Path.Combine(dataDir, Path.GetFileName(file)));
        }
    }
}

/// <summary>A restore that will not start or cannot go on, for a reason the office can act on.</summary>
public sealed class RestoreRefusedException(string message) : Exception(message);
