using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Tasks;

/// <summary>待办 / 进行中 / 已提交 / 已验收 / 退回: one community's state of a task.</summary>
public enum TaskState { Todo, InProgress, Submitted, Accepted, Returned }

/// <summary>
/// 上级任务: work a department pushes down through the street to its communities — under an item of the communities' duty
/// list (职责清单), or 清单外 (<see cref="DutyItem"/> null), which the street's view shows as such (减负). Optionally a ledger
/// template whose submission is the evidence.
/// </summary>
public sealed class AssignedTask
{
    public long Id { get; set; }
    public required long StreetId { get; set; }
    public required string Department { get; set; }
    public string? DutyItem { get; set; }
    public required string Title { get; set; }
    public required string Requirements { get; set; }
    public required DateOnly Deadline { get; set; }
    /// <summary>The ledger template the communities submit (<c>registry.elderly-80</c>, <c>custom.12</c>), when the task asks for one.</summary>
    public string? LedgerTemplateKey { get; set; }
    public string? LedgerTemplateName { get; set; }
    public required long CreatedById { get; set; }
    public required string CreatedByName { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>One community's share of a task: its state, what it returned, the street's acceptance, the reminders sent.</summary>
public sealed class TaskAssignment
{
    public long Id { get; set; }
    public required long TaskId { get; set; }
    public required long CommunityId { get; set; }
    public TaskState State { get; set; }
    /// <summary>The ledger submission returned as evidence.</summary>
    public long? LedgerSubmissionId { get; set; }
    /// <summary>What the community says it did (办理情况).</summary>
    public string? Report { get; set; }
    public DateTime? SubmittedUtc { get; set; }
    /// <summary>The local day it was submitted: on time when on or before the deadline.</summary>
    public DateOnly? SubmittedOn { get; set; }
    public DateTime? AcceptedUtc { get; set; }
    public string? ReviewNote { get; set; }
    public string? ReviewedByName { get; set; }
    /// <summary>催办: how many times the street pressed, and the last time.</summary>
    public int Reminders { get; set; }
    public DateTime? RemindedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

/// <summary>A file: the street's attachment to a task (<see cref="AssignmentId"/> null) or a community's evidence.</summary>
public sealed class TaskFile
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public long Id { get; set; }
    public required long TaskId { get; set; }
    public long? AssignmentId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public long Size { get; set; }
    public required long UploadedById { get; set; }
    public DateTime UploadedUtc { get; set; }
}

/// <summary>检查、评比、考核 received by a community: when, by whom, the items, the result, and the ledgers shown (their keys).</summary>
public sealed class Inspection
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required DateOnly Date { get; set; }
    /// <summary>检查, 评比 or 考核.</summary>
    public required string Kind { get; set; }
    public required string By { get; set; }
    public required string Items { get; set; }
    public string? Result { get; set; }
    /// <summary>The ledger templates shown, as JSON (string[] of keys).</summary>
    public required string LedgerKeysJson { get; set; }
    public required long CreatedById { get; set; }
    public DateTime CreatedUtc { get; set; }
}

sealed class AssignedTaskConfiguration : IEntityTypeConfiguration<AssignedTask>
{
    public void Configure(EntityTypeBuilder<AssignedTask> b)
    {
        b.ToTable("AssignedTasks");
        b.Property(x => x.Department).HasMaxLength(32);
        b.Property(x => x.DutyItem).HasMaxLength(100);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Requirements).HasMaxLength(4000);
        b.Property(x => x.LedgerTemplateKey).HasMaxLength(64);
        b.Property(x => x.LedgerTemplateName).HasMaxLength(100);
        b.Property(x => x.CreatedByName).HasMaxLength(64);
        b.HasIndex(x => new { x.StreetId, x.Deadline });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class TaskAssignmentConfiguration : IEntityTypeConfiguration<TaskAssignment>
{
    public void Configure(EntityTypeBuilder<TaskAssignment> b)
    {
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Report).HasMaxLength(2000);
        b.Property(x => x.ReviewNote).HasMaxLength(500);
        b.Property(x => x.ReviewedByName).HasMaxLength(64);
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
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.HasIndex(x => new { x.TaskId, x.AssignmentId });
        b.HasOne<AssignedTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> b)
    {
        b.Property(x => x.Kind).HasMaxLength(8);
        b.Property(x => x.By).HasMaxLength(100);
        b.Property(x => x.Items).HasMaxLength(2000);
        b.Property(x => x.Result).HasMaxLength(2000);
        b.Property(x => x.LedgerKeysJson).HasMaxLength(4000);
        b.HasIndex(x => new { x.CommunityId, x.Date });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}
