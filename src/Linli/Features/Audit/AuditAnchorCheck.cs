using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Linli.Data;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Audit;

/// <summary>
/// `linli audit verify`'s second half: the anchors in a file, each checked first against its MAC and then
/// against the database, where the anchored row must still be, with the same hash.
/// Read the file before the database: every anchor in it was then taken from rows already committed,
/// so a server writing rows and anchors while the check runs cannot make it fail.
/// </summary>
public sealed class AuditAnchorCheck
{
    public string Path { get; }
    public bool Found { get; private init; }
    /// <summary>Anchors whose MAC is right, with their line numbers.</summary>
    public IReadOnlyList<(int Line, AuditAnchor Anchor)> Anchors { get; private init; } = [];
    /// <summary>What is wrong with the file itself: lines with a wrong MAC, lines that are not anchors, a missing key.</summary>
    public List<string> Problems { get; } = [];
    /// <summary>The last line had no line end: a writer was in the middle of it, or stopped in the middle of it. Not checked.</summary>
    public bool UnfinishedLastLine { get; private init; }

    AuditAnchorCheck(string path) => Path = path;

    /// <summary>Reads and authenticates the anchors of <paramref name="path"/> with the key of <paramref name="dataDir"/>.</summary>
    public static async Task<AuditAnchorCheck> ReadAsync(string path, string dataDir, CancellationToken ct)
    {
        if (!File.Exists(path)) return new AuditAnchorCheck(path);
        var text = await ReadSharedAsync(path, ct);
        var lines = text.Split('\n');
        // Split leaves "" after a final line end; anything else there is a line still being written.
        var unfinished = lines[^1].Length > 0;
        var keyPath = AuditAnchors.KeyPath(dataDir);
        var key = File.Exists(keyPath) ? KeyFile.Read(keyPath, AuditAnchors.KeyLength) : null;
        var anchors = new List<(int, AuditAnchor)>();
        var check = new AuditAnchorCheck(path) { Found = true, Anchors = anchors, UnfinishedLastLine = unfinished };
        if (key is null && lines.Length > 1)
            check.Problems.Add($"找不到锚点密钥 {keyPath}：无法确认锚点没有被改动。锚点密钥应与字段加密密钥一起保存在数据目录的 keys/ 下。");
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            if (AuditAnchor.Parse(line) is not { } parsed)
            {
                check.Problems.Add($"锚点文件第 {i + 1} 行无法识别（不是锚点记录）：{Shorten(line)}");
                continue;
            }
            if (key is not null && !CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(AuditAnchor.Mac(key, parsed.Content)), Encoding.ASCII.GetBytes(parsed.Mac)))
            {
                check.Problems.Add($"锚点文件第 {i + 1} 行的校验码不对：这一行被改动过，或不是用本数据目录的锚点密钥写的。内容：{Shorten(line)}");
                continue;
            }
            anchors.Add((i + 1, parsed.Anchor));
        }
        return check;
    }

    /// <summary>
    /// Compares every anchored (id, hash) with the database. Adds one problem for the lowest anchor that does
    /// not fit — "审计日志在第 N 条之后被截断或改动：…", N being the last row still vouched for — and counts the others.
    /// </summary>
    public async Task CompareAsync(LinliDb db, CancellationToken ct)
    {
        var distinct = Anchors.Select(a => a.Anchor).DistinctBy(a => (a.Id, a.Hash)).OrderBy(a => a.Id).ToList();
        if (distinct.Count == 0) return;
        var last = await db.AuditEntries.AsNoTracking().MaxAsync(e => (long?)e.Id, ct) ?? 0;
        var inDatabase = new Dictionary<long, string>();
        foreach (var chunk in distinct.Select(a => a.Id).Where(id => id <= last).Distinct().Chunk(500))
        {
            var ids = chunk.ToList();
            foreach (var row in await db.AuditEntries.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.Hash }).ToListAsync(ct))
                inDatabase[row.Id] = row.Hash.Trim();
        }
        var wrong = distinct.Where(a => !inDatabase.TryGetValue(a.Id, out var hash) || hash != a.Hash).ToList();
        if (wrong.Count == 0) return;

        var first = wrong[0];
        var anchored = $"锚点记录第 {first.Id} 条（哈希 {first.Hash[..16]}…）于 {Local(first.TimeUtc)}（{first.KindLabel}，{first.Writer}）";
        string what;
        if (!inDatabase.TryGetValue(first.Id, out var found))
        {
            var upTo = Math.Min(last, first.Id - 1);
            what = last == 0
                ? $"审计日志已被清空：{anchored}，数据库中已没有任何一条。"
                : $"审计日志在第 {upTo} 条之后被截断或改动：{anchored}，数据库中已没有这一条" + (last < first.Id ? $"，现在只到第 {last} 条。" : "。");
        }
        else
        {
            // The rows up to an anchor that still fits are what they were; the change lies after it.
            var vouched = distinct.Where(a => a.Id < first.Id && inDatabase.GetValueOrDefault(a.Id) == a.Hash).Select(a => a.Id).DefaultIfEmpty(0).Max();
            what = $"审计日志在第 {vouched} 条之后被截断或改动：{anchored}，数据库中第 {first.Id} 条的哈希却是 {found[..16]}…（第 {vouched + 1} 条到第 {first.Id} 条之间的行被删改后重新接成了链）。";
        }
        Problems.Add(what);
        if (wrong.Count > 1) Problems.Add($"另有 {wrong.Count - 1} 条锚点与数据库不符（第 {string.Join("、", wrong.Skip(1).Take(5).Select(a => a.Id))}{(wrong.Count > 6 ? " …" : "")} 条）。");
    }

    static string Local(DateTime utc) =>
        TimeZoneInfo.Local.LocalOf(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    static string Shorten(string line) => line.Length <= 120 ? line : line[..120] + "…";

    /// <summary>Reads while a server may be appending: its exclusive lock is held for one write, so wait for it briefly.</summary>
    static async Task<string> ReadSharedAsync(string path, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(f, Encoding.UTF8);
                return await reader.ReadToEndAsync(ct);
            }
            catch (IOException) when (attempt < 100)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), ct);
            }
        }
    }
}
