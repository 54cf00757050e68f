using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Audit;

/// <summary>
/// The hash chain over the audit log. Each row's hash is SHA-256 over its canonical form, which
/// holds every field and the previous row's hash; so changing, removing or reordering a row
/// breaks the chain at that row (or at the next one, if the row's own hash was recomputed too).
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first row.</summary>
    public static readonly string Genesis = new('0', 64);

    const string Version = "linli-audit-v1";

    /// <summary>
    /// The bytes that are hashed: "linli-audit-v1", then each field on its own line in a fixed
    /// order, written as its UTF-8 byte length, a colon and the value ("-" for null). The length
    /// prefix makes the form unambiguous whatever the text holds; numbers are invariant decimal;
    /// the time is ISO 8601 UTC to the microsecond. Field order: id, time, actor id, actor name,
    /// action, target kind, target id, OrgUnit id, detail, client IP, previous hash.
    /// </summary>
    public static string Canonical(AuditEntry e)
    {
        var s = new StringBuilder(Version, 256);
        void Field(string? v)
        {
            s.Append('\n');
            if (v is null) s.Append('-');
            else s.Append(Encoding.UTF8.GetByteCount(v).ToString(CultureInfo.InvariantCulture)).Append(':').Append(v);
        }
        static string? Number(long? n) => n?.ToString(CultureInfo.InvariantCulture);
        Field(Number(e.Id));
        Field(Time(e.TimeUtc));
        Field(Number(e.ActorId));
        Field(e.ActorName);
        Field(e.Action);
        Field(e.TargetKind);
        Field(Number(e.TargetId));
        Field(Number(e.OrgUnitId));
        Field(e.Detail);
        Field(e.ClientIp);
        Field(e.PreviousHash);
        return s.ToString();
    }

    public static string HashOf(AuditEntry e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(e))));

    /// <summary>The time as both databases give it back: microseconds, UTC.</summary>
    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);

    static string Time(DateTime t) => new DateTime(t.Ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Whether the triggers that refuse UPDATE and DELETE on the log are there and enabled.</summary>
    public static async Task<bool> AppendOnlyGuardsInPlaceAsync(LinliDb db, CancellationToken ct)
    {
        var sql = db is PostgresLinliDb
            ? """
              SELECT count(*)::int AS "Value" FROM pg_trigger
              WHERE tgrelid = '"AuditEntries"'::regclass AND tgenabled <> 'D'
                AND tgname IN ('audit_entries_append_only', 'audit_entries_no_truncate')
              """
            : """
              SELECT count(*) AS "Value" FROM sqlite_master
              WHERE type = 'trigger' AND tbl_name = 'AuditEntries' AND name IN ('audit_entries_no_update', 'audit_entries_no_delete')
              """;
        return await db.Database.SqlQueryRaw<int>(sql).SingleAsync(ct) == 2;
    }

    public sealed record Verdict(long Rows, long? BrokenId, string? Reason, string? LastHash)
    {
        public bool Intact => BrokenId is null;
    }

    /// <summary>Walks the whole log in id order, a thousand rows at a time, and stops at the first row that does not fit.</summary>
    public static async Task<Verdict> VerifyAsync(LinliDb db, CancellationToken ct)
    {
        var previous = Genesis;
        long previousId = 0, rows = 0;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking().Where(e => e.Id > previousId).OrderBy(e => e.Id).Take(1000).ToListAsync(ct);
            if (batch.Count == 0) return new Verdict(rows, null, null, rows == 0 ? null : previous);
            foreach (var e in batch)
            {
                if (e.Id != previousId + 1)
                    return new Verdict(rows, e.Id, $"第 {previousId + 1} 行至第 {e.Id - 1} 行不见了（可能被删除）。", null);
                if (!string.Equals(e.PreviousHash.Trim(), previous, StringComparison.Ordinal))
                    return new Verdict(rows, e.Id, previousId == 0
                        ? "第一行记录的“上一行哈希”不是全零（日志开头可能被删改）。"
                        : $"它记录的上一行哈希与第 {previousId} 行的哈希不一致（两行之间有行被删改）。", null);
                if (!string.Equals(e.Hash.Trim(), HashOf(e), StringComparison.Ordinal))
                    return new Verdict(rows, e.Id, "它的内容与它的哈希不符（这一行被改动过）。", null);
                previous = e.Hash.Trim();
                previousId = e.Id;
                rows++;
            }
        }
    }
}
