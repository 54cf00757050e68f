using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Ledgers;

/// <summary>
/// 台账模板 added by an office without code (from a department's blank form): for one community, or for every community
/// of a street when the street saved it. Built-in templates are not stored: they are the modules' declarations.
/// </summary>
public sealed class LedgerTemplate
{
    public long Id { get; set; }
    /// <summary>The community or street it was saved for.</summary>
    public required long OwnerUnitId { get; set; }
    public required string Department { get; set; }
    public required string Name { get; set; }
    /// <summary>The item of the community's duty list (职责清单) it serves; null when outside the list.</summary>
    public string? DutyItem { get; set; }
    public required string Cycle { get; set; }
    public int? DueDay { get; set; }
    public bool StreetApproves { get; set; }
    public required string Subject { get; set; }
    /// <summary>The filter, as JSON (<see cref="LedgerFilter"/>).</summary>
    public required string FilterJson { get; set; }
    /// <summary>The columns in the department's order, as JSON (<see cref="LedgerColumn"/>: heading and field key or null for typed).</summary>
    public required string ColumnsJson { get; set; }
    public required long CreatedById { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>What the office typed into a generated ledger before submitting it: row id → column → text.</summary>
public sealed class LedgerDraft
{
    public long Id { get; set; }
    public required string TemplateKey { get; set; }
    public required long UnitId { get; set; }
    public required DateOnly PeriodFrom { get; set; }
    public required string TypedJson { get; set; }
    public long UpdatedById { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

public enum LedgerSubmissionState { Submitted, Approved, Returned }

/// <summary>
/// 报送: a ledger as it was sent, frozen — headings and every cell as text, who filled it and who approved it. Nothing in
/// the registry changes it afterwards: an inspection next year reads what was sent.
/// </summary>
public sealed class LedgerSubmission
{
    public long Id { get; set; }
    public required string TemplateKey { get; set; }
    public required string TemplateName { get; set; }
    public required string Department { get; set; }
    public required long UnitId { get; set; }
    public required DateOnly PeriodFrom { get; set; }
    public required DateOnly PeriodTo { get; set; }
    /// <summary>The headings as JSON (string[]).</summary>
    public required string HeadingsJson { get; set; }
    /// <summary>Which columns were typed, as JSON (bool[]).</summary>
    public required string TypedJson { get; set; }
    /// <summary>The cells as JSON (string?[][]), row by row, numbers masked as exported.</summary>
    public required string CellsJson { get; set; }
    public int RowCount { get; set; }
    /// <summary>Cells filled from the registry and the modules (non-empty), and cells typed by hand (non-empty): the saving.</summary>
    public int FieldCells { get; set; }
    public int TypedCells { get; set; }
    public required long FilledById { get; set; }
    public required string FilledByName { get; set; }
    public DateTime SubmittedUtc { get; set; }
    /// <summary>The local day it was submitted: the month the saving counts in.</summary>
    public DateOnly SubmittedOn { get; set; }
    public bool StreetApproves { get; set; }
    public LedgerSubmissionState State { get; set; }
    public long? ReviewedById { get; set; }
    public string? ReviewedByName { get; set; }
    public DateTime? ReviewedUtc { get; set; }
    public string? ReviewNote { get; set; }
}

sealed class LedgerTemplateConfiguration : IEntityTypeConfiguration<LedgerTemplate>
{
    public void Configure(EntityTypeBuilder<LedgerTemplate> b)
    {
        b.Property(x => x.Department).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.DutyItem).HasMaxLength(100);
        b.Property(x => x.Cycle).HasMaxLength(16);
        b.Property(x => x.Subject).HasMaxLength(32);
        b.Property(x => x.FilterJson).HasMaxLength(4000);
        b.Property(x => x.ColumnsJson).HasMaxLength(20000);
        b.HasIndex(x => x.OwnerUnitId);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class LedgerDraftConfiguration : IEntityTypeConfiguration<LedgerDraft>
{
    public void Configure(EntityTypeBuilder<LedgerDraft> b)
    {
        b.Property(x => x.TemplateKey).HasMaxLength(64);
        b.HasIndex(x => new { x.TemplateKey, x.UnitId, x.PeriodFrom }).IsUnique();
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class LedgerSubmissionConfiguration : IEntityTypeConfiguration<LedgerSubmission>
{
    public void Configure(EntityTypeBuilder<LedgerSubmission> b)
    {
        b.Property(x => x.TemplateKey).HasMaxLength(64);
        b.Property(x => x.TemplateName).HasMaxLength(100);
        b.Property(x => x.Department).HasMaxLength(32);
        b.Property(x => x.FilledByName).HasMaxLength(64);
        b.Property(x => x.ReviewedByName).HasMaxLength(64);
        b.Property(x => x.ReviewNote).HasMaxLength(500);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.UnitId, x.TemplateKey, x.PeriodFrom });
        b.HasIndex(x => x.SubmittedOn);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
