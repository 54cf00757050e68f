using Linli.Data;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Visits;

/// <summary>
/// 走访台账的现状 kept current, for the street's numbers: one row per active resident × label that carries a visit rhythm in
/// the resident's community, with the grid and community, the last visit, and the window that visit opens
/// (<see cref="VisitDue.WindowAfter"/>; null when never visited — unless a first visit after a new label is pending
/// (<see cref="VisitTriggers"/>), whose window closes on the deadline's local date and comes first when earlier). The rhythm is the person's override when one is set
/// (it replaces the labels' rhythm, as in <see cref="VisitSchedule"/>), else the label's. "Overdue" is then
/// <c>Closes &lt; today</c> and "in the window" <c>Opens ≤ today ≤ Closes</c>: indexed range counts over this table, so the
/// passing of time moves the counts without any write, and the street counts its communities without recounting visits.
/// <para>
/// Choices: rows per label rather than per person, so "overdue per label" is a plain GROUP BY (a person with two labels
/// counts once under each); the ordinary household's half-yearly rhythm is not here (households reached come from the
/// visits' own (grid, date) index). The dates are computed in .NET, not in SQL, because a month in SQLite's date()
/// arithmetic is not .NET's (31 January + 1 month is 3 March there, 28/29 February here); so a policy change recomputes the
/// affected rows in batches rather than by one UPDATE.
/// </para>
/// <para>
/// Kept current by <see cref="VisitStandingsHook"/> inside every SaveChanges that touches a visit, a label, a resident's
/// grid or status, an override or a rhythm (rows are added to the same save, so they commit with it); by
/// <see cref="VisitMerges"/> for merges (they move visits set-based); filled whole by <see cref="RebuildAllAsync"/> for the
/// demo, the bench and a database that had visits before this table existed (<see cref="Data.Migrator"/>).
/// </para>
/// </summary>
public sealed class VisitStanding
{
    public required long ResidentId { get; set; }
    public required long TagId { get; set; }
    public required long GridId { get; set; }
    public required long CommunityId { get; set; }
    public DateOnly? LastVisit { get; set; }
    public DateOnly? Opens { get; set; }
    public DateOnly? Closes { get; set; }
}

sealed class VisitStandingConfiguration : IEntityTypeConfiguration<VisitStanding>
{
    public void Configure(EntityTypeBuilder<VisitStanding> b)
    {
        b.ToTable("VisitStandings");
        b.HasKey(x => new { x.ResidentId, x.TagId });
        b.HasIndex(x => new { x.CommunityId, x.TagId, x.Closes });
        b.HasIndex(x => new { x.GridId, x.TagId, x.Closes, x.Opens });  // covers the street's grouped count (VisitStreetView)
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tag>().WithMany().HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Computes the rows <see cref="VisitStanding"/> calls for, from the database as it is plus what a context is about to save.</summary>
public static class VisitStandings
{
    const int Batch = 2000;

    /// <summary>The office's time zone, as the app's clock (<see cref="TimeProvider.System"/>, registered in <see cref="Web.LinliServer"/>) has it: the hook runs without services.</summary>
    static TimeZoneInfo Zone => TimeProvider.System.LocalTimeZone;

    /// <summary>The rows the given residents call for, seen through <paramref name="db"/>'s pending changes (<see cref="Pending"/>).</summary>
    public static async Task<List<VisitStanding>> DesiredAsync(LinliDb db, IReadOnlyCollection<long> residentIds, Pending pending, CancellationToken ct)
    {
        var ids = residentIds.ToList();
        var residents = (await db.Residents.AsNoTracking().Where(r => EF.Parameter(ids).Contains(r.Id))
            .Select(r => new { r.Id, r.GridId, r.Status }).ToListAsync(ct)).ToDictionary(r => r.Id, r => (r.GridId, r.Status));
        foreach (var r in pending.Residents.Where(r => residentIds.Contains(r.Id))) residents[r.Id] = (r.GridId, r.Status);

        var tags = (await db.ResidentTags.AsNoTracking().Where(rt => EF.Parameter(ids).Contains(rt.ResidentId)).Select(rt => new { rt.ResidentId, rt.TagId, rt.AddedAtUtc }).ToListAsync(ct))
            .ToDictionary(x => (x.ResidentId, x.TagId), x => x.AddedAtUtc);
        foreach (var gone in pending.RemovedTags) tags.Remove(gone);
        foreach (var (residentId, tagId, addedAtUtc) in pending.AddedTags.Where(t => residentIds.Contains(t.ResidentId))) tags[(residentId, tagId)] = addedAtUtc;

        var overrides = await db.Set<VisitOverride>().AsNoTracking().Where(o => EF.Parameter(ids).Contains(o.ResidentId))
            .ToDictionaryAsync(o => o.ResidentId, o => (VisitRhythm?)new VisitRhythm(o.IntervalDays, o.WindowDays), ct);
        foreach (var (id, rhythm) in pending.Overrides) if (residentIds.Contains(id)) overrides[id] = rhythm;

        var skip = pending.ChangedVisitIds.ToList();
        var last = await db.Set<Visit>().AsNoTracking().Where(v => v.ResidentId != null && EF.Parameter(ids).Contains(v.ResidentId.Value) && !EF.Parameter(skip).Contains(v.Id))
            .GroupBy(v => v.ResidentId!.Value).Select(g => new { g.Key, Last = g.Max(v => v.Date) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        foreach (var (id, date) in pending.VisitDates)
            if (residentIds.Contains(id) && (!last.TryGetValue(id, out var d) || date > d)) last[id] = date;

        var grids = residents.Values.Select(r => r.GridId).Distinct().ToList();
        var communityOf = await VisitPolicies.CommunityOfGridsAsync(db, grids, ct);
        var policies = pending.Policies ?? await VisitPolicies.ForCommunitiesAsync(db, communityOf.Values.Distinct().ToList(), ct);
        var rows = new List<VisitStanding>();
        foreach (var ((residentId, tagId), addedAtUtc) in tags)
        {
            if (!residents.TryGetValue(residentId, out var r) || r.Status != ResidentStatus.Active || !communityOf.TryGetValue(r.GridId, out var community)) continue;
            if (!policies.TryGetValue(community, out var ofCommunity) || ofCommunity.FirstOrDefault(p => p.TagId == tagId) is not { } policy) continue;
            var rhythm = overrides.GetValueOrDefault(residentId) ?? policy.Rhythm;
            DateOnly? lastVisit = last.TryGetValue(residentId, out var l) ? l : null;
            var window = lastVisit is { } lv ? VisitDue.WindowAfter(lv, rhythm) : (DueWindow?)null;
            // A pending first visit after the label was put on closes the row's window on the deadline's local date (by day; the workbench is exact to the minute).
            if (VisitTriggers.Of(policy, addedAtUtc, lastVisit, Zone) is { } trigger) window = VisitTriggers.Earlier(window, VisitTriggers.WindowOf(trigger, Zone));
            rows.Add(new VisitStanding { ResidentId = residentId, TagId = tagId, GridId = r.GridId, CommunityId = community, LastVisit = lastVisit, Opens = window?.Opens, Closes = window?.Closes });
        }
        return rows;
    }

    /// <summary>Brings the rows of the given residents to what they call for, through the context's change tracker (saved with its next save).</summary>
    public static async Task ApplyAsync(LinliDb db, IReadOnlyCollection<long> residentIds, Pending pending, CancellationToken ct)
    {
        foreach (var chunk in residentIds.Chunk(Batch))
        {
            var desired = (await DesiredAsync(db, chunk, pending, ct)).ToDictionary(r => (r.ResidentId, r.TagId));
            var existing = await db.Set<VisitStanding>().Where(s => EF.Parameter(chunk).Contains(s.ResidentId)).ToListAsync(ct);
            foreach (var row in existing)
            {
                if (!desired.Remove((row.ResidentId, row.TagId), out var want)) { db.Remove(row); continue; }
                (row.GridId, row.CommunityId, row.LastVisit, row.Opens, row.Closes) = (want.GridId, want.CommunityId, want.LastVisit, want.Opens, want.Closes);
            }
            db.AddRange(desired.Values);
        }
    }

    /// <summary>Drops and refills the whole table from the registry and the visits, inside the caller's transaction; used by the demo, the bench and a database that had visits before the table.</summary>
    public static Task RebuildAllAsync(LinliDb db, CancellationToken ct) => RebuildAsync(db, null, ct);

    /// <summary>Drops and refills the rows of the given grids (all when null), inside the caller's transaction.</summary>
    public static async Task RebuildAsync(LinliDb db, IReadOnlyList<long>? grids, CancellationToken ct)
    {
        var only = grids?.ToList() ?? [];
        await db.Set<VisitStanding>().Where(s => grids == null || EF.Parameter(only).Contains(s.GridId)).ExecuteDeleteAsync(ct);
        var policies = await VisitPolicies.ForCommunitiesAsync(db, await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community).Select(o => o.Id).ToListAsync(ct), ct);
        var withRhythm = policies.Values.SelectMany(p => p).Select(p => p.TagId).Distinct().ToList();
        var all = await db.ResidentTags.AsNoTracking().Where(rt => EF.Parameter(withRhythm).Contains(rt.TagId) && (grids == null || EF.Parameter(only).Contains(rt.GridId))).Select(rt => rt.ResidentId).Distinct().OrderBy(id => id).ToListAsync(ct);
        var none = new Pending([], [], [], [], [], [], policies);
        foreach (var chunk in all.Chunk(Batch))
            await BulkWriter.InsertAsync(db, await DesiredAsync(db, chunk, none, ct), ct);
    }

    /// <summary>When the table is empty but visits exist (a database from before it), fill it once (run by the migrator).</summary>
    public sealed class FillAfterMigration : IFillAfterMigration
    {
        public Task FillAsync(LinliDb db, CancellationToken ct) => FillIfMissingAsync(db, ct);
    }

    /// <summary>When the table is empty but visits exist (a database from before it), fill it once.</summary>
    public static async Task FillIfMissingAsync(LinliDb db, CancellationToken ct)
    {
        if (await db.Set<VisitStanding>().AnyAsync(ct) || !await db.Set<Visit>().AnyAsync(ct)) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RebuildAllAsync(db, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>What a context is about to save that changes standings, overlaid on the database's state.</summary>
    public sealed record Pending(
        IReadOnlyList<(long Id, long GridId, ResidentStatus Status)> Residents,
        IReadOnlyCollection<(long ResidentId, long TagId, DateTime? AddedAtUtc)> AddedTags,
        IReadOnlyCollection<(long ResidentId, long TagId)> RemovedTags,
        IReadOnlyList<(long ResidentId, VisitRhythm? Rhythm)> Overrides,
        IReadOnlyCollection<long> ChangedVisitIds,
        IReadOnlyList<(long ResidentId, DateOnly Date)> VisitDates,
        Dictionary<long, List<VisitPolicies.LabelPolicy>>? Policies);
}
