using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Visits;

/// <summary>走访方式.</summary>
public enum VisitMethod { Door, Phone, Video, CameToOffice, Other }

/// <summary>探访关爱's five checks (民政部等10部门 2022): each ticked when it was looked at on this visit.</summary>
[Flags]
public enum CareChecks { None = 0, Health = 1, Money = 2, FamilySupport = 4, HomeSafety = 8, ServiceNeeds = 16 }

/// <summary>
/// 走访记录: a contact with a resident and/or a household. <see cref="Date"/> is when it happened (often typed
/// later from a paper book: back-dating is allowed), <see cref="EnteredAtUtc"/> when it was typed. Due dates are
/// derived from <see cref="Date"/>, never from a stored schedule (<see cref="VisitDue"/>).
/// </summary>
public sealed class Visit
{
    public long Id { get; set; }
    /// <summary>The grid of the resident or household at the time of the visit: scope checks use it.</summary>
    public required long GridId { get; set; }
    public long? ResidentId { get; set; }
    public long? HouseholdId { get; set; }
    public required long VisitorId { get; set; }
    public required string VisitorName { get; set; }
    /// <summary>同行人员, as written.</summary>
    public string? Companions { get; set; }
    public required DateOnly Date { get; set; }
    public TimeOnly? Time { get; set; }
    public required DateTime EnteredAtUtc { get; set; }
    public VisitMethod Method { get; set; } = VisitMethod.Door;
    public string? Place { get; set; }
    /// <summary>家庭情况.</summary>
    public string? FamilySituation { get; set; }
    /// <summary>困难.</summary>
    public string? Difficulties { get; set; }
    /// <summary>诉求与建议.</summary>
    public string? Requests { get; set; }
    /// <summary>采取措施.</summary>
    public string? Measures { get; set; }
    /// <summary>处理结果.</summary>
    public string? Result { get; set; }
    /// <summary>后续计划.</summary>
    public string? FollowUp { get; set; }
    public CareChecks Checks { get; set; }
    /// <summary>A need recorded on the visit, to become a case (事件) in one step when the cases module is there.</summary>
    public string? Need { get; set; }
    /// <summary>The case the need became, once it did.</summary>
    public string? CaseReference { get; set; }
    /// <summary>The resident (or a member of the household) had a sensitive label when the visit was recorded: its content is for those granted it.</summary>
    public bool IsSensitive { get; set; }
    public DateTime? CorrectedAtUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>One line of a visit's history: recorded, corrected by its author (within 7 days, what changed), or a correction note added later.</summary>
public sealed class VisitEvent
{
    public long Id { get; set; }
    public required long VisitId { get; set; }
    public required DateTime AtUtc { get; set; }
    public required long UserId { get; set; }
    public required string UserName { get; set; }
    /// <summary>登记 / 更正 / 补充说明.</summary>
    public required string Kind { get; set; }
    public string? Text { get; set; }
}

/// <summary>A photo taken on a visit, kept in the database with the visit and shown only to those who may see its content.</summary>
public sealed class VisitPhoto
{
    public long Id { get; set; }
    public required long VisitId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Bytes { get; set; }
}

/// <summary>
/// A per-person rhythm in place of the labels' (e.g. 高风险: weekly), with the reason. It replaces the derived rhythm;
/// removing it goes back to the labels.
/// </summary>
public sealed class VisitOverride
{
    public required long ResidentId { get; set; }
    public required long GridId { get; set; }
    public required int IntervalDays { get; set; }
    public required int WindowDays { get; set; }
    public required string Reason { get; set; }
    public required long SetById { get; set; }
    public required string SetByName { get; set; }
    public required DateTime SetAtUtc { get; set; }
}

sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
{
    public void Configure(EntityTypeBuilder<Visit> b)
    {
        b.ToTable("Visits");
        b.Property(x => x.VisitorName).HasMaxLength(64);
        b.Property(x => x.Companions).HasMaxLength(200);
        b.Property(x => x.Method).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Place).HasMaxLength(100);
        foreach (var p in new[] { nameof(Visit.FamilySituation), nameof(Visit.Difficulties), nameof(Visit.Requests), nameof(Visit.Measures), nameof(Visit.Result), nameof(Visit.FollowUp), nameof(Visit.Need) })
            b.Property(p).HasMaxLength(VisitText.MaxLength);
        b.Property(x => x.CaseReference).HasMaxLength(32);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.ResidentId, x.Date });
        b.HasIndex(x => new { x.HouseholdId, x.Date });
        b.HasIndex(x => new { x.GridId, x.Date });
        // 干部每月走访 (VisitsPerCadre): a cadre's visits of twelve months by one range of this index.
        b.HasIndex(x => new { x.VisitorId, x.Date });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class VisitEventConfiguration : IEntityTypeConfiguration<VisitEvent>
{
    public void Configure(EntityTypeBuilder<VisitEvent> b)
    {
        b.ToTable("VisitEvents");
        b.Property(x => x.UserName).HasMaxLength(64);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.HasIndex(x => new { x.VisitId, x.Id });
        b.HasOne<Visit>().WithMany().HasForeignKey(x => x.VisitId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class VisitPhotoConfiguration : IEntityTypeConfiguration<VisitPhoto>
{
    public void Configure(EntityTypeBuilder<VisitPhoto> b)
    {
        b.ToTable("VisitPhotos");
        b.Property(x => x.ContentType).HasMaxLength(32);
        b.HasIndex(x => x.VisitId);
        b.HasOne<Visit>().WithMany().HasForeignKey(x => x.VisitId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class VisitOverrideConfiguration : IEntityTypeConfiguration<VisitOverride>
{
    public void Configure(EntityTypeBuilder<VisitOverride> b)
    {
        b.ToTable("VisitOverrides");
        b.HasKey(x => x.ResidentId);
        b.Property(x => x.Reason).HasMaxLength(200);
        b.Property(x => x.SetByName).HasMaxLength(64);
        b.HasIndex(x => x.GridId);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
    }
}
