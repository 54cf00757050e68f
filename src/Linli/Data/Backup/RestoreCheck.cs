using System.Data.Common;
using System.Security.Cryptography;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Data.Backup;

/// <summary>
/// What a restore checks before it calls the data good: the file is a whole database of a schema this linli
/// knows, the audit log's hash chain is whole and agrees with the anchors and with the head the backup wrote
/// down, every table has the rows the backup counted, and keys/field.key opens the stored numbers. The same
/// checks run after a pg_restore (`linli restore --verify-only`).
/// </summary>
public sealed class RestoreCheck
{
    /// <summary>What is wrong, one sentence each. Empty when the data is good.</summary>
    public List<string> Failures { get; } = [];
    /// <summary>What was checked and found right, and what could not be checked.</summary>
    public List<string> Notes { get; } = [];
    public DatabaseFacts? Facts { get; private set; }
    public bool Passed => Failures.Count == 0;

    const int Sample = 5;

    /// <param name="dataDir">Where keys/ and audit/anchors.log are.</param>
    /// <param name="manifest">The backup's own account of itself; null when checking a data directory in place.</param>
    public static async Task<RestoreCheck> RunAsync(LinliDb db, string dataDir, BackupManifest? manifest, CancellationToken ct)
    {
        var check = new RestoreCheck();
        try
        {
            if (!await check.SchemaAsync(db, manifest, ct)) return check;
            check.Facts = await DatabaseFactsReader.ReadAsync(db, ct);
            await check.ChainAsync(db, dataDir, manifest, ct);
            check.Counts(manifest);
            await check.KeysAsync(db, dataDir, ct);
        }
        catch (DbException e)
        {
            check.Failures.Add($"读取数据库时出错：{e.Message}");
        }
        return check;
    }

    async Task<bool> SchemaAsync(LinliDb db, BackupManifest? manifest, CancellationToken ct)
    {
        if (db is SqliteLinliDb)
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA quick_check;";
            var result = (await cmd.ExecuteScalarAsync(ct))?.ToString();
            if (result != "ok")
            {
                Failures.Add($"数据库文件的完整性检查不通过：{result}");
                return false;
            }
        }
        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        if (applied.Count == 0)
        {
            Failures.Add("数据库里没有邻里的表（是空的数据库，或恢复到了别的数据库）。");
            return false;
        }
        var unknown = applied.Except(known).ToList();
        if (unknown.Count > 0)
        {
            Failures.Add($"数据库结构来自更新版本的邻里（迁移 {string.Join("、", unknown)} 这个版本不认得）。请用相同或更新版本的 linli 恢复。");
            return false;
        }
        var pending = known.Except(applied).ToList();
        if (manifest is { HasDatabase: true } && manifest.Facts.Schema != applied[^1])
            Failures.Add($"数据库结构版本是 {applied[^1]}，与备份说明中的 {manifest.Facts.Schema} 不同。");
        if (pending.Count > 0)
        {
            Notes.Add($"数据库结构是较旧的版本 {applied[^1]}，比这个 linli 少 {pending.Count} 个迁移：SQLite 在 linli serve 启动时自动升级，PostgreSQL 请运行 linli migrate。无法按当前版本核对其余内容。");
            return false;
        }
        Notes.Add($"数据库结构是当前版本（{applied[^1]}）。");
        return true;
    }

    async Task ChainAsync(LinliDb db, string dataDir, BackupManifest? manifest, CancellationToken ct)
    {
        var anchorsPath = AuditAnchors.FilePath(dataDir);
        var anchors = await AuditAnchorCheck.ReadAsync(anchorsPath, dataDir, ct);
        var verdict = await AuditChain.VerifyAsync(db, ct);
        if (verdict.Intact) Notes.Add(verdict.Rows == 0 ? "审计日志还没有记录。" : $"审计日志的哈希链完整：共 {verdict.Rows} 行。");
        else Failures.Add($"审计日志在第 {verdict.BrokenId} 行断裂：{verdict.Reason}");
        if (!await AuditChain.AppendOnlyGuardsInPlaceAsync(db, ct))
            Failures.Add("数据库中禁止修改和删除审计日志的触发器不见了或被停用。");

        await anchors.CompareAsync(db, ct);
        Failures.AddRange(anchors.Problems);
        if (!anchors.Found) Notes.Add(verdict.Rows == 0 ? "没有锚点文件。" : "备份中没有锚点文件（audit/anchors.log）：末尾的行有没有被整批删除，无从核对。");
        else if (anchors.Problems.Count == 0) Notes.Add($"锚点核对无误：{anchors.Anchors.Count} 条锚点与审计日志一致。");

        if (manifest?.Facts is not { AuditHeadId: { } headId, AuditHeadHash: { } headHash }) return;
        var found = await db.AuditEntries.AsNoTracking().Where(e => e.Id == headId).Select(e => e.Hash).FirstOrDefaultAsync(ct);
        if (manifest.HasDatabase)
        {
            // A snapshot is restored as it was: its head is the head.
            if (Facts!.AuditHeadId != headId || found?.Trim() != headHash)
                Failures.Add($"恢复出的审计日志末行（{Facts.HeadText}）与备份时的末行（第 {headId} 行，哈希 {headHash}）不同。");
        }
        else if (found?.Trim() != headHash)
        {
            // Keys and anchors were packed before pg_dump ran: the dump holds at least the rows they knew.
            Failures.Add(found is null
                ? $"数据库中的审计日志只到第 {Facts!.AuditHeadId ?? 0} 行，而备份密钥时已有第 {headId} 行：这份数据库比密钥备份旧，或被截断。pg_dump 应在 linli backup --keys-only 之后做。"
                : $"数据库中审计日志第 {headId} 行的哈希与备份密钥时记下的不同：这一行或它之前的行被改动过。");
        }
    }

    void Counts(BackupManifest? manifest)
    {
        if (manifest is not { HasDatabase: true }) return;
        var expected = manifest.Facts.Tables;
        var differ = expected.Keys.Union(Facts!.Tables.Keys)
            .Where(t => expected.GetValueOrDefault(t, -1) != Facts.Tables.GetValueOrDefault(t, -1))
            .Select(t => $"{t}（备份时 {expected.GetValueOrDefault(t)} 行，恢复出 {Facts.Tables.GetValueOrDefault(t)} 行）")
            .ToList();
        if (differ.Count > 0) Failures.Add($"有 {differ.Count} 张表的行数与备份时不同：{string.Join("、", differ.Take(5))}。");
        else Notes.Add($"{expected.Count} 张表的行数都与备份时相同。");
    }

    async Task KeysAsync(LinliDb db, string dataDir, CancellationToken ct)
    {
        // A few from each end of the registry: the first residents and the newest.
        var ids = await db.Residents.AsNoTracking().Where(r => r.NationalIdCipher != null).OrderBy(r => r.Id).Select(r => r.Id).Take(Sample).ToListAsync(ct);
        ids.AddRange(await db.Residents.AsNoTracking().Where(r => r.NationalIdCipher != null).OrderByDescending(r => r.Id).Select(r => r.Id).Take(Sample).ToListAsync(ct));
        ids.AddRange(await db.Residents.AsNoTracking().Where(r => r.PhoneCipher != null).OrderByDescending(r => r.Id).Select(r => r.Id).Take(Sample).ToListAsync(ct));
        var distinct = ids.Distinct().ToList();
        var residents = await db.Residents.AsNoTracking().Where(r => distinct.Contains(r.Id))
            .Select(r => new { r.Id, r.NationalIdCipher, r.NationalIdHash, r.PhoneCipher, r.PhoneHash }).ToListAsync(ct);
        var keyPath = FieldCipher.KeyPath(dataDir);
        if (residents.Count == 0)
        {
            Notes.Add(File.Exists(keyPath) ? "数据库中还没有加密的身份证号或电话，字段加密密钥无从核对。" : "数据库中还没有加密的号码，也没有字段加密密钥。");
            return;
        }
        if (!File.Exists(keyPath))
        {
            Failures.Add($"缺少字段加密密钥 keys/{FieldCipher.KeyFileName}：数据库中居民的身份证号和电话将无法读出。");
            return;
        }
        FieldCipher cipher;
        try
        {
            cipher = FieldCipher.Open(keyPath);
        }
        catch (InvalidDataException e)
        {
            Failures.Add(e.Message);
            return;
        }
        int opened = 0, wrong = 0;
        foreach (var r in residents)
        {
            foreach (var (text, hash) in new[] { (r.NationalIdCipher, r.NationalIdHash), (r.PhoneCipher, r.PhoneHash) })
            {
                if (text is null) continue;
                try
                {
                    var plain = cipher.Decrypt(text);
                    if (hash is not null && !cipher.Hash(plain).AsSpan().SequenceEqual(hash)) wrong++;
                    else opened++;
                }
                catch (CryptographicException)
                {
                    wrong++;
                }
            }
        }
        if (wrong > 0)
            Failures.Add($"字段加密密钥 keys/{FieldCipher.KeyFileName} 与数据库不是一对：抽查的 {opened + wrong} 个号码中有 {wrong} 个解不开或查找哈希不符。");
        else Notes.Add($"字段加密密钥完好：抽查 {residents.Count} 位居民的 {opened} 个身份证号和电话，都能解开，查找哈希一致。");
    }
}
