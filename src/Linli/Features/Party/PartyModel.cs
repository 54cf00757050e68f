using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Party;

/// <summary>党支部 of a community. <see cref="CommunityId"/> is what every party scope check compares.</summary>
public sealed class PartyBranch
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required string Name { get; set; }
    public DateOnly? FoundedOn { get; set; }
}

/// <summary>党小组 of a branch.</summary>
public sealed class PartyGroup
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>党员类别.</summary>
public enum MemberCategory { Full, Probationary }

/// <summary>
/// 党员 of a branch. A member who lives in the community is linked to the resident (<see cref="ResidentId"/>); one who lives
/// elsewhere (组织关系 here, home elsewhere) has only the name and what is typed here. A member whose 组织关系 went out
/// (<see cref="RelationOutOn"/>) is kept, for history, and no longer counted.
/// </summary>
public sealed class PartyMember
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    public long? GroupId { get; set; }
    public long? ResidentId { get; set; }
    public required string Name { get; set; }
    /// <summary>男 / 女.</summary>
    public string? Gender { get; set; }
    public DateOnly? BirthDate { get; set; }
    /// <summary>入党日期.</summary>
    public required DateOnly JoinedOn { get; set; }
    /// <summary>转正日期 (none while 预备).</summary>
    public DateOnly? FullOn { get; set; }
    public MemberCategory Category { get; set; } = MemberCategory.Full;
    /// <summary>组织关系转入: when, from which organisation.</summary>
    public DateOnly? RelationInOn { get; set; }
    public string? RelationFrom { get; set; }
    /// <summary>组织关系转出: when, to which organisation. Set = no longer a member here.</summary>
    public DateOnly? RelationOutOn { get; set; }
    public string? RelationTo { get; set; }
    /// <summary>党内职务 as said (支部书记, 组织委员 …); empty for a member without office.</summary>
    public string? Posts { get; set; }
    /// <summary>支委: counted for the 支委会's quorum.</summary>
    public bool IsCommittee { get; set; }
    /// <summary>Where an outside member lives (a member linked to a resident lives at the resident's address).</summary>
    public string? Address { get; set; }
    public int Version { get; set; }

    public bool IsActive => RelationOutOn is null;
}

/// <summary>A branch meeting (三会一课 and the others), with its attendance counted when it was recorded.</summary>
public sealed class BranchMeeting
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    /// <summary>The group of a 党小组会.</summary>
    public long? GroupId { get; set; }
    public required MeetingKind Kind { get; set; }
    public required DateOnly Date { get; set; }
    public required string Topic { get; set; }
    public string? Place { get; set; }
    public string? Host { get; set; }
    public string? Agenda { get; set; }
    /// <summary>会议记录.</summary>
    public string? Minutes { get; set; }
    /// <summary>应到 / 实到 at the last attendance saved, and whether that met the quorum (<see cref="Quorum"/>).</summary>
    public int Expected { get; set; }
    public int Present { get; set; }
    public bool QuorumMet { get; set; }
    public required long CreatedById { get; set; }
    public required DateTime CreatedAtUtc { get; set; }
}

/// <summary>One member at one meeting: present, or absent with the reason (请假 …).</summary>
public sealed class MeetingAttendance
{
    public long Id { get; set; }
    public required long MeetingId { get; set; }
    public required long MemberId { get; set; }
    public bool Present { get; set; }
    public string? AbsenceReason { get; set; }
}

/// <summary>对照准则条例查摆问题: one occasion on which the leadership team lists its problems.</summary>
public sealed class SelfInspection
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    public required int Year { get; set; }
    /// <summary>年度组织生活会, 民主生活会, 巡察反馈 … (<see cref="Rectifications.Occasions"/>).</summary>
    public required string Occasion { get; set; }
    public required string Title { get; set; }
    public required DateOnly HeldOn { get; set; }
    /// <summary>会前征求意见、谈心谈话情况.</summary>
    public string? Opinions { get; set; }
    /// <summary>整改清单 published to the members on this day.</summary>
    public DateOnly? PublishedOn { get; set; }
    public required DateTime CreatedAtUtc { get; set; }
}

/// <summary>进度 of a rectification item.</summary>
public enum RectificationProgress { NotStarted, InProgress, Done, SignedOff }

/// <summary>
/// One row of the 整改台账: a problem (问题清单), its measures (任务清单) and who answers for it (责任清单) — the three lists
/// are views of these rows. 销号 is the reviewer's alone, never the owner's (<see cref="Rectifications.MaySignOff"/>).
/// </summary>
public sealed class Rectification
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long InspectionId { get; set; }
    public required int Seq { get; set; }
    /// <summary>The member whose problem it is; null = the team's (班子).</summary>
    public long? MemberId { get; set; }
    /// <summary>班子 or the member's name.</summary>
    public required string Subject { get; set; }
    /// <summary>The rule it falls short of: a key of <see cref="Rectifications.Rules"/> (e.g. <c>准则·联系群众</c>).</summary>
    public required string Rule { get; set; }
    /// <summary>问题表现, stated specifically.</summary>
    public required string Problem { get; set; }
    /// <summary>来源: 征求意见, 谈心谈话, 巡察反馈, 自己查摆 ….</summary>
    public required string Source { get; set; }
    public required DateOnly FoundOn { get; set; }
    public required string Goal { get; set; }
    public required string Measures { get; set; }
    public required long OwnerId { get; set; }
    public required string OwnerName { get; set; }
    public required long ReviewerId { get; set; }
    public required string ReviewerName { get; set; }
    /// <summary>责任单位.</summary>
    public string? Unit { get; set; }
    public required DateOnly Deadline { get; set; }
    public RectificationProgress Progress { get; set; }
    /// <summary>整改结果.</summary>
    public string? Result { get; set; }
    /// <summary>佐证材料, as listed (files are <see cref="RectificationFile"/>).</summary>
    public string? Evidence { get; set; }
    public DateOnly? DoneOn { get; set; }
    public DateOnly? SignedOffOn { get; set; }
    public string? SignedOffBy { get; set; }
    public string? Note { get; set; }
    public int Version { get; set; }
}

/// <summary>A line of a rectification's history: 查摆, 进度, 完成, 销号, 退回.</summary>
public sealed class RectificationEvent
{
    public long Id { get; set; }
    public required long RectificationId { get; set; }
    public required DateTime AtUtc { get; set; }
    public required long UserId { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public string? Text { get; set; }
}

/// <summary>A 佐证材料 file (photo, scan) of a rectification, kept in the database with it.</summary>
public sealed class RectificationFile
{
    public long Id { get; set; }
    public required long RectificationId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Bytes { get; set; }
    public required DateTime AddedAtUtc { get; set; }
}

sealed class PartyBranchConfiguration : IEntityTypeConfiguration<PartyBranch>
{
    public void Configure(EntityTypeBuilder<PartyBranch> b)
    {
        b.ToTable("PartyBranches");
        b.Property(x => x.Name).HasMaxLength(64);
        b.HasIndex(x => x.CommunityId);
    }
}

sealed class PartyGroupConfiguration : IEntityTypeConfiguration<PartyGroup>
{
    public void Configure(EntityTypeBuilder<PartyGroup> b)
    {
        b.ToTable("PartyGroups");
        b.Property(x => x.Name).HasMaxLength(64);
        b.HasIndex(x => x.BranchId);
    }
}

sealed class PartyMemberConfiguration : IEntityTypeConfiguration<PartyMember>
{
    public void Configure(EntityTypeBuilder<PartyMember> b)
    {
        b.ToTable("PartyMembers");
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Gender).HasMaxLength(4);
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.RelationFrom).HasMaxLength(100);
        b.Property(x => x.RelationTo).HasMaxLength(100);
        b.Property(x => x.Posts).HasMaxLength(100);
        b.Property(x => x.Address).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsActive);
        b.HasIndex(x => new { x.BranchId, x.Name });
        b.HasIndex(x => x.CommunityId);
        b.HasIndex(x => x.ResidentId);
    }
}

sealed class BranchMeetingConfiguration : IEntityTypeConfiguration<BranchMeeting>
{
    public void Configure(EntityTypeBuilder<BranchMeeting> b)
    {
        b.ToTable("BranchMeetings");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Topic).HasMaxLength(200);
        b.Property(x => x.Place).HasMaxLength(100);
        b.Property(x => x.Host).HasMaxLength(64);
        b.Property(x => x.Agenda).HasMaxLength(2000);
        b.Property(x => x.Minutes).HasMaxLength(8000);
        b.HasIndex(x => new { x.BranchId, x.Date });
        b.HasIndex(x => x.CommunityId);
    }
}

sealed class MeetingAttendanceConfiguration : IEntityTypeConfiguration<MeetingAttendance>
{
    public void Configure(EntityTypeBuilder<MeetingAttendance> b)
    {
        b.ToTable("MeetingAttendances");
        b.Property(x => x.AbsenceReason).HasMaxLength(100);
        b.HasIndex(x => new { x.MeetingId, x.MemberId }).IsUnique();
        b.HasIndex(x => x.MemberId);
    }
}

sealed class SelfInspectionConfiguration : IEntityTypeConfiguration<SelfInspection>
{
    public void Configure(EntityTypeBuilder<SelfInspection> b)
    {
        b.ToTable("SelfInspections");
        b.Property(x => x.Occasion).HasMaxLength(32);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Opinions).HasMaxLength(4000);
        b.HasIndex(x => new { x.CommunityId, x.Year });
    }
}

sealed class RectificationConfiguration : IEntityTypeConfiguration<Rectification>
{
    public void Configure(EntityTypeBuilder<Rectification> b)
    {
        b.ToTable("Rectifications");
        b.Property(x => x.Subject).HasMaxLength(64);
        b.Property(x => x.Rule).HasMaxLength(64);
        b.Property(x => x.Problem).HasMaxLength(2000);
        b.Property(x => x.Source).HasMaxLength(32);
        b.Property(x => x.Goal).HasMaxLength(1000);
        b.Property(x => x.Measures).HasMaxLength(2000);
        b.Property(x => x.OwnerName).HasMaxLength(64);
        b.Property(x => x.ReviewerName).HasMaxLength(64);
        b.Property(x => x.Unit).HasMaxLength(64);
        b.Property(x => x.Progress).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Result).HasMaxLength(2000);
        b.Property(x => x.Evidence).HasMaxLength(2000);
        b.Property(x => x.SignedOffBy).HasMaxLength(64);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.InspectionId, x.Seq }).IsUnique();
        b.HasIndex(x => new { x.CommunityId, x.Progress, x.Deadline });
        b.HasIndex(x => x.OwnerId);
        b.HasIndex(x => x.ReviewerId);
    }
}

sealed class RectificationEventConfiguration : IEntityTypeConfiguration<RectificationEvent>
{
    public void Configure(EntityTypeBuilder<RectificationEvent> b)
    {
        b.ToTable("RectificationEvents");
        b.Property(x => x.UserName).HasMaxLength(64);
        b.Property(x => x.Action).HasMaxLength(16);
        b.Property(x => x.Text).HasMaxLength(2000);
        b.HasIndex(x => new { x.RectificationId, x.AtUtc });
    }
}

sealed class RectificationFileConfiguration : IEntityTypeConfiguration<RectificationFile>
{
    public void Configure(EntityTypeBuilder<RectificationFile> b)
    {
        b.ToTable("RectificationFiles");
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(64);
        b.HasIndex(x => x.RectificationId);
    }
}
