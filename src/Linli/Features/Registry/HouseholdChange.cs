using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Registry;

/// <summary>
/// One change to a household as a whole: 立户, 变更户主, 成员迁入/迁出, 分户, 合户, 外地迁入 … with who and when.
/// The residents it touched each get their own <see cref="ResidentChange"/> beside it. No foreign key to the
/// household: a household merged into another is deleted, and its history stays readable under its old id.
/// </summary>
public sealed class HouseholdChange
{
    public long Id { get; set; }
    public required long HouseholdId { get; set; }
    public required long GridId { get; set; }
    public required DateTime AtUtc { get; set; }
    public long? UserId { get; set; }
    public string? UserName { get; set; }
    /// <summary>What happened, as the office says it: 立户, 变更户主, 成员迁入 …</summary>
    public required string Kind { get; set; }
    /// <summary>The change in words, with names and addresses (never an unmasked number).</summary>
    public required string Detail { get; set; }
}

sealed class HouseholdChangeConfiguration : IEntityTypeConfiguration<HouseholdChange>
{
    public void Configure(EntityTypeBuilder<HouseholdChange> b)
    {
        b.Property(x => x.UserName).HasMaxLength(64);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Detail).HasMaxLength(500);
        b.HasIndex(x => new { x.HouseholdId, x.Id });
    }
}
