using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Visits;

/// <summary>
/// 慰问活动 of a community (节日慰问, 困难党员慰问 …): what is given, in which season, to whom. Recipients are picked by
/// rules (<see cref="CampaignRule"/>) and adjusted by hand; each delivery is a visit with the recipient's sign-off.
/// </summary>
public sealed class Campaign
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required string Name { get; set; }
    /// <summary>The season a person should be covered once in, e.g. "2027春节": a second campaign of the same season flags them.</summary>
    public required string Season { get; set; }
    /// <summary>What is given: 慰问金 500元, 米面油 …</summary>
    public required string Gift { get; set; }
    public required long CreatedById { get; set; }
    public required DateTime CreatedAtUtc { get; set; }
}

public sealed class CampaignRecipient
{
    public long Id { get; set; }
    public required long CampaignId { get; set; }
    public required long ResidentId { get; set; }
    public required long GridId { get; set; }
    /// <summary>The rule that picked the person, or 手动添加.</summary>
    public required string Source { get; set; }
    /// <summary>Who delivers (送达人).</summary>
    public string? Deliverer { get; set; }
    /// <summary>The visit that delivered it, with the sign-off (签收人).</summary>
    public long? VisitId { get; set; }
    public string? SignedBy { get; set; }
}

sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.ToTable("Campaigns");
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Season).HasMaxLength(32);
        b.Property(x => x.Gift).HasMaxLength(100);
        b.HasIndex(x => new { x.CommunityId, x.Season });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class CampaignRecipientConfiguration : IEntityTypeConfiguration<CampaignRecipient>
{
    public void Configure(EntityTypeBuilder<CampaignRecipient> b)
    {
        b.ToTable("CampaignRecipients");
        b.Property(x => x.Source).HasMaxLength(100);
        b.Property(x => x.Deliverer).HasMaxLength(64);
        b.Property(x => x.SignedBy).HasMaxLength(64);
        b.HasIndex(x => new { x.CampaignId, x.ResidentId }).IsUnique();
        b.HasIndex(x => x.ResidentId);
        b.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Visit>().WithMany().HasForeignKey(x => x.VisitId).OnDelete(DeleteBehavior.Restrict);
    }
}
