using System.Net;
using System.Net.Http.Json;
using Linli.Cli;
using Linli.Data;
using Linli.Data.Backup;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Linli.Tests.Data.BackupKit;

namespace Linli.Tests.Data;

/// <summary>
/// `linli backup` and `linli restore` on SQLite: a backup taken while the server writes restores to exactly the
/// moment of its snapshot, and every way a restore can go wrong says so in a sentence and leaves nothing behind.
/// </summary>
public class BackupRestoreTests
{
    /// <summary>The source's state after one write: every table's count, the residents' checksum, the chain's head.</summary>
    sealed record State(SortedDictionary<string, long> Tables, string Residents, string? HeadHash);

    [Fact]
    public async Task ABackupTakenWhileTheApiWritesRestoresToExactlyTheMomentOfItsSnapshot()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        using var scratch = new Scratch();
        var source = app.Database;
        var sourceFile = Path.Combine(source.DataDir, "linli.db");
        long householdId;
        await using (var db = source.Target.CreateContext())
        {
            var third = await db.OrgUnits.SingleAsync(o => o.Code == "CGJD-XFL-03");
            householdId = await db.Households.Where(h => h.GridId == third.Id).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
        }
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var anchors = app.Web.Services.GetRequiredService<AuditAnchors>();

        // One writer, so that the state read after each answer is the database's state at that moment.
        var states = new Dictionary<long, State>();
        async Task RecordAsync()
        {
            var facts = await FactsAsync(source.Options);
            await using var connection = await ReadSqliteAsync(sourceFile);
            states[facts.AuditHeadId ?? 0] = new State(facts.Tables, await ChecksumAsync(connection, "Residents"), facts.AuditHeadHash);
        }
        var written = 0;
        async Task WriteAsync()
        {
            if (written % 3 == 2)
            {
                await LinliApp.LoginAsync(app.Client(), $"visitor{written}", "wrong-password-1");   // one audit row
                await anchors.AnchorAsync(AuditAnchor.Periodic, default);
            }
            else
            {
                var first17 = $"41010219310517{written % 1000:000}";
                var created = await cadre.PostAsJsonAsync("/api/v1/residents", new
                {
                    householdId,
                    resident = new { name = $"备份测试{written}", nationalId = first17 + NationalId.CheckDigit(first17), phone = $"1390000{written % 10000:0000}", relationToHead = "Other", residenceKind = "Resident" },
                });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
            written++;
            await RecordAsync();
        }
        for (var i = 0; i < 3; i++) await WriteAsync();

        var archive = scratch.Path("drill.lnbk");
        BackupVerbs.ReadInputFrom(new StringReader(Passphrase));
        var backup = Task.Run(() => Verbs.RunAsync(["backup", "--data", source.DataDir, "--out", archive], new StringWriter(), new StringWriter()));
        var headBefore = states.Keys.Max();
        do await WriteAsync();
        while (!backup.IsCompleted);
        Assert.Equal(0, await backup);
        await WriteAsync();
        var headAfter = states.Keys.Max();

        var restoredDir = scratch.Path("restored");
        var restore = await RunCli(Passphrase, "restore", archive, "--data", restoredDir);
        Assert.True(restore.Exit == 0, restore.Err + restore.Out);
        Assert.Contains("已恢复到", restore.Out);
        Assert.Contains("哈希链完整", restore.Out);
        Assert.Contains("锚点核对无误", restore.Out);
        Assert.Contains("字段加密密钥完好", restore.Out);

        // The restored database is the source as it was after one particular write, table by table.
        var restoredOptions = new LinliOptions { DataDir = restoredDir };
        var restored = await FactsAsync(restoredOptions);
        Assert.NotNull(restored.AuditHeadId);
        // Everything written before the backup started is in it, nothing written after it ended.
        Assert.InRange(restored.AuditHeadId.Value, headBefore, headAfter - 1);
        Assert.True(states.TryGetValue(restored.AuditHeadId.Value, out var atSnapshot), $"no recorded state ends at audit row {restored.AuditHeadId}");
        Assert.Equal(atSnapshot.Tables, restored.Tables);
        Assert.Equal(atSnapshot.HeadHash, restored.AuditHeadHash);
        await using (var connection = await ReadSqliteAsync(Path.Combine(restoredDir, "linli.db")))
            Assert.Equal(atSnapshot.Residents, await ChecksumAsync(connection, "Residents"));
        Assert.Contains($"居民 {restored.Residents} 人，户 {restored.Households} 户，审计日志 {restored.AuditRows} 行", restore.Out);
        Assert.Contains($"第 {restored.AuditHeadId} 行，哈希 {restored.AuditHeadHash}", restore.Out);

        // The restored directory is a whole data directory: the audit verb agrees, and the keys are the source's.
        var verifyRestored = await RunCli(null, "audit", "verify", "--data", restoredDir);
        Assert.True(verifyRestored.Exit == 0, verifyRestored.Err);
        Assert.Contains("锚点核对无误", verifyRestored.Out);
        Assert.Equal(await File.ReadAllBytesAsync(FieldCipher.KeyPath(source.DataDir)), await File.ReadAllBytesAsync(FieldCipher.KeyPath(restoredDir)));
        Assert.Equal(await File.ReadAllBytesAsync(AuditAnchors.KeyPath(source.DataDir)), await File.ReadAllBytesAsync(AuditAnchors.KeyPath(restoredDir)));
        Assert.False(Directory.Exists(Path.Combine(restoredDir, BackupRestore.StagingName)));
        Assert.Empty(Directory.EnumerateFiles(source.DataDir, ".backup-*"));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));
    }

    [Fact]
    public async Task AWeakOrMissingPassphraseIsRefusedAndNoFileIsLeft()
    {
        await using var database = await SmallStreetAsync();
        using var scratch = new Scratch();
        var archive = scratch.Path("b.lnbk");

        var weak = await RunCli("linli2026", On(database, "backup", "--out", archive));
        Assert.Equal(1, weak.Exit);
        Assert.Contains("备份口令太弱：只有 9 个字", weak.Err);
        foreach (var bad in new[] { "123456789012345", "aaaaaaaaaaaaaaaa", "abababababab" })
            Assert.Contains("备份口令太弱", (await RunCli(bad, On(database, "backup", "--out", archive))).Err);
        var none = await RunCli("", On(database, "backup", "--out", archive));
        Assert.Equal(2, none.Exit);
        Assert.Contains("没有读到口令", none.Err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Dir));

        // A Chinese sentence is a good passphrase; a file already there is not overwritten.
        Assert.Equal(0, (await RunCli(Passphrase, On(database, "backup", "--out", archive))).Exit);
        var again = await RunCli(Passphrase, On(database, "backup", "--out", archive));
        Assert.Equal(1, again.Exit);
        Assert.Contains("已经存在，备份不会覆盖它", again.Err);
    }

    [Fact]
    public async Task AWrongPassphraseADamagedFileOrAFullDirectoryIsRefusedInASentenceAndNothingIsWritten()
    {
        await using var database = await SmallStreetAsync();
        using var scratch = new Scratch();
        var archive = scratch.Path("b.lnbk");
        var made = await RunCli(Passphrase, On(database, "backup", "--out", archive));
        Assert.True(made.Exit == 0, made.Err);
        Assert.Contains("居民 3 人", made.Out);
        var bytes = await File.ReadAllBytesAsync(archive);
        var target = scratch.Path("target");

        async Task RefusedAsync(string file, string passphrase, string says)
        {
            var result = await RunCli(passphrase, "restore", file, "--data", target);
            Assert.Equal(1, result.Exit);
            Assert.Contains(says, result.Err);
            Assert.Contains("没有恢复任何文件", result.Err);
            Assert.DoesNotContain("   at ", result.Err);
            Assert.False(Directory.Exists(target), $"{says}: the target was left behind");
        }

        await RefusedAsync(archive, "不是这个口令不是这个口令", "口令不对");
        var cut = scratch.Path("cut.lnbk");
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length * 2 / 3)]);
        await RefusedAsync(cut, Passphrase, "备份文件不完整");
        var lastChunkGone = scratch.Path("short.lnbk");
        await File.WriteAllBytesAsync(lastChunkGone, bytes[..^1]);
        await RefusedAsync(lastChunkGone, Passphrase, "备份文件不完整");
        var flipped = scratch.Path("flipped.lnbk");
        var damaged = bytes.ToArray();
        damaged[damaged.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(flipped, damaged);
        await RefusedAsync(flipped, Passphrase, "备份文件已损坏");
        var appended = scratch.Path("appended.lnbk");
        await File.WriteAllBytesAsync(appended, bytes.Concat("more"u8.ToArray()).ToArray());
        await RefusedAsync(appended, Passphrase, "结尾之后还多出了数据");
        var missing = await RunCli(Passphrase, "restore", scratch.Path("nowhere.lnbk"), "--data", target);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("找不到备份文件", missing.Err);
        var notABackup = scratch.Path("notes.lnbk");
        await File.WriteAllTextAsync(notABackup, "这只是一份文字笔记，不是备份。");
        await RefusedAsync(notABackup, Passphrase, "这不是邻里的备份文件");

        // A directory with anything in it is never written into.
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "linli.db"), "the office's current data");
        var full = await RunCli(Passphrase, "restore", archive, "--data", target);
        Assert.Equal(1, full.Exit);
        Assert.Contains($"数据目录 {target} 不是空的（里面有 linli.db）", full.Err);
        Assert.Equal(["linli.db"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal("the office's current data", await File.ReadAllTextAsync(Path.Combine(target, "linli.db")));

        // An empty directory is fine, and the archive that was refused above restores whole.
        File.Delete(Path.Combine(target, "linli.db"));
        var restored = await RunCli(Passphrase, "restore", archive, "--data", target);
        Assert.True(restored.Exit == 0, restored.Err);
        Assert.Contains("居民 3 人", restored.Out);
        Assert.Contains("审计日志 2 行", restored.Out);
        Assert.Equal(0, (await RunCli(null, "audit", "verify", "--data", target)).Exit);
        var inPlace = await RunCli(null, "restore", "--verify-only", "--data", target);
        Assert.True(inPlace.Exit == 0, inPlace.Err + inPlace.Out);
        Assert.Contains("核对无误", inPlace.Out);
    }

    [Fact]
    public async Task ARestoreWhoseKeyOrAuditChainDoesNotFitSaysWhatFailedAndLeavesNothing()
    {
        await using var database = await SmallStreetAsync();
        using var scratch = new Scratch();

        // The field key of another installation, copied over by mistake before the backup.
        var keyPath = FieldCipher.KeyPath(database.DataDir);
        var rightKey = await File.ReadAllBytesAsync(keyPath);
        await File.WriteAllBytesAsync(keyPath, System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        var wrongKey = scratch.Path("wrong-key.lnbk");
        Assert.Equal(0, (await RunCli(Passphrase, On(database, "backup", "--out", wrongKey))).Exit);
        await File.WriteAllBytesAsync(keyPath, rightKey);
        var target = scratch.Path("target");
        var keyResult = await RunCli(Passphrase, "restore", wrongKey, "--data", target);
        Assert.Equal(1, keyResult.Exit);
        Assert.Contains("字段加密密钥 keys/field.key 与数据库不是一对", keyResult.Err);
        Assert.Contains("核对没有通过，没有恢复任何文件", keyResult.Err);
        Assert.False(Directory.Exists(target));

        // An audit row edited with the guards switched off.
        await using (var db = database.Target.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_update;");
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Detail" = '改过了' WHERE "Id" = 1""");
            await db.Database.ExecuteSqlRawAsync("""CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, 'x'); END;""");
        }
        var edited = scratch.Path("edited.lnbk");
        Assert.Equal(0, (await RunCli(Passphrase, On(database, "backup", "--out", edited))).Exit);
        var chainResult = await RunCli(Passphrase, "restore", edited, "--data", target);
        Assert.Equal(1, chainResult.Exit);
        Assert.Contains("审计日志在第 1 行断裂", chainResult.Err);
        Assert.False(Directory.Exists(target));

        // Checking a backup touches nothing either way.
        var verifyOnly = await RunCli(Passphrase, "restore", edited, "--verify-only", "--data", target);
        Assert.Equal(1, verifyOnly.Exit);
        Assert.False(Directory.Exists(target));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task KeysOnlyBackupsCarryTheKeysAndAnchorsButNoDatabase(string engine)
    {
        await using var database = await SmallStreetAsync(engine);
        using var scratch = new Scratch();
        var archive = scratch.Path("keys.lnbk");
        var args = engine == TestDatabase.Postgres ? On(database, "backup", "--out", archive) : On(database, "backup", "--out", archive, "--keys-only");
        var made = await RunCli(Passphrase, args);
        Assert.True(made.Exit == 0, made.Err);
        Assert.Contains("密钥和审计锚点已备份", made.Out);
        if (engine == TestDatabase.Postgres) Assert.Contains("pg_dump", made.Out);

        using var reader = BackupArchive.Open(archive, Passphrase);
        var unpacked = scratch.Path("unpacked");
        Directory.CreateDirectory(unpacked);
        var manifest = reader.ExtractTo(unpacked);
        Assert.False(manifest.HasDatabase);
        Assert.False(File.Exists(Path.Combine(unpacked, "linli.db")));
        Assert.Equal(await File.ReadAllBytesAsync(FieldCipher.KeyPath(database.DataDir)), await File.ReadAllBytesAsync(FieldCipher.KeyPath(unpacked)));
        Assert.Equal(await File.ReadAllBytesAsync(AuditAnchors.FilePath(database.DataDir)), await File.ReadAllBytesAsync(AuditAnchors.FilePath(unpacked)));

        if (engine == TestDatabase.Sqlite)
        {
            var alone = await RunCli(Passphrase, "restore", archive, "--data", scratch.Path("target"));
            Assert.Equal(1, alone.Exit);
            Assert.Contains("只含密钥和审计锚点", alone.Err);
            Assert.False(Directory.Exists(scratch.Path("target")));
        }
    }
}
