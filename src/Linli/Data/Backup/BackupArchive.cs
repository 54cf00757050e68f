using System.Formats.Tar;
using System.IO.Compression;
using Linli.Features.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Linli.Data.Backup;

/// <summary>
/// A backup: one file that holds the database snapshot, the keys (keys/field.key, keys/audit-anchor.key) and
/// the audit anchors (audit/anchors.log), as a tar stream, gzip-compressed, sealed under the office's
/// passphrase (<see cref="SealedFile"/>). The keys travel with the data because without them the ID and phone
/// numbers are lost; they travel sealed because with them in clear the backup would be a leak.
/// </summary>
public static class BackupArchive
{
    public const string ManifestEntry = "manifest.json", DatabaseEntry = "linli.db",
        FieldKeyEntry = "keys/field.key", AnchorKeyEntry = "keys/audit-anchor.key", AnchorsEntry = "audit/anchors.log";
    public const string Extension = ".lnbk";
    static readonly string[] Known = [ManifestEntry, DatabaseEntry, FieldKeyEntry, AnchorKeyEntry, AnchorsEntry];

    /// <summary>linli-backup-2026-11-30-0215.lnbk</summary>
    public static string DefaultFileName(DateTime local) => $"linli-backup-{local:yyyy-MM-dd-HHmm}{Extension}";

    public sealed record Created(string Path, long Bytes, BackupManifest Manifest);

    /// <summary>
    /// Writes the backup of <paramref name="options"/>' data to <paramref name="outPath"/>: on SQLite a snapshot
    /// taken with SQLite's online backup while the server may go on writing; on PostgreSQL, or with
    /// <paramref name="keysOnly"/>, the keys and anchors alone (the database travels as a pg_dump). The file appears
    /// under its name only when it is complete.
    /// </summary>
    public static async Task<Created> CreateAsync(LinliOptions options, string outPath, string passphrase, bool keysOnly,
        int iterations = SealedFile.DefaultIterations, CancellationToken ct = default)
    {
        var target = DatabaseTarget.From(options);
        var dataDir = Path.GetFullPath(options.DataDir);
        // The anchors before the database: every anchor then names a row the snapshot holds.
        var anchors = await ReadSharedAsync(AuditAnchors.FilePath(dataDir), ct);
        var fieldKey = File.Exists(FieldCipher.KeyPath(dataDir)) ? await File.ReadAllBytesAsync(FieldCipher.KeyPath(dataDir), ct) : null;
        var anchorKey = File.Exists(AuditAnchors.KeyPath(dataDir)) ? await File.ReadAllBytesAsync(AuditAnchors.KeyPath(dataDir), ct) : null;
        var withDatabase = !target.IsPostgres && !keysOnly;

        string? snapshot = null;
        var partial = outPath + ".partial";
        try
        {
            DatabaseFacts facts;
            if (withDatabase)
            {
                snapshot = await Task.Run(() => SnapshotSqlite(SqliteFile(target), dataDir), ct);
                await using var db = OpenSqlite(snapshot);
                facts = await DatabaseFactsReader.ReadAsync(db, ct);
            }
            else
            {
                await using var db = target.CreateContext();
                facts = await DatabaseFactsReader.ReadAsync(db, ct);
            }
            var manifest = new BackupManifest
            {
                CreatedUtc = DateTime.UtcNow, Engine = target.IsPostgres ? "postgres" : "sqlite", HasDatabase = withDatabase,
                Host = Environment.MachineName, Facts = facts,
            };

            await Task.Run(() =>
            {
                using var file = new FileStream(partial, OwnerOnly(FileMode.CreateNew, FileAccess.Write));
                using (var sealedStream = SealedFile.Seal(file, passphrase, iterations))
                using (var gzip = new GZipStream(sealedStream, CompressionLevel.Fastest))
                using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
                {
                    Add(tar, ManifestEntry, manifest.ToBytes());
                    if (snapshot is not null) tar.WriteEntry(snapshot, DatabaseEntry);
                    if (fieldKey is not null) Add(tar, FieldKeyEntry, fieldKey);
                    if (anchorKey is not null) Add(tar, AnchorKeyEntry, anchorKey);
                    if (anchors is not null) Add(tar, AnchorsEntry, anchors);
                }
                file.Flush(flushToDisk: true);
            }, ct);
            File.Move(partial, outPath, overwrite: false);
            return new Created(outPath, new FileInfo(outPath).Length, manifest);
        }
        finally
        {
            if (snapshot is not null)
                foreach (var file in new[] { snapshot, snapshot + "-wal", snapshot + "-shm" }) File.Delete(file);
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    static void Add(TarWriter tar, string name, byte[] bytes)
    {
        using var data = new MemoryStream(bytes);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
    }

    internal static string SqliteFile(DatabaseTarget target) => new SqliteConnectionStringBuilder(target.ConnectionString).DataSource;

    /// <summary>
    /// SQLite's online backup into a file beside the database (readable by its owner only, like the database itself):
    /// one step under one read transaction, which in WAL mode lets the server go on writing and sees none of it.
    /// </summary>
    static string SnapshotSqlite(string databaseFile, string dataDir)
    {
        if (!File.Exists(databaseFile)) throw new FileNotFoundException($"找不到数据库文件 {databaseFile}。请检查 --data 目录。", databaseFile);
        var snapshot = Path.Combine(dataDir, $".backup-{Guid.NewGuid():N}.db");
        using (new FileStream(snapshot, OwnerOnly(FileMode.CreateNew, FileAccess.Write))) { }
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        source.Open();
        using (var busy = source.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout=10000;";
            busy.ExecuteNonQuery();
        }
        using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString());
        copy.Open();
        // The copy keeps the source's WAL mode (EF opens a database read-only to see whether it exists, and a read-only
        // connection cannot switch a rollback-journal file to WAL); it is written straight into the file, no -wal beside it.
        source.BackupDatabase(copy);
        return snapshot;
    }

    /// <summary>A context over an SQLite file that changes nothing about it (no WAL switch, no pool): for a snapshot or a restore being checked.</summary>
    internal static SqliteLinliDb OpenSqlite(string file) =>
        new(new DbContextOptionsBuilder<SqliteLinliDb>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, ForeignKeys = true }.ToString(), b => b.MigrationsHistoryTable("__migrations"))
            .Options);

    internal static FileStreamOptions OwnerOnly(FileMode mode, FileAccess access)
    {
        var o = new FileStreamOptions { Mode = mode, Access = access };
        if (!OperatingSystem.IsWindows()) o.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return o;
    }

    /// <summary>Reads a file a server may be appending to (it holds the file exclusively for one write): wait for it briefly.</summary>
    static async Task<byte[]?> ReadSharedAsync(string path, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (!File.Exists(path)) return null;
            try
            {
                await using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var copy = new MemoryStream();
                await f.CopyToAsync(copy, ct);
                return copy.ToArray();
            }
            catch (IOException) when (attempt < 100)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), ct);
            }
        }
    }

    /// <summary>
    /// Opens a backup file: checks the passphrase at once (before anything is written anywhere), then
    /// <see cref="BackupReader.ExtractTo"/> unpacks it.
    /// </summary>
    public static BackupReader Open(string path, string passphrase)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new BackupReader(file, SealedFile.Open(file, passphrase));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    internal static bool IsKnown(string name) => Known.Contains(name, StringComparer.Ordinal);
}

/// <summary>An opened backup file whose passphrase was right.</summary>
public sealed class BackupReader(FileStream file, Stream plain) : IDisposable
{
    /// <summary>
    /// Unpacks every entry into <paramref name="dir"/> (files readable by the owner only) and returns the manifest.
    /// Reads to the very end, so that a file cut short or added to is caught even after the last entry.
    /// </summary>
    public BackupManifest ExtractTo(string dir)
    {
        BackupManifest? manifest = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var gzip = new GZipStream(plain, CompressionMode.Decompress, leaveOpen: true);
            using (var tar = new TarReader(gzip, leaveOpen: true))
            {
                while (tar.GetNextEntry() is { } entry)
                {
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !BackupArchive.IsKnown(entry.Name) || !seen.Add(entry.Name))
                        throw Damaged($"里面有不该有的内容“{entry.Name}”");
                    var path = Path.Combine(dir, entry.Name);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using (var output = new FileStream(path, BackupArchive.OwnerOnly(FileMode.CreateNew, FileAccess.Write)))
                        entry.DataStream?.CopyTo(output);
                    if (entry.Name == BackupArchive.ManifestEntry)
                        manifest = BackupManifest.Parse(File.ReadAllBytes(path)) ?? throw Damaged("其中的说明（manifest.json）读不懂");
                }
            }
            gzip.CopyTo(Stream.Null);
            plain.CopyTo(Stream.Null);
        }
        catch (InvalidDataException e)
        {
            throw Damaged($"解压失败（{e.Message}）");
        }
        if (manifest is null) throw Damaged("缺少说明（manifest.json）");
        if (manifest.HasDatabase && !seen.Contains(BackupArchive.DatabaseEntry)) throw Damaged("说明里写着有数据库，却没有 linli.db");
        return manifest;
    }

    static SealedFileException Damaged(string what) => new($"备份文件已损坏：{what}。请换一份备份。", wrongPassphrase: false);

    public void Dispose()
    {
        plain.Dispose();
        file.Dispose();
    }
}
