using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Cases;

/// <summary>
/// The workflow of every case: 登记 → 受理 → 办理 → 答复/办结 → 回访 → 归档. 终止 ends a mediation without agreement
/// to extend, 退单 returns a 12345 order not yet designated, 已并案 is a duplicate linked to its original.
/// </summary>
public enum CaseState { Registered, Accepted, Handling, Answered, FollowedUp, Archived, Terminated, Withdrawn, Merged }

/// <summary>The two clocks a case runs: acceptance (受理时限) and handling (办理时限).</summary>
public enum CaseStage { Accept, Handle }

/// <summary>
/// 事件: anything the office must resolve and answer, with an owner and a clock. Belongs to a grid (the parties' grid,
/// or for a caller not in the registry the grid the operator chose by the address) — scope checks use it.
/// </summary>
public sealed class Case
{
    public long Id { get; set; }
    /// <summary>The public reference a resident quotes, e.g. XFL-2026-000123 (community code, year, number).</summary>
    public required string Reference { get; set; }
    /// <summary>The <see cref="CaseType.Code"/>.</summary>
    public required string Kind { get; set; }
    public required long CommunityId { get; set; }
    public required long GridId { get; set; }
    public long? ResidentId { get; set; }
    public long? HouseholdId { get; set; }
    /// <summary>Who asked (the resident's name, or as the caller gave it).</summary>
    public required string CallerName { get; set; }
    public string? CallerPhoneMasked { get; set; }
    /// <summary>
    /// A caller not in the registry: the full number, encrypted with the field key as residents' phones are
    /// (<see cref="Linli.Data.FieldCipher"/>), so a handler can call back after an audited reveal. Null for residents
    /// (their number stays in the registry).
    /// </summary>
    public byte[]? CallerPhoneCipher { get; set; }
    /// <summary>The last four digits of the caller's phone: with the reference, what "status of my case" asks for.</summary>
    public string? PhoneSuffix { get; set; }
    public string? CallerAddress { get; set; }
    /// <summary>The caller is not in the registry yet: the case prompts to register them.</summary>
    public bool NeedsRegistration { get; set; }
    /// <summary>来源: 热线, 走访, 来访, 12345, 其他.</summary>
    public required string Channel { get; set; }
    /// <summary>Another module's record it came from (e.g. "visit", 42), through <see cref="ICaseIntake"/>.</summary>
    public string? Source { get; set; }
    public long? SourceId { get; set; }
    public required string Title { get; set; }
    public required string Content { get; set; }
    /// <summary>The 12345 order's own number (工单号).</summary>
    public string? ExternalNumber { get; set; }
    /// <summary>A 12345 order designated (指定) to this community may no longer be returned (退单).</summary>
    public bool Designated { get; set; }

    public CaseState State { get; set; }
    public required long CreatedById { get; set; }
    public long? OwnerId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>The running clock's stage; null when no clock runs (answered, closed, merged).</summary>
    public CaseStage? ClockStage { get; set; }
    public DateTime? ClockStart { get; set; }
    /// <summary>When the running (or last) clock runs out, UTC; kept after it stops: the deadline the case was judged by.</summary>
    public DateTime? DueAt { get; set; }
    /// <summary>From when the clock shows yellow (预警): the type's share of the stage's time left.</summary>
    public DateTime? YellowAt { get; set; }
    /// <summary>Computed over a year whose holidays are not yet published (暂定).</summary>
    public bool DueProvisional { get; set; }
    public DateTime? PausedSince { get; set; }
    /// <summary>Days (in the stage's unit) added by approved extensions, all stages.</summary>
    public int ExtendedBy { get; set; }

    public bool Escalated { get; set; }
    public DateTime? EscalatedAt { get; set; }
    public long? DuplicateOfId { get; set; }

    /// <summary>答复 / 办理结果 (for a grievance the 信访处理意见书's decision and basis).</summary>
    public string? Answer { get; set; }
    /// <summary>Mediation: 达成调解协议 (true), 未达成 (false).</summary>
    public bool? AgreementReached { get; set; }
    public string? AgreementText { get; set; }
    /// <summary>The last 回访: solved or not (退回再办 only after false).</summary>
    public bool? FollowUpSolved { get; set; }
    public string? FollowUpNote { get; set; }
    /// <summary>Grievance review: 复查 or 复核 requested, and by when it must be decided.</summary>
    public string? Review { get; set; }
    public DateTime? ReviewDueAt { get; set; }

    /// <summary>
    /// The type's limits when the case was opened (<see cref="CaseType.Snapshot"/>): the office may change a type's
    /// settings, new cases take the new ones, open cases keep theirs. Null for cases from before settings were kept.
    /// </summary>
    public string? TypeSnapshot { get; set; }

    /// <summary>Earlier owners of a case handed on by 转派 (not grievances: see <see cref="CaseScope.VisibleTo"/>).</summary>
    public List<CaseFormerOwner> FormerOwners { get; set; } = [];

    public int Version { get; set; }

    public bool IsOpen => State is CaseState.Registered or CaseState.Accepted or CaseState.Handling;
}

sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("Cases");
        b.Property(x => x.Reference).HasMaxLength(32);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.CallerName).HasMaxLength(64);
        b.Property(x => x.CallerPhoneMasked).HasMaxLength(16);
        b.Property(x => x.PhoneSuffix).HasMaxLength(4);
        b.Property(x => x.CallerAddress).HasMaxLength(200);
        b.Property(x => x.Channel).HasMaxLength(16);
        b.Property(x => x.Source).HasMaxLength(16);
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Content).HasMaxLength(4000);
        b.Property(x => x.ExternalNumber).HasMaxLength(32);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ClockStage).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Answer).HasMaxLength(4000);
        b.Property(x => x.AgreementText).HasMaxLength(4000);
        b.Property(x => x.FollowUpNote).HasMaxLength(1000);
        b.Property(x => x.Review).HasMaxLength(8);
        b.Property(x => x.TypeSnapshot).HasMaxLength(200);
        b.HasMany(x => x.FormerOwners).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Reference).IsUnique();
        b.HasIndex(x => new { x.OwnerId, x.DueAt });
        b.HasIndex(x => new { x.GridId, x.State });
        b.HasIndex(x => new { x.CommunityId, x.ClockStage, x.DueAt });
        b.HasIndex(x => x.ResidentId);
        b.HasIndex(x => x.CreatedById);
        b.HasIndex(x => x.DuplicateOfId);   // a case's page lists the duplicates linked to it (a scan of every case without it)
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A party to a mediation (当事人): a resident in scope, or an outsider named as given.</summary>
public sealed class CaseParty
{
    public long Id { get; set; }
    public required long CaseId { get; set; }
    /// <summary>甲方 or 乙方.</summary>
    public required string Side { get; set; }
    public long? ResidentId { get; set; }
    public required string Name { get; set; }
    public string? Note { get; set; }
}

sealed class CasePartyConfiguration : IEntityTypeConfiguration<CaseParty>
{
    public void Configure(EntityTypeBuilder<CaseParty> b)
    {
        b.ToTable("CaseParties");
        b.Property(x => x.Side).HasMaxLength(8);
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Note).HasMaxLength(200);
        b.HasIndex(x => x.CaseId);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>One row of a case's history: every transition writes one (and one audit row).</summary>
public sealed class CaseEvent
{
    public long Id { get; set; }
    public required long CaseId { get; set; }
    public required DateTime At { get; set; }
    public long? ActorId { get; set; }
    public required string ActorName { get; set; }
    /// <summary>The action's code (<see cref="CaseActions"/>).</summary>
    public required string Action { get; set; }
    public CaseState? FromState { get; set; }
    public CaseState? ToState { get; set; }
    public string? Note { get; set; }
}

sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> b)
    {
        b.ToTable("CaseEvents");
        b.Property(x => x.ActorName).HasMaxLength(64);
        b.Property(x => x.Action).HasMaxLength(24);
        b.Property(x => x.FromState).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ToState).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Note).HasMaxLength(2000);
        b.HasIndex(x => new { x.CaseId, x.At });
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>暂停: the clock stood still from <see cref="From"/> to <see cref="To"/> (null while it still does).</summary>
public sealed class CasePause
{
    public long Id { get; set; }
    public required long CaseId { get; set; }
    public required CaseStage Stage { get; set; }
    public required DateTime From { get; set; }
    public DateTime? To { get; set; }
    public required string Reason { get; set; }
}

sealed class CasePauseConfiguration : IEntityTypeConfiguration<CasePause>
{
    public void Configure(EntityTypeBuilder<CasePause> b)
    {
        b.ToTable("CasePauses");
        b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasIndex(x => x.CaseId);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>延期: an extension of a stage's limit, approved by the community's head, with the reason.</summary>
public sealed class CaseExtension
{
    public long Id { get; set; }
    public required long CaseId { get; set; }
    public required CaseStage Stage { get; set; }
    public required int Amount { get; set; }
    public required long ApproverId { get; set; }
    public required string ApproverName { get; set; }
    public required string Reason { get; set; }
    public required DateTime At { get; set; }
}

sealed class CaseExtensionConfiguration : IEntityTypeConfiguration<CaseExtension>
{
    public void Configure(EntityTypeBuilder<CaseExtension> b)
    {
        b.ToTable("CaseExtensions");
        b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.ApproverName).HasMaxLength(64);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasIndex(x => x.CaseId);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A notice on a user's workbench: a case given to them, a deadline moved earlier by a calendar import.</summary>
public sealed class CaseNotice
{
    public long Id { get; set; }
    public required long UserId { get; set; }
    public required long CaseId { get; set; }
    public required DateTime At { get; set; }
    public required string Text { get; set; }
    public bool Seen { get; set; }
}

sealed class CaseNoticeConfiguration : IEntityTypeConfiguration<CaseNotice>
{
    public void Configure(EntityTypeBuilder<CaseNotice> b)
    {
        b.ToTable("CaseNotices");
        b.Property(x => x.Text).HasMaxLength(300);
        b.HasIndex(x => new { x.UserId, x.Seen });
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// The street's numbers kept current on every transition (DESIGN.md: aggregates, not recounts): open cases per
/// community × type × state, and escalated ones under the state "Escalated".
/// </summary>
public sealed class CaseTally
{
    public required long CommunityId { get; set; }
    public required string Kind { get; set; }
    public required string State { get; set; }
    public int Count { get; set; }
}

sealed class CaseTallyConfiguration : IEntityTypeConfiguration<CaseTally>
{
    public void Configure(EntityTypeBuilder<CaseTally> b)
    {
        b.ToTable("CaseTallies");
        b.HasKey(x => new { x.CommunityId, x.Kind, x.State });
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.State).HasMaxLength(16);
    }
}

/// <summary>
/// 转派 handed the case on from this user: they keep sight of it (read only) for mediation, help, 12345 and other
/// cases; a grievance stays with its present handlers (<see cref="CaseScope.VisibleTo"/>).
/// </summary>
public sealed class CaseFormerOwner
{
    public required long CaseId { get; set; }
    public required long UserId { get; set; }
    public required DateTime Until { get; set; }
}

sealed class CaseFormerOwnerConfiguration : IEntityTypeConfiguration<CaseFormerOwner>
{
    public void Configure(EntityTypeBuilder<CaseFormerOwner> b)
    {
        b.ToTable("CaseFormerOwners");
        b.HasKey(x => new { x.CaseId, x.UserId });
        b.HasIndex(x => x.UserId);
    }
}

/// <summary>
/// 信访 延期 asked for by the handler and decided by the head (信访工作条例 art 34: ≤30 日, approved by the
/// head of the office). The deadline moves only on approval (then a <see cref="CaseExtension"/> is written).
/// </summary>
public sealed class CaseExtensionRequest
{
    public long Id { get; set; }
    public required long CaseId { get; set; }
    public required int Amount { get; set; }
    public required string Reason { get; set; }
    public required long RequestedById { get; set; }
    public required string RequestedByName { get; set; }
    public required DateTime RequestedAt { get; set; }
    /// <summary>Null while waiting; true approved, false refused.</summary>
    public bool? Approved { get; set; }
    public long? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
}

sealed class CaseExtensionRequestConfiguration : IEntityTypeConfiguration<CaseExtensionRequest>
{
    public void Configure(EntityTypeBuilder<CaseExtensionRequest> b)
    {
        b.ToTable("CaseExtensionRequests");
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.RequestedByName).HasMaxLength(64);
        b.Property(x => x.DecidedByName).HasMaxLength(64);
        b.Property(x => x.DecisionNote).HasMaxLength(500);
        b.HasIndex(x => x.CaseId);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
