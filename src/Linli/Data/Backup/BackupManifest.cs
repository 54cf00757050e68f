using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Linli.Data.Backup;

/// <summary>
/// What a backup holds, written first in its archive: where it came from, the database's schema and counts and
/// the audit chain's head at the moment of the snapshot, so that a restore can check it got exactly that back.
/// </summary>
public sealed record BackupManifest
{
    public const string FormatName = "linli-backup";
    public string Format { get; init; } = FormatName;
    public int Version { get; init; } = 1;
    public required DateTime CreatedUtc { get; init; }
    /// <summary>"sqlite" or "postgres".</summary>
    public required string Engine { get; init; }
    /// <summary>False for a keys-and-anchors archive (PostgreSQL, or `--keys-only`): the database travels as a pg_dump.</summary>
    public required bool HasDatabase { get; init; }
    public required string Host { get; init; }
    public required DatabaseFacts Facts { get; init; }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static BackupManifest? Parse(byte[] bytes)
    {
        try
        {
            var m = JsonSerializer.Deserialize<BackupManifest>(bytes, Json);
            return m?.Format == FormatName ? m : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The numbers a restore compares: schema, row counts of every table, the residents' checksum, the audit chain's head.</summary>
public sealed record DatabaseFacts
{
    /// <summary>The last migration applied: the schema's version.</summary>
    public string? Schema { get; init; }
    public long Residents { get; init; }
    public long Households { get; init; }
    public long AuditRows { get; init; }
    public long? AuditHeadId { get; init; }
    public string? AuditHeadHash { get; init; }
    /// <summary>Every table of the model with its row count.</summary>
    public SortedDictionary<string, long> Tables { get; init; } = [];

    public string HeadText => AuditHeadId is null ? "（审计日志还没有记录）" : $"第 {AuditHeadId} 行，哈希 {AuditHeadHash}";
}

public static class DatabaseFactsReader
{
    /// <summary>Reads the facts of a database through the model: the same code on both engines.</summary>
    public static async Task<DatabaseFacts> ReadAsync(LinliDb db, CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var tables = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct())
        {
            // The names come from the model, not from anyone's input.
            var sql = "SELECT count(*) AS \"Value\" FROM \"" + table + "\"";
            tables[table] = await db.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);
        }
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(ct);
        return new DatabaseFacts
        {
            Schema = applied.LastOrDefault(),
            Residents = await db.Residents.LongCountAsync(ct),
            Households = await db.Households.LongCountAsync(ct),
            AuditRows = await db.AuditEntries.LongCountAsync(ct),
            AuditHeadId = head?.Id,
            AuditHeadHash = head?.Hash.Trim(),
            Tables = tables,
        };
    }
}
