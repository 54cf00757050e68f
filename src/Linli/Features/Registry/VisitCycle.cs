using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Registry;

/// <summary>
/// 走访周期 of one community for one label, in place of the street's default (<see cref="Tag.VisitIntervalDays"/>):
/// the labels are the street's, how often its people are visited is the community's call. The visits module reads it.
/// </summary>
public sealed class CommunityVisitCycle
{
    public long Id { get; set; }
    public required long TagId { get; set; }
    public required long CommunityId { get; set; }
    /// <summary>Days from one visit to the next.</summary>
    public required int IntervalDays { get; set; }
    /// <summary>
    /// 应走访期: days before the due date from which a visit counts for it; the visits module (VisitDue) keeps the window
    /// open as many days after the due date before the person counts as overdue. 0 = due on the day, overdue the day after.
    /// </summary>
    public required int WindowDays { get; set; }
    /// <summary>
    /// 首次走访时限 in this community (hours, 1..720) for a person newly given the label; null: the street's
    /// (<see cref="Tag.VisitWithinHours"/>) applies — a community sets its own rhythm, the street's rule after a change stays.
    /// </summary>
    public int? VisitWithinHours { get; set; }
}

sealed class CommunityVisitCycleConfiguration : IEntityTypeConfiguration<CommunityVisitCycle>
{
    public void Configure(EntityTypeBuilder<CommunityVisitCycle> b)
    {
        b.HasIndex(x => new { x.CommunityId, x.TagId }).IsUnique();
        b.HasOne<Tag>().WithMany().HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}
