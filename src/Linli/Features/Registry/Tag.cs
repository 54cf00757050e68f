using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Registry;

/// <summary>人员标签: a category a resident belongs to, with a sensitivity and a visit policy.</summary>
public sealed class Tag
{
    public long Id { get; set; }
    /// <summary>Stable code name from GLOSSARY.md, e.g. "ElderlyLivingAlone".</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Category { get; set; }
    /// <summary>Sensitive tags are shown only to roles granted them.</summary>
    public bool IsSensitive { get; set; }
    /// <summary>走访周期 in days; null when the tag asks for no visits.</summary>
    public int? VisitIntervalDays { get; set; }
    /// <summary>
    /// 首次走访时限: hours within which a person newly given this label is to be visited (DOMAIN.md §1: 高风险 within 24 h
    /// of a major change), 1..720; null when the label asks for none. Only with <see cref="VisitIntervalDays"/>: the first
    /// visit starts the label's ordinary rhythm. The visits module reads it with <see cref="ResidentTag.AddedAtUtc"/>.
    /// </summary>
    public int? VisitWithinHours { get; set; }
    public const int MinWithinHours = 1, MaxWithinHours = 720;

    /// <summary>What is wrong with a 首次走访时限 beside an interval (page and API say the same), or null.</summary>
    public static string? WithinHoursError(int? intervalDays, int? withinHours) => withinHours switch
    {
        null => null,
        < MinWithinHours or > MaxWithinHours => "首次走访时限应在1到720小时之间",
        _ when intervalDays is null => "填写首次走访时限时，请同时填写走访周期。",
        _ => null,
    };

    /// <summary>The concurrency token: one more on every change (<see cref="Data.RowVersions"/>).</summary>
    public int Version { get; set; }
}

public sealed class ResidentTag
{
    public required long ResidentId { get; set; }
    public required long TagId { get; set; }
    /// <summary>Copied from the resident so that counts by grid need no join.</summary>
    public required long GridId { get; set; }

    // The resident's birth date, household and status, copied like GridId so that a list by label, age and status
    // (居民名单: 空巢老人 aged 60-79 over a district) counts its people and households from this table's index alone, not
    // by looking up every labelled resident (at 1,000,000 residents 88,474 look-ups, ~150 ms on SQLite). Kept by
    // ResidentTagCopies on every save; the bulk writers, which bypass SaveChanges, build rows with Of.

    /// <summary>The resident's <see cref="Resident.BirthDate"/>, a copy (see <see cref="ResidentTagCopies"/>).</summary>
    public DateOnly? BirthDate { get; set; }
    /// <summary>The resident's <see cref="Resident.HouseholdId"/>, a copy.</summary>
    public long? HouseholdId { get; set; }
    /// <summary>The resident's <see cref="Resident.Status"/>, a copy.</summary>
    public ResidentStatus Status { get; set; } = ResidentStatus.Active;

    /// <summary>
    /// When the label was put on the person by someone's act (a cadre's edit, a record that sets it, a household change
    /// that leaves an elder alone) — the trigger of the label's <see cref="Tag.VisitWithinHours"/>. Set where those acts
    /// add the row, from the app's clock; null for rows from before this field and from the bulk writers (roster import,
    /// bulk label, demo, bench), which load what is already known and must not make thousands of people urgently due.
    /// </summary>
    public DateTime? AddedAtUtc { get; set; }

    /// <summary>A label row for <paramref name="r"/> with the resident's fields copied: for writers that bypass SaveChanges.</summary>
    public static ResidentTag Of(Resident r, long tagId) =>
        new() { ResidentId = r.Id, TagId = tagId, GridId = r.GridId, BirthDate = r.BirthDate, HouseholdId = r.HouseholdId, Status = r.Status };
}

sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(32);
        b.Property(x => x.Category).HasMaxLength(32);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Code).IsUnique();
        b.HasIndex(x => x.Name).IsUnique();
    }
}

sealed class ResidentTagConfiguration : IEntityTypeConfiguration<ResidentTag>
{
    public void Configure(EntityTypeBuilder<ResidentTag> b)
    {
        b.HasKey(x => new { x.ResidentId, x.TagId });
        b.HasIndex(x => new { x.TagId, x.GridId });
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        // Covers the list's counts by label, status and age (ResidentList.CountAsync): nothing else is read. The grid before
        // the birth date, so that a community's eight grids are eight short ranges (0.6 ms at 1,000,000 residents, where
        // the birth date first read the whole district's 67,000 entries, ~25 ms) and a district's 800 as fast as one range.
        b.HasIndex(x => new { x.TagId, x.Status, x.GridId, x.BirthDate, x.HouseholdId, x.ResidentId });
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tag>().WithMany().HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
    }
}
