using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Activities;

/// <summary>Planned (open for sign-up and check-in), closed by the organiser with its report, or cancelled (a session dropped from its series after people signed up).</summary>
public enum ActivityState { Planned, Closed, Cancelled }

/// <summary>
/// 社区活动: one session at one place and time, belonging to a community. <see cref="Capacity"/> null means no limit;
/// walk-ins are let in beyond it. <see cref="DoorCode"/> is what hangs at the door (and inside its QR) for residents to
/// check in on their phones; it opens the check-in page only on the day of the activity.
/// </summary>
public sealed class Activity
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    /// <summary>The series that generated it; (SeriesId, Date) is unique, so regenerating a series never duplicates a session.</summary>
    public long? SeriesId { get; set; }
    public required string Title { get; set; }
    /// <summary>One of <see cref="ActivityText.Kinds"/>.</summary>
    public required string Kind { get; set; }
    /// <summary>One of <see cref="ActivityText.Audiences"/>.</summary>
    public required string Audience { get; set; }
    public required DateOnly Date { get; set; }
    public required TimeOnly Starts { get; set; }
    public required TimeOnly Ends { get; set; }
    public required string Place { get; set; }
    public int? Capacity { get; set; }
    /// <summary>负责人 as written.</summary>
    public required string Organiser { get; set; }
    /// <summary>活动内容 planned.</summary>
    public string? Content { get; set; }
    /// <summary>活动小结, written when it is closed.</summary>
    public string? Report { get; set; }
    public ActivityState State { get; set; }
    public required string DoorCode { get; set; }
    /// <summary>记录人: who entered it.</summary>
    public required string RecorderName { get; set; }
    public required long RecorderId { get; set; }
    public required DateTime CreatedAtUtc { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    public int Version { get; set; }

    public decimal DurationHours => Math.Round((decimal)(Ends - Starts).TotalHours, 2);
}

/// <summary>
/// A repeating activity: every <see cref="IntervalWeeks"/> weeks on <see cref="Weekday"/> from <see cref="FirstDate"/> to
/// <see cref="LastDate"/>. Its sessions are <see cref="Activity"/> rows generated from it (<see cref="ActivitySeriesPlan"/>).
/// </summary>
public sealed class ActivitySeries
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required string Title { get; set; }
    public required string Kind { get; set; }
    public required string Audience { get; set; }
    public required string Place { get; set; }
    public int? Capacity { get; set; }
    public required string Organiser { get; set; }
    public string? Content { get; set; }
    public required DayOfWeek Weekday { get; set; }
    public int IntervalWeeks { get; set; } = 1;
    public required DateOnly FirstDate { get; set; }
    public required DateOnly LastDate { get; set; }
    public required TimeOnly Starts { get; set; }
    public required TimeOnly Ends { get; set; }
    public int Version { get; set; }
}

/// <summary>Signed up (a place held), waiting for a place, or cancelled.</summary>
public enum SignupState { Confirmed, Waiting, Cancelled }

/// <summary>How attendance was taken: ticked on the list, by the resident's code at the door, or a walk-in added at the door.</summary>
public enum AttendanceWay { List, Code, WalkIn }

/// <summary>
/// 报名: a resident (or, for a walk-in, a named outsider) on an activity's list. A waiting sign-up moves up when a place
/// frees, in the order people signed up. <see cref="CheckInCode"/> is the person's own four digits, typed at the door.
/// </summary>
public sealed class ActivitySignup
{
    public long Id { get; set; }
    public required long ActivityId { get; set; }
    public long? ResidentId { get; set; }
    /// <summary>The name as shown on the list: the resident's at sign-up, or the outsider's.</summary>
    public required string Name { get; set; }
    /// <summary>The resident's grid (for participation by grid and scope of cadres), null for outsiders.</summary>
    public long? GridId { get; set; }
    public SignupState State { get; set; }
    public bool IsWalkIn { get; set; }
    /// <summary>Serves at the activity as a volunteer: closing the activity credits their hours.</summary>
    public bool AsVolunteer { get; set; }
    public required string CheckInCode { get; set; }
    public required DateTime SignedUpAtUtc { get; set; }
    public DateTime? AttendedAtUtc { get; set; }
    public AttendanceWay? AttendedBy { get; set; }
    public required string SignedUpByName { get; set; }
}

/// <summary>A photo of an activity, kept with it in the database.</summary>
public sealed class ActivityPhoto
{
    public long Id { get; set; }
    public required long ActivityId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Bytes { get; set; }
    public string? Caption { get; set; }
}

sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.ToTable("Activities");
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.Audience).HasMaxLength(16);
        b.Property(x => x.Place).HasMaxLength(100);
        b.Property(x => x.Organiser).HasMaxLength(64);
        b.Property(x => x.Content).HasMaxLength(2000);
        b.Property(x => x.Report).HasMaxLength(4000);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.DoorCode).HasMaxLength(8);
        b.Property(x => x.RecorderName).HasMaxLength(64);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.DurationHours);
        b.HasIndex(x => new { x.CommunityId, x.Date });
        b.HasIndex(x => new { x.SeriesId, x.Date }).IsUnique();
        b.HasIndex(x => x.DoorCode);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ActivitySeries>().WithMany().HasForeignKey(x => x.SeriesId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ActivitySeriesConfiguration : IEntityTypeConfiguration<ActivitySeries>
{
    public void Configure(EntityTypeBuilder<ActivitySeries> b)
    {
        b.ToTable("ActivitySeries");
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.Audience).HasMaxLength(16);
        b.Property(x => x.Place).HasMaxLength(100);
        b.Property(x => x.Organiser).HasMaxLength(64);
        b.Property(x => x.Content).HasMaxLength(2000);
        b.Property(x => x.Weekday).HasConversion<int>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.CommunityId);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ActivitySignupConfiguration : IEntityTypeConfiguration<ActivitySignup>
{
    public void Configure(EntityTypeBuilder<ActivitySignup> b)
    {
        b.ToTable("ActivitySignups");
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.AttendedBy).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.CheckInCode).HasMaxLength(8);
        b.Property(x => x.SignedUpByName).HasMaxLength(64);
        b.HasIndex(x => new { x.ActivityId, x.State, x.Id });
        b.HasIndex(x => new { x.ActivityId, x.ResidentId }).IsUnique();
        b.HasIndex(x => new { x.ActivityId, x.CheckInCode }).IsUnique();
        b.HasIndex(x => new { x.ResidentId, x.AttendedAtUtc });
        b.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ActivityPhotoConfiguration : IEntityTypeConfiguration<ActivityPhoto>
{
    public void Configure(EntityTypeBuilder<ActivityPhoto> b)
    {
        b.ToTable("ActivityPhotos");
        b.Property(x => x.ContentType).HasMaxLength(32);
        b.Property(x => x.Caption).HasMaxLength(100);
        b.HasIndex(x => x.ActivityId);
        b.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}
