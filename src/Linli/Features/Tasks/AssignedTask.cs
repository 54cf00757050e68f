using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Tasks;

/// <summary>
/// 上级任务: work a department pushes down through the street to some of its communities — the duty-list item it falls
/// under (职责清单; null is 清单外, shown as such, as 减负 rules require), requirements, attachments, a deadline on the
/// working-day calendar, and optionally a ledger to submit. Each community's part is a <see cref="TaskAssignment"/>.
/// </summary>
public sealed class AssignedTask
{
    public long Id { get; set; }
    /// <summary>The street that assigned it.</summary>
    public required long StreetId { get; set; }
    public required string Department { get; set; }
    public required string Title { get; set; }
    /// <summary>The item of the communities' duty list it falls under; null when outside the list (清单外).</summary>
    public string? DutyItem { get; set; }
    public required string Requirements { get; set; }
    /// <summary>The last day (inclusive), a working day on the calendar.</summary>
    public required DateOnly DueDate { get; set; }
    /// <summary>The deadline as the street gave it: a number of working days from <see cref="AssignedOn"/>, or a date (rolled past rest
    /// days into <see cref="DueDate"/>). Kept so that a newly imported holiday schedule can recompute it (<see cref="TaskDeadlines"/>).</summary>
    public int? WorkingDays { get; set; }
    public DateOnly? DueAsked { get; set; }
    /// <summary>The local day it was assigned: the month the street's numbers count it in.</summary>
    public required DateOnly AssignedOn { get; set; }
    /// <summary>The ledger template the communities submit for it (a key of the ledger catalogue), with its name as it was.</summary>
    public string? LedgerKey { get; set; }
    public string? LedgerName { get; set; }
    public required long CreatedById { get; set; }
    public required string CreatedByName { get; set; }
    public DateTime CreatedUtc { get; set; }

    public bool OutsideDutyList => DutyItem is null;
}

/// <summary>待办 / 进行中 / 已提交 / 已验收 / 退回.</summary>
public enum TaskState { Todo, InProgress, Submitted, Accepted, Returned }

/// <summary>One community's part of a task: its state, what it returned, the street's verdict.</summary>
public sealed class TaskAssignment
{
    public long Id { get; set; }
    public required long TaskId { get; set; }
    public required long CommunityId { get; set; }
    public TaskState State { get; set; }
    /// <summary>The deadline this part was judged by, when the task's deadline moved after the part was closed (已提交 / 已验收); null: the task's.</summary>
    public DateOnly? KeptDueDate { get; set; }
    public string? ReportNote { get; set; }
    public DateTime? SubmittedUtc { get; set; }
    /// <summary>The local day it was submitted, against the deadline: on time or late.</summary>
    public DateOnly? SubmittedOn { get; set; }
    public string? SubmittedByName { get; set; }
    /// <summary>The ledger submission returned as evidence (the ledgers module's id).</summary>
    public long? LedgerSubmissionId { get; set; }
    public DateTime? ReviewedUtc { get; set; }
    public string? ReviewedByName { get; set; }
    /// <summary>Why the street returned it (退回); kept until the next verdict.</summary>
    public string? ReturnReason { get; set; }
    /// <summary>催办 sent by the street: how many, the last one.</summary>
    public int Reminders { get; set; }
    public DateTime? LastRemindedUtc { get; set; }
}

/// <summary>A file: the street's attachment to a task (<see cref="AssignmentId"/> null) or evidence a community returned. Kept in the database, size-limited.</summary>
public sealed class TaskFile
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxFiles = 5;

    public long Id { get; set; }
    public required long TaskId { get; set; }
    public long? AssignmentId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Bytes { get; set; }
    public int Size { get; set; }
    public required string UploadedByName { get; set; }
    public DateTime UploadedUtc { get; set; }
}

public enum TaskEventKind { Assigned, Started, Submitted, Accepted, Returned, Reminded, Rescheduled, DueEarlier }

/// <summary>What happened to a community's part, in order: the history on the task's page, 催办 included.</summary>
public sealed class TaskEvent
{
    public long Id { get; set; }
    public required long AssignmentId { get; set; }
    public required TaskEventKind Kind { get; set; }
    public DateTime AtUtc { get; set; }
    public required string ByName { get; set; }
    public string? Note { get; set; }
}

sealed class AssignedTaskConfiguration : IEntityTypeConfiguration<AssignedTask>
{
    public void Configure(EntityTypeBuilder<AssignedTask> b)
    {
        b.ToTable("AssignedTasks");
        b.Property(x => x.Department).HasMaxLength(32);
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.DutyItem).HasMaxLength(100);
        b.Property(x => x.Requirements).HasMaxLength(4000);
        b.Property(x => x.LedgerKey).HasMaxLength(64);
        b.Property(x => x.LedgerName).HasMaxLength(100);
        b.Property(x => x.CreatedByName).HasMaxLength(64);
        b.Ignore(x => x.OutsideDutyList);
        b.HasIndex(x => new { x.StreetId, x.AssignedOn });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class TaskAssignmentConfiguration : IEntityTypeConfiguration<TaskAssignment>
{
    public void Configure(EntityTypeBuilder<TaskAssignment> b)
    {
        b.ToTable("TaskAssignments");
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ReportNote).HasMaxLength(2000);
        b.Property(x => x.SubmittedByName).HasMaxLength(64);
        b.Property(x => x.ReviewedByName).HasMaxLength(64);
        b.Property(x => x.ReturnReason).HasMaxLength(500);
        b.HasIndex(x => new { x.TaskId, x.CommunityId }).IsUnique();
        b.HasIndex(x => new { x.CommunityId, x.State });
        b.HasOne<AssignedTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class TaskFileConfiguration : IEntityTypeConfiguration<TaskFile>
{
    public void Configure(EntityTypeBuilder<TaskFile> b)
    {
        b.ToTable("TaskFiles");
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.UploadedByName).HasMaxLength(64);
        b.HasIndex(x => new { x.TaskId, x.AssignmentId });
        b.HasOne<AssignedTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class TaskEventConfiguration : IEntityTypeConfiguration<TaskEvent>
{
    public void Configure(EntityTypeBuilder<TaskEvent> b)
    {
        b.ToTable("TaskEvents");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ByName).HasMaxLength(64);
        b.Property(x => x.Note).HasMaxLength(500);
        b.HasIndex(x => x.AssignmentId);
        b.HasOne<TaskAssignment>().WithMany().HasForeignKey(x => x.AssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
