using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Registry.Exports;

/// <summary>
/// 导出审批: a request to export a grid's or community's roster with full ID and phone numbers and/or the
/// sensitive labels. A second person approves or rejects it; an approval holds for <see cref="ApprovalValidity"/>
/// and is used up by the one download it allows.
/// </summary>
public sealed class ExportRequest
{
    public static readonly TimeSpan ApprovalValidity = TimeSpan.FromHours(24);
    /// <summary>A request nobody decided on within a week is stale: the reason it was asked for has likely passed.</summary>
    public static readonly TimeSpan PendingValidity = TimeSpan.FromDays(7);
    public const int ReasonLength = 500;

    public long Id { get; set; }
    public required long RequesterId { get; set; }
    public required long OrgUnitId { get; set; }
    /// <summary>Full ID and phone numbers instead of the masked forms.</summary>
    public bool Unmasked { get; set; }
    /// <summary>The labels marked sensitive in the 人员类别 column.</summary>
    public bool SensitiveLabels { get; set; }
    public required string Reason { get; set; }
    public DateTime CreatedUtc { get; set; }
    public ExportRequestState State { get; set; }
    public long? ApproverId { get; set; }
    public DateTime? DecidedUtc { get; set; }
    public string? DecisionNote { get; set; }
    public DateTime? UsedUtc { get; set; }
    /// <summary>Residents in the downloaded file.</summary>
    public int? RowCount { get; set; }

    /// <summary>The state as it stands at <paramref name="now"/>: a pending request or an approval past its time has expired.</summary>
    public ExportRequestState StateAt(DateTime now) => State switch
    {
        ExportRequestState.Pending when now - CreatedUtc >= PendingValidity => ExportRequestState.Expired,
        ExportRequestState.Approved when DecidedUtc is { } d && now - d >= ApprovalValidity => ExportRequestState.Expired,
        var s => s,
    };

    /// <summary>Until when the approval may be used.</summary>
    public DateTime? UsableUntilUtc => State == ExportRequestState.Approved ? DecidedUtc + ApprovalValidity : null;
}

public enum ExportRequestState { Pending, Approved, Rejected, Used, Expired }

sealed class ExportRequestConfiguration : IEntityTypeConfiguration<ExportRequest>
{
    public void Configure(EntityTypeBuilder<ExportRequest> b)
    {
        b.Property(x => x.Reason).HasMaxLength(ExportRequest.ReasonLength);
        b.Property(x => x.DecisionNote).HasMaxLength(ExportRequest.ReasonLength);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.OrgUnitId, x.State });
        b.HasIndex(x => x.RequesterId);
        b.HasOne<LinliUser>().WithMany().HasForeignKey(x => x.RequesterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LinliUser>().WithMany().HasForeignKey(x => x.ApproverId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
