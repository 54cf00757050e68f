using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Party;

/// <summary>What a member's dues are reckoned on (中组发〔2008〕3号, <see cref="DuesRules"/>).</summary>
public enum DuesKind
{
    /// <summary>在岗：月工资收入（税后）.</summary>
    Wage,
    /// <summary>离退休：月养老金.</summary>
    Pension,
    /// <summary>学生：每月0.2元.</summary>
    Student,
    /// <summary>下岗失业：每月0.2元.</summary>
    Unemployed,
    /// <summary>享受低保：每月0.2元.</summary>
    Dibao,
    /// <summary>困难减免：经批准免交（或少交），记批准人和理由.</summary>
    Waived,
}

/// <summary>
/// A member's declared base (党费基数申报) from a month on: the kind, the monthly income or pension where it counts, the
/// monthly amount the bands give (kept, so a later change of the rules does not rewrite what was due), and for a waiver
/// (<see cref="DuesKind.Waived"/>) who approved it and why. The declaration that applies to a month is the latest whose
/// <see cref="FromMonth"/> is not after it.
/// </summary>
public sealed class DuesDeclaration
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    public required long MemberId { get; set; }
    public required DuesKind Kind { get; set; }
    /// <summary>月收入（税后工资或养老金），元; null for the fixed 0.2 元 kinds and waivers.</summary>
    public decimal? MonthlyIncome { get; set; }
    /// <summary>月缴党费，元 (two decimals).</summary>
    public required decimal MonthlyAmount { get; set; }
    /// <summary>First day of the first month it applies to.</summary>
    public required DateOnly FromMonth { get; set; }
    public required DateOnly DeclaredOn { get; set; }
    /// <summary>A waiver's approver (批准人) and reason.</summary>
    public string? ApprovedBy { get; set; }
    public string? Reason { get; set; }
    public required long RecordedById { get; set; }
    public required string RecordedByName { get; set; }
}

/// <summary>党费收缴: one payment of a member for one or more consecutive months, when, how much, who received it.</summary>
public sealed class DuesPayment
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    public required long MemberId { get; set; }
    /// <summary>First days of the first and last month paid for.</summary>
    public required DateOnly FromMonth { get; set; }
    public required DateOnly ToMonth { get; set; }
    public required decimal Amount { get; set; }
    public required DateOnly PaidOn { get; set; }
    public string? Note { get; set; }
    public required long RecordedById { get; set; }
    public required string RecordedByName { get; set; }
    public required DateTime RecordedAtUtc { get; set; }
}

/// <summary>
/// 困难党员: a member in hardship — the kind of hardship, health, the situation in words, the member paired with them (结对)
/// and since when, the support given. <see cref="EndedOn"/> set = no longer in hardship (kept for the record).
/// </summary>
public sealed class HardshipRecord
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    public required long MemberId { get; set; }
    /// <summary>生活困难, 患病, 残疾, 高龄独居, 因灾 … (<see cref="Care.HardshipKinds"/>).</summary>
    public required string Kind { get; set; }
    /// <summary>健康状况.</summary>
    public string? Health { get; set; }
    /// <summary>困难情况.</summary>
    public required string Situation { get; set; }
    public long? PairedMemberId { get; set; }
    public DateOnly? PairedOn { get; set; }
    /// <summary>帮扶措施 given so far, one line per entry.</summary>
    public string? Support { get; set; }
    public required DateOnly FlaggedOn { get; set; }
    public DateOnly? EndedOn { get; set; }
    public int Version { get; set; }
}

/// <summary>A holiday visit (走访慰问) to a member in hardship, for a round (元旦春节 2027, 七一 2026 …), with what was given.</summary>
public sealed class HardshipVisit
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long HardshipId { get; set; }
    public required long MemberId { get; set; }
    /// <summary>A key of <see cref="Care.Festivals"/>.</summary>
    public required string Festival { get; set; }
    /// <summary>The year of the round (the 春节 of 2027 is the round of 2027, visited from December 2026).</summary>
    public required int RoundYear { get; set; }
    public required DateOnly Date { get; set; }
    public required string Visitors { get; set; }
    /// <summary>慰问金，元.</summary>
    public decimal? Money { get; set; }
    /// <summary>慰问品 and what was found.</summary>
    public string? Goods { get; set; }
    public string? Notes { get; set; }
    /// <summary>The visit recorded in the visits module for a member who is a resident (null otherwise, or when the user could not record it there).</summary>
    public long? VisitId { get; set; }
    public required long RecordedById { get; set; }
    public required DateTime RecordedAtUtc { get; set; }
}

/// <summary>谈心谈话: who talked with whom, when, the topic and notes (party data: only party.read holders see it).</summary>
public sealed class PartyTalk
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    /// <summary>谈话人 as said (the secretary, a committee member …).</summary>
    public required string Talker { get; set; }
    public required long MemberId { get; set; }
    public required DateOnly Date { get; set; }
    public required string Topic { get; set; }
    public string? Notes { get; set; }
    public required long RecordedById { get; set; }
    public required DateTime RecordedAtUtc { get; set; }
}

/// <summary>A photo of a branch meeting (JPG or PNG, at most <see cref="Care.PhotoMaxBytes"/>), kept in the database with the meeting.</summary>
public sealed class MeetingPhoto
{
    public long Id { get; set; }
    public required long MeetingId { get; set; }
    public required long CommunityId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Bytes { get; set; }
    public required DateTime AddedAtUtc { get; set; }
}

sealed class DuesDeclarationConfiguration : IEntityTypeConfiguration<DuesDeclaration>
{
    public void Configure(EntityTypeBuilder<DuesDeclaration> b)
    {
        b.ToTable("PartyDuesDeclarations");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.MonthlyIncome).HasPrecision(12, 2);
        b.Property(x => x.MonthlyAmount).HasPrecision(12, 2);
        b.Property(x => x.ApprovedBy).HasMaxLength(64);
        b.Property(x => x.Reason).HasMaxLength(200);
        b.Property(x => x.RecordedByName).HasMaxLength(64);
        b.HasIndex(x => new { x.MemberId, x.FromMonth });
        b.HasIndex(x => x.BranchId);
    }
}

sealed class DuesPaymentConfiguration : IEntityTypeConfiguration<DuesPayment>
{
    public void Configure(EntityTypeBuilder<DuesPayment> b)
    {
        b.ToTable("PartyDuesPayments");
        b.Property(x => x.Amount).HasPrecision(12, 2);
        b.Property(x => x.Note).HasMaxLength(200);
        b.Property(x => x.RecordedByName).HasMaxLength(64);
        b.HasIndex(x => new { x.MemberId, x.FromMonth });
        b.HasIndex(x => new { x.BranchId, x.PaidOn });
    }
}

sealed class HardshipRecordConfiguration : IEntityTypeConfiguration<HardshipRecord>
{
    public void Configure(EntityTypeBuilder<HardshipRecord> b)
    {
        b.ToTable("PartyHardships");
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.Health).HasMaxLength(64);
        b.Property(x => x.Situation).HasMaxLength(1000);
        b.Property(x => x.Support).HasMaxLength(4000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.MemberId);
        b.HasIndex(x => x.BranchId);
    }
}

sealed class HardshipVisitConfiguration : IEntityTypeConfiguration<HardshipVisit>
{
    public void Configure(EntityTypeBuilder<HardshipVisit> b)
    {
        b.ToTable("PartyHardshipVisits");
        b.Property(x => x.Festival).HasMaxLength(16);
        b.Property(x => x.Visitors).HasMaxLength(100);
        b.Property(x => x.Money).HasPrecision(12, 2);
        b.Property(x => x.Goods).HasMaxLength(200);
        b.Property(x => x.Notes).HasMaxLength(1000);
        b.HasIndex(x => new { x.HardshipId, x.Festival, x.RoundYear });
        b.HasIndex(x => new { x.CommunityId, x.Date });
    }
}

sealed class PartyTalkConfiguration : IEntityTypeConfiguration<PartyTalk>
{
    public void Configure(EntityTypeBuilder<PartyTalk> b)
    {
        b.ToTable("PartyTalks");
        b.Property(x => x.Talker).HasMaxLength(64);
        b.Property(x => x.Topic).HasMaxLength(200);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.HasIndex(x => new { x.BranchId, x.Date });
        b.HasIndex(x => x.MemberId);
    }
}

sealed class MeetingPhotoConfiguration : IEntityTypeConfiguration<MeetingPhoto>
{
    public void Configure(EntityTypeBuilder<MeetingPhoto> b)
    {
        b.ToTable("PartyMeetingPhotos");
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(64);
        b.HasIndex(x => x.MeetingId);
    }
}
