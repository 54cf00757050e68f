using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Registry;

/// <summary>
/// One change to a resident or their household: who, when, which field, old → new. Numbers are kept
/// masked; a change of a sensitive label is marked so that only users granted such labels see it.
/// </summary>
public sealed class ResidentChange
{
    public long Id { get; set; }
    public required long ResidentId { get; set; }
    public required long GridId { get; set; }
    public long? HouseholdId { get; set; }
    public required DateTime AtUtc { get; set; }
    public long? UserId { get; set; }
    public string? UserName { get; set; }
    /// <summary>The field as the office names it: 姓名, 联系电话, 人员标签, 状态 …</summary>
    public required string Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public bool IsSensitive { get; set; }
}

sealed class ResidentChangeConfiguration : IEntityTypeConfiguration<ResidentChange>
{
    public void Configure(EntityTypeBuilder<ResidentChange> b)
    {
        b.Property(x => x.UserName).HasMaxLength(64);
        b.Property(x => x.Field).HasMaxLength(32);
        b.Property(x => x.OldValue).HasMaxLength(500);
        b.Property(x => x.NewValue).HasMaxLength(500);
        b.HasIndex(x => new { x.ResidentId, x.Id });
        b.HasIndex(x => new { x.HouseholdId, x.Id });
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Cascade);
    }
}
