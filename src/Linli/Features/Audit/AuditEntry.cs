using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Audit;

/// <summary>
/// One line of the audit log (审计日志). Rows are only ever appended: the database refuses UPDATE and
/// DELETE on the table, and each row carries the hash of the row before it, so that a changed or
/// missing row shows when <see cref="AuditChain"/> walks the chain.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>1, 2, 3 … without gaps: given under the log's lock as the previous id plus one.</summary>
    public long Id { get; set; }
    /// <summary>UTC, to the microsecond (what both databases keep exactly, so the hash survives a round trip).</summary>
    public DateTime TimeUtc { get; set; }
    /// <summary>The account that acted; null for the command line and for people not logged in.</summary>
    public long? ActorId { get; set; }
    /// <summary>The account's user name, "cli" for the command line, the name typed at a failed login, or null.</summary>
    public string? ActorName { get; set; }
    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }
    /// <summary>What was acted on: one of <see cref="AuditTargets"/>, with its id.</summary>
    public string? TargetKind { get; set; }
    public long? TargetId { get; set; }
    public long? OrgUnitId { get; set; }
    /// <summary>A short sentence; masked like the log lines, never an unmasked ID or phone number.</summary>
    public string? Detail { get; set; }
    public string? ClientIp { get; set; }
    /// <summary>Hex SHA-256 of the row before; 64 zeros for the first row.</summary>
    public required string PreviousHash { get; set; }
    /// <summary>Hex SHA-256 of this row's canonical form (<see cref="AuditChain.Canonical"/>), which includes <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; set; }
}

sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const string Table = "AuditEntries";

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable(Table);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.ActorName).HasMaxLength(64);
        b.Property(e => e.Action).HasMaxLength(32);
        b.Property(e => e.TargetKind).HasMaxLength(32);
        b.Property(e => e.Detail).HasMaxLength(AuditLog.DetailLength);
        b.Property(e => e.ClientIp).HasMaxLength(64);
        b.Property(e => e.PreviousHash).HasMaxLength(64).IsFixedLength();
        b.Property(e => e.Hash).HasMaxLength(64).IsFixedLength();
        // The auditor's filters, each paged by id.
        b.HasIndex(e => e.TimeUtc);
        b.HasIndex(e => new { e.ActorName, e.Id });
        b.HasIndex(e => new { e.Action, e.Id });
        b.HasIndex(e => new { e.TargetKind, e.TargetId, e.Id });
    }
}
