using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Activities;

/// <summary>
/// 志愿者: a resident of the community, or a named outsider (<see cref="ResidentId"/> null), registered by the office.
/// 《志愿服务条例》: their data is never disclosed without consent — <see cref="ConsentToShare"/> false keeps the name masked in
/// every list and the person out of every export (<see cref="VolunteerPrivacy"/>).
/// </summary>
public sealed class Volunteer
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public long? ResidentId { get; set; }
    /// <summary>The resident's grid, for scope and numbers; null for an outsider.</summary>
    public long? GridId { get; set; }
    public required string Name { get; set; }
    /// <summary>An outsider's unit or contact note as written (no ID or phone numbers are stored for outsiders).</summary>
    public string? Note { get; set; }
    public bool ConsentToShare { get; set; }
    public DateTime? ConsentRecordedAtUtc { get; set; }
    public string? ConsentRecordedBy { get; set; }
    /// <summary>Skills, separated by 、 (助老, 理发, 维修, 文艺 …).</summary>
    public string? Skills { get; set; }
    /// <summary>可服务时间 as written (周末上午, 工作日晚上 …).</summary>
    public string? Availability { get; set; }
    public required DateOnly JoinedOn { get; set; }
    public bool HasLeft { get; set; }
    /// <summary>The volunteer's own link (/Volunteers/Self/{token}) for proposing their hours; a new one voids the old.</summary>
    public required string SelfToken { get; set; }
    public int Version { get; set; }

    public IReadOnlyList<string> SkillList => Skills is null ? [] : Skills.Split('、', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>志愿服务队 (文艺队, 巡逻队, 助老队 …) of a community.</summary>
public sealed class VolunteerTeam
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required string Name { get; set; }
    public string? Leader { get; set; }
    public string? Description { get; set; }
}

public sealed class VolunteerTeamMember
{
    public required long TeamId { get; set; }
    public required long VolunteerId { get; set; }
}

/// <summary>A volunteer project (项目) with its opportunities; optionally run by a team, whose totals its hours count to.</summary>
public sealed class VolunteerProject
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required string Name { get; set; }
    public long? TeamId { get; set; }
    public string? Description { get; set; }
}

/// <summary>Fixed shift (a start and end), any time in a window of days, or ongoing.</summary>
public enum OpportunityMode { Shift, Window, Ongoing }

/// <summary>A need for volunteers inside a project: a shift, a window or an ongoing post, with how many are wanted.</summary>
public sealed class VolunteerOpportunity
{
    public long Id { get; set; }
    public required long ProjectId { get; set; }
    public required string Title { get; set; }
    public OpportunityMode Mode { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public TimeOnly? Starts { get; set; }
    public TimeOnly? Ends { get; set; }
    public int? Needed { get; set; }
    public string? Place { get; set; }
}

public sealed class VolunteerAssignment
{
    public long Id { get; set; }
    public required long OpportunityId { get; set; }
    public required long VolunteerId { get; set; }
    public required DateTime AssignedAtUtc { get; set; }
}

/// <summary>Proposed by the volunteer (or entered by staff for confirming), confirmed by staff, or rejected with a reason.</summary>
public enum HoursState { Proposed, Confirmed, Rejected }

/// <summary>
/// 志愿服务记录: hours served on one day (travel excluded, 《志愿服务记录与证明出具办法》), what was done, 服务人次 and the
/// satisfaction of those served (1–5). <see cref="Source"/>/<see cref="SourceId"/> name the shift, activity or service order
/// it came from: a second credit for the same source replaces the first. Only confirmed hours count.
/// </summary>
public sealed class VolunteerHours
{
    public long Id { get; set; }
    public required long VolunteerId { get; set; }
    public required long CommunityId { get; set; }
    public long? TeamId { get; set; }
    public required DateOnly Date { get; set; }
    public required decimal Hours { get; set; }
    public required string Content { get; set; }
    public int ServedCount { get; set; }
    public int? Satisfaction { get; set; }
    /// <summary><c>self</c>, <c>staff</c>, <c>activity</c>, <c>opportunity</c>, <c>service-order</c>.</summary>
    public required string Source { get; set; }
    public long? SourceId { get; set; }
    public HoursState State { get; set; }
    public required DateTime EnteredAtUtc { get; set; }
    public required string EnteredBy { get; set; }
    public DateTime? DecidedAtUtc { get; set; }
    public string? DecidedBy { get; set; }
    public string? RejectReason { get; set; }
}

/// <summary>时间银行: hours earned (one entry per confirmed record) and redeemed for community services; the balance is their sum.</summary>
public sealed class TimeBankEntry
{
    public long Id { get; set; }
    public required long VolunteerId { get; set; }
    public required DateOnly Date { get; set; }
    /// <summary>Positive when earned, negative when redeemed.</summary>
    public required decimal Hours { get; set; }
    public required string Note { get; set; }
    public long? HoursId { get; set; }
    public required string EnteredBy { get; set; }
    public required DateTime EnteredAtUtc { get; set; }
}

/// <summary>
/// 志愿服务证明: numbered, the volunteer's identity, hours and content over a period, the issuer and date. Posted inside the
/// unit from <see cref="PostedOn"/> for at least seven days before it may be issued; never deleted.
/// </summary>
public sealed class ServiceCertificate
{
    public long Id { get; set; }
    public required string Number { get; set; }
    public required long VolunteerId { get; set; }
    public required long CommunityId { get; set; }
    public required string VolunteerName { get; set; }
    /// <summary>The ID number as the public copy shows it (masked), null for an outsider.</summary>
    public string? IdMasked { get; set; }
    public required DateOnly From { get; set; }
    public required DateOnly To { get; set; }
    public required decimal Hours { get; set; }
    public required string Content { get; set; }
    public required string Issuer { get; set; }
    public required DateOnly PostedOn { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public string? IssuedBy { get; set; }
    public required string CreatedBy { get; set; }
    public required DateTime CreatedAtUtc { get; set; }
}

sealed class VolunteerConfiguration : IEntityTypeConfiguration<Volunteer>
{
    public void Configure(EntityTypeBuilder<Volunteer> b)
    {
        b.ToTable("Volunteers");
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Note).HasMaxLength(200);
        b.Property(x => x.ConsentRecordedBy).HasMaxLength(64);
        b.Property(x => x.Skills).HasMaxLength(200);
        b.Property(x => x.Availability).HasMaxLength(100);
        b.Property(x => x.SelfToken).HasMaxLength(32);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.SkillList);
        b.HasIndex(x => new { x.CommunityId, x.ResidentId }).IsUnique();
        b.HasIndex(x => x.SelfToken).IsUnique();
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class VolunteerTeamConfiguration : IEntityTypeConfiguration<VolunteerTeam>
{
    public void Configure(EntityTypeBuilder<VolunteerTeam> b)
    {
        b.ToTable("VolunteerTeams");
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Leader).HasMaxLength(64);
        b.Property(x => x.Description).HasMaxLength(500);
        b.HasIndex(x => new { x.CommunityId, x.Name }).IsUnique();
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class VolunteerTeamMemberConfiguration : IEntityTypeConfiguration<VolunteerTeamMember>
{
    public void Configure(EntityTypeBuilder<VolunteerTeamMember> b)
    {
        b.ToTable("VolunteerTeamMembers");
        b.HasKey(x => new { x.TeamId, x.VolunteerId });
        b.HasIndex(x => x.VolunteerId);
        b.HasOne<VolunteerTeam>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class VolunteerProjectConfiguration : IEntityTypeConfiguration<VolunteerProject>
{
    public void Configure(EntityTypeBuilder<VolunteerProject> b)
    {
        b.ToTable("VolunteerProjects");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Description).HasMaxLength(1000);
        b.HasIndex(x => x.CommunityId);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<VolunteerTeam>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

sealed class VolunteerOpportunityConfiguration : IEntityTypeConfiguration<VolunteerOpportunity>
{
    public void Configure(EntityTypeBuilder<VolunteerOpportunity> b)
    {
        b.ToTable("VolunteerOpportunities");
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Mode).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Place).HasMaxLength(100);
        b.HasIndex(x => x.ProjectId);
        b.HasOne<VolunteerProject>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class VolunteerAssignmentConfiguration : IEntityTypeConfiguration<VolunteerAssignment>
{
    public void Configure(EntityTypeBuilder<VolunteerAssignment> b)
    {
        b.ToTable("VolunteerAssignments");
        b.HasIndex(x => new { x.OpportunityId, x.VolunteerId }).IsUnique();
        b.HasIndex(x => x.VolunteerId);
        b.HasOne<VolunteerOpportunity>().WithMany().HasForeignKey(x => x.OpportunityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class VolunteerHoursConfiguration : IEntityTypeConfiguration<VolunteerHours>
{
    public void Configure(EntityTypeBuilder<VolunteerHours> b)
    {
        b.ToTable("VolunteerHours");
        b.Property(x => x.Hours).HasPrecision(8, 2);
        b.Property(x => x.Content).HasMaxLength(500);
        b.Property(x => x.Source).HasMaxLength(16);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.EnteredBy).HasMaxLength(64);
        b.Property(x => x.DecidedBy).HasMaxLength(64);
        b.Property(x => x.RejectReason).HasMaxLength(200);
        b.HasIndex(x => new { x.VolunteerId, x.Date });
        b.HasIndex(x => new { x.CommunityId, x.State, x.Date });
        b.HasIndex(x => new { x.Source, x.SourceId, x.VolunteerId });
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<VolunteerTeam>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

sealed class TimeBankEntryConfiguration : IEntityTypeConfiguration<TimeBankEntry>
{
    public void Configure(EntityTypeBuilder<TimeBankEntry> b)
    {
        b.ToTable("TimeBankEntries");
        b.Property(x => x.Hours).HasPrecision(8, 2);
        b.Property(x => x.Note).HasMaxLength(200);
        b.Property(x => x.EnteredBy).HasMaxLength(64);
        b.HasIndex(x => new { x.VolunteerId, x.Id });
        b.HasIndex(x => x.HoursId).IsUnique();
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<VolunteerHours>().WithMany().HasForeignKey(x => x.HoursId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ServiceCertificateConfiguration : IEntityTypeConfiguration<ServiceCertificate>
{
    public void Configure(EntityTypeBuilder<ServiceCertificate> b)
    {
        b.ToTable("ServiceCertificates");
        b.Property(x => x.Number).HasMaxLength(40);
        b.Property(x => x.VolunteerName).HasMaxLength(64);
        b.Property(x => x.IdMasked).HasMaxLength(24);
        b.Property(x => x.Hours).HasPrecision(8, 2);
        b.Property(x => x.Content).HasMaxLength(1000);
        b.Property(x => x.Issuer).HasMaxLength(100);
        b.Property(x => x.IssuedBy).HasMaxLength(64);
        b.Property(x => x.CreatedBy).HasMaxLength(64);
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => x.VolunteerId);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}
