using System.Text.Json;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Tasks;

/// <summary>
/// 检查 / 评比 / 考核 a community received: the day, who came, what they looked at, the result, and what was shown —
/// the ledgers (template keys; their latest submissions) and the tasks whose evidence went into the 迎检 pack.
/// </summary>
public sealed class Inspection
{
    public static readonly string[] Kinds = ["检查", "评比", "考核"];

    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required DateOnly Date { get; set; }
    public required string Kind { get; set; }
    /// <summary>Who inspected (检查单位), e.g. 区民政局.</summary>
    public required string By { get; set; }
    public required string Items { get; set; }
    public string? Result { get; set; }
    /// <summary>The ledgers shown, as JSON (string[] of template keys).</summary>
    public required string LedgerKeysJson { get; set; }
    /// <summary>The tasks whose evidence is shown, as JSON (long[] of task ids).</summary>
    public required string TaskIdsJson { get; set; }
    public required long CreatedById { get; set; }
    public required string CreatedByName { get; set; }
    public DateTime CreatedUtc { get; set; }

    public string[] LedgerKeys => JsonSerializer.Deserialize<string[]>(LedgerKeysJson) ?? [];
    public long[] TaskIds => JsonSerializer.Deserialize<long[]>(TaskIdsJson) ?? [];
}

sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> b)
    {
        b.ToTable("Inspections");
        b.Property(x => x.Kind).HasMaxLength(8);
        b.Property(x => x.By).HasMaxLength(100);
        b.Property(x => x.Items).HasMaxLength(2000);
        b.Property(x => x.Result).HasMaxLength(2000);
        b.Property(x => x.LedgerKeysJson).HasMaxLength(2000);
        b.Property(x => x.TaskIdsJson).HasMaxLength(2000);
        b.Property(x => x.CreatedByName).HasMaxLength(64);
        b.Ignore(x => x.LedgerKeys);
        b.Ignore(x => x.TaskIds);
        b.HasIndex(x => new { x.CommunityId, x.Date });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}
