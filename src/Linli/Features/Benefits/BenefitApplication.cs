using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Benefits;

/// <summary>
/// The steps of an application (社会救助暂行办法 art 11): 受理 → 入户调查 → 民主评议 → 公示 → 报街道 → 批准 / 不予批准;
/// a grant runs until it ends (终止). A kind without a step skips it (高龄津贴 has no investigation, 临时救助 no notice).
/// </summary>
public enum BenefitState { Intake, Investigated, Reviewed, OnNotice, Forwarded, Granted, Refused, Ended, Withdrawn }

/// <summary>
/// 低保申请 / 廉租房申请 / 临时救助 …: one household's application and, once granted, the benefit itself. Belongs to the
/// household's grid; the household and its members come from the registry, never typed again.
/// </summary>
public sealed class BenefitApplication
{
    public long Id { get; set; }
    /// <summary>The reference the office quotes, e.g. DB-2026-000012 (kind prefix, year, number).</summary>
    public required string Reference { get; set; }
    public required string Kind { get; set; }
    public required long CommunityId { get; set; }
    public required long GridId { get; set; }
    public required long HouseholdId { get; set; }
    /// <summary>The applicant (usually the 户主): the registry's resident, whose label a grant sets.</summary>
    public required long ApplicantId { get; set; }
    public BenefitState State { get; set; }
    /// <summary>申请理由 / 困难情况.</summary>
    public required string Reason { get; set; }
    /// <summary>Declared household monthly income, 元.</summary>
    public decimal MonthlyIncome { get; set; }
    /// <summary>Declared financial assets (存款、有价证券), 元.</summary>
    public decimal Assets { get; set; }
    /// <summary>房产、车辆 and other property, as declared.</summary>
    public string? PropertyNote { get; set; }
    /// <summary>Income is unstable: a 低保 grant is reviewed half-yearly instead of yearly.</summary>
    public bool IncomeUnstable { get; set; }
    /// <summary>The documents handed in, from the kind's checklist, joined by '、'.</summary>
    public string Documents { get; set; } = "";
    /// <summary>临时救助: help given first (先行救助), 元, before the paperwork.</summary>
    public decimal? UrgentAid { get; set; }

    public required long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The whole process's last day (30 / 45 / 15 working days from intake) and whether the calendar was provisional.</summary>
    public DateOnly DueOn { get; set; }
    public bool DueProvisional { get; set; }
    /// <summary>Extended to the special limit (45 working days) with a reason.</summary>
    public string? ExtendedReason { get; set; }

    /// <summary>The household investigation (入户调查): the visit recorded through the visits module, and what was found.</summary>
    public long? VisitId { get; set; }
    public DateOnly? InvestigatedOn { get; set; }
    public string? Findings { get; set; }

    /// <summary>民主评议: when, how many took part, how many agreed, the record.</summary>
    public DateOnly? ReviewHeldOn { get; set; }
    public int? ReviewAttendees { get; set; }
    public int? ReviewAgreed { get; set; }
    public string? ReviewNote { get; set; }
    /// <summary>The amount proposed by the first review (拟保障金额), shown on the notice before the decision.</summary>
    public decimal? ProposedAmount { get; set; }

    public DateTime? ForwardedAt { get; set; }

    /// <summary>The decision (审批): by whom (the street, or the worker recording the 民政's decision), when, and its terms.</summary>
    public DateOnly? DecidedOn { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>保障类别 (A类 …).</summary>
    public string? Category { get; set; }
    /// <summary>月保障金额, 元.</summary>
    public decimal? MonthlyAmount { get; set; }
    /// <summary>保障人数: the members covered.</summary>
    public int? CoveredPersons { get; set; }
    /// <summary>起始年月: the first day of the month money starts (the month after the decision, by default).</summary>
    public DateOnly? StartMonth { get; set; }
    public DateOnly? LastCheckedOn { get; set; }
    /// <summary>The next periodic review (核查): yearly, half-yearly for unstable income.</summary>
    public DateOnly? NextReviewOn { get; set; }
    public string? RefusalReason { get; set; }
    /// <summary>The written refusal must reach the applicant by this day (3 working days from the decision).</summary>
    public DateOnly? RefusalNoticeDue { get; set; }
    public DateOnly? RefusalNotifiedOn { get; set; }
    public DateOnly? EndedOn { get; set; }
    public string? EndReason { get; set; }

    /// <summary>The office's settings of the kind this application was opened under (<see cref="BenefitKindSetting"/>); null: the defaults.</summary>
    public long? KindSettingId { get; set; }

    public int Version { get; set; }

    public bool IsOpen => State is BenefitState.Intake or BenefitState.Investigated or BenefitState.Reviewed or BenefitState.OnNotice or BenefitState.Forwarded;
}

sealed class BenefitApplicationConfiguration : IEntityTypeConfiguration<BenefitApplication>
{
    public void Configure(EntityTypeBuilder<BenefitApplication> b)
    {
        b.ToTable("BenefitApplications");
        b.Property(x => x.Reference).HasMaxLength(32);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.MonthlyIncome).HasPrecision(12, 2);
        b.Property(x => x.Assets).HasPrecision(14, 2);
        b.Property(x => x.PropertyNote).HasMaxLength(500);
        b.Property(x => x.Documents).HasMaxLength(500);
        b.Property(x => x.UrgentAid).HasPrecision(12, 2);
        b.Property(x => x.ExtendedReason).HasMaxLength(500);
        b.Property(x => x.Findings).HasMaxLength(2000);
        b.Property(x => x.ReviewNote).HasMaxLength(2000);
        b.Property(x => x.ProposedAmount).HasPrecision(12, 2);
        b.Property(x => x.DecidedBy).HasMaxLength(64);
        b.Property(x => x.Category).HasMaxLength(16);
        b.Property(x => x.MonthlyAmount).HasPrecision(12, 2);
        b.Property(x => x.RefusalReason).HasMaxLength(1000);
        b.Property(x => x.EndReason).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Reference).IsUnique();
        b.HasIndex(x => new { x.CommunityId, x.Kind, x.State });
        b.HasIndex(x => new { x.GridId, x.State });
        b.HasIndex(x => x.ApplicantId);
        b.HasIndex(x => x.HouseholdId);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A member of the applying household, taken from the registry at intake; <see cref="Covered"/>: counted in 保障人数.</summary>
public sealed class BenefitMember
{
    public long Id { get; set; }
    public required long ApplicationId { get; set; }
    public required long ResidentId { get; set; }
    public bool Covered { get; set; } = true;
}

sealed class BenefitMemberConfiguration : IEntityTypeConfiguration<BenefitMember>
{
    public void Configure(EntityTypeBuilder<BenefitMember> b)
    {
        b.ToTable("BenefitMembers");
        b.HasIndex(x => new { x.ApplicationId, x.ResidentId }).IsUnique();
        b.HasIndex(x => x.ResidentId);
        b.HasOne<BenefitApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>One step of an application's history: every write adds one (and one audit row).</summary>
public sealed class BenefitEvent
{
    public long Id { get; set; }
    public required long ApplicationId { get; set; }
    public required DateTime At { get; set; }
    public long? ActorId { get; set; }
    public required string ActorName { get; set; }
    public required string Action { get; set; }
    public string? Note { get; set; }
}

sealed class BenefitEventConfiguration : IEntityTypeConfiguration<BenefitEvent>
{
    public void Configure(EntityTypeBuilder<BenefitEvent> b)
    {
        b.ToTable("BenefitEvents");
        b.Property(x => x.ActorName).HasMaxLength(64);
        b.Property(x => x.Action).HasMaxLength(24);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.HasIndex(x => new { x.ApplicationId, x.At });
        b.HasOne<BenefitApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// 公示: one version of an application's public notice, exactly as the public saw it (the masked text is stored, so a
/// later change of name or policy never rewrites what was posted). A correction publishes a new version; the old one
/// stays, marked replaced (every version kept).
/// </summary>
public sealed class BenefitNotice
{
    public long Id { get; set; }
    public required long ApplicationId { get; set; }
    public required long CommunityId { get; set; }
    public required string Kind { get; set; }
    public int Version { get; set; } = 1;
    /// <summary>As published: the head's name as the policy shows it (张*明), or null when the policy hides it.</summary>
    public string? HeadName { get; set; }
    public int? HouseholdSize { get; set; }
    public decimal? MonthlyAmount { get; set; }
    public string? GridName { get; set; }
    public string? Category { get; set; }
    public DateTime PublishedAt { get; set; }
    public required string PublishedBy { get; set; }
    /// <summary>截至 (as-of) and 撤除 (removal) dates: up from <see cref="FromDay"/> through the day before <see cref="RemoveOn"/>.</summary>
    public DateOnly FromDay { get; set; }
    public DateOnly RemoveOn { get; set; }
    public DateTime? ReplacedAt { get; set; }
    public DateTime? WithdrawnAt { get; set; }
}

sealed class BenefitNoticeConfiguration : IEntityTypeConfiguration<BenefitNotice>
{
    public void Configure(EntityTypeBuilder<BenefitNotice> b)
    {
        b.ToTable("BenefitNotices");
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.HeadName).HasMaxLength(64);
        b.Property(x => x.MonthlyAmount).HasPrecision(12, 2);
        b.Property(x => x.GridName).HasMaxLength(64);
        b.Property(x => x.Category).HasMaxLength(16);
        b.Property(x => x.PublishedBy).HasMaxLength(64);
        b.HasIndex(x => new { x.CommunityId, x.RemoveOn });
        b.HasIndex(x => new { x.ApplicationId, x.Version }).IsUnique();
        b.HasOne<BenefitApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// 异议: an objection to a notice, lodged on the public page or at the office, answered within 5 days. It becomes a
/// grievance case through the cases module (<see cref="CaseReference"/>); the answer is recorded here as well.
/// </summary>
public sealed class BenefitObjection
{
    public long Id { get; set; }
    public required long NoticeId { get; set; }
    public required long ApplicationId { get; set; }
    /// <summary>The number given to whoever lodged it (YY-…), to ask after it at the office.</summary>
    public required string Reference { get; set; }
    /// <summary>公示页 or 来访.</summary>
    public required string Channel { get; set; }
    /// <summary>As the objector gave it; may be empty (objections may be anonymous).</summary>
    public string? ObjectorName { get; set; }
    public required string Content { get; set; }
    public DateTime LodgedAt { get; set; }
    public DateOnly AnswerDue { get; set; }
    public long? CaseId { get; set; }
    public string? CaseReference { get; set; }
    public string? Answer { get; set; }
    public DateTime? AnsweredAt { get; set; }
}

sealed class BenefitObjectionConfiguration : IEntityTypeConfiguration<BenefitObjection>
{
    public void Configure(EntityTypeBuilder<BenefitObjection> b)
    {
        b.ToTable("BenefitObjections");
        b.Property(x => x.Reference).HasMaxLength(32);
        b.Property(x => x.Channel).HasMaxLength(16);
        b.Property(x => x.ObjectorName).HasMaxLength(64);
        b.Property(x => x.Content).HasMaxLength(2000);
        b.Property(x => x.CaseReference).HasMaxLength(32);
        b.Property(x => x.Answer).HasMaxLength(2000);
        b.HasIndex(x => x.Reference).IsUnique();
        b.HasIndex(x => x.ApplicationId);
        b.HasOne<BenefitNotice>().WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}
