using Linli.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Cases;

/// <summary>
/// A clock that runs now (an open case, not paused) and when it runs out: the street's overdue numbers count "due before
/// now" by an indexed range over this small table (open cases only) instead of over all cases, and "overdue" moves with
/// time, so it cannot be a tally. Kept current with the case on every step (<see cref="SyncAsync"/>).
/// </summary>
public sealed class CaseDue
{
    public required long CaseId { get; set; }
    public required long CommunityId { get; set; }
    public required DateTime DueAt { get; set; }

    /// <summary>The row the case's clock calls for now: none when no clock runs or it is paused. Saved with the case.</summary>
    public static async Task SyncAsync(LinliDb db, Case c, CancellationToken ct)
    {
        var row = await db.Set<CaseDue>().FindAsync([c.Id], ct);
        if (Of(c) is not { } due)
        {
            if (row is not null) db.Remove(row);
        }
        else if (row is null) db.Add(due);
        else row.DueAt = due.DueAt;
    }

    /// <summary>The row of a case whose clock runs, else null.</summary>
    public static CaseDue? Of(Case c) => c.ClockStage is not null && c.PausedSince is null && c.DueAt is { } due
        ? new CaseDue { CaseId = c.Id, CommunityId = c.CommunityId, DueAt = due }
        : null;
}

sealed class CaseDueConfiguration : IEntityTypeConfiguration<CaseDue>
{
    public void Configure(EntityTypeBuilder<CaseDue> b)
    {
        b.ToTable("CaseDues");
        b.HasKey(x => x.CaseId);
        b.Property(x => x.CaseId).ValueGeneratedNever();
        b.HasIndex(x => new { x.CommunityId, x.DueAt });
        b.HasOne<Case>().WithOne().HasForeignKey<CaseDue>(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
