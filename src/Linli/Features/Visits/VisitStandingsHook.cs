using System.Runtime.CompilerServices;
using Linli.Data;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Linli.Features.Visits;

/// <summary>
/// Keeps <see cref="VisitStanding"/> current inside the save that changes it: before any SaveChanges it looks at what the
/// context is about to write (visits, labels on residents, a resident's grid or status, a person's override, a label's
/// rhythm or a community's cycle), works out the rows of the residents concerned as they will be after the save, and
/// adds those row changes to the same save. The reading and the save share one transaction, the caller's when there is one
/// (or the registry hook's), else one this hook opens and commits after the save. On PostgreSQL the residents' grids are
/// locked first (FOR NO KEY UPDATE, in id order, as <see cref="VisitMonthsHook"/> and GridCounts do), so that two saves
/// for one person take turns and the second reads what the first wrote: two visits recorded at once no longer leave the
/// earlier date as the last visit. SQLite's transaction holds the one write lock from its start. Registered on every
/// context after <see cref="RegistrySaveHook"/> (<see cref="Data.DatabaseTarget"/>). Writes that bypass SaveChanges mark
/// their residents with <see cref="MarkDirty"/> and are picked up by the next save of that context.
/// </summary>
public sealed class VisitStandingsHook : TransactionalSaveHook<VisitStandingsHook.Changes>
{
    public static readonly VisitStandingsHook Instance = new();

    static readonly ConditionalWeakTable<DbContext, HashSet<long>> Dirty = new();

    VisitStandingsHook() { }

    /// <summary>Residents whose rows the next save of <paramref name="db"/> must recompute (after a set-based write such as a merge).</summary>
    public static void MarkDirty(DbContext db, params long[] residentIds) => Dirty.GetOrCreateValue(db).UnionWith(residentIds);

    /// <summary>What a save is about to write that the standings follow, read from the context's change tracker.</summary>
    public sealed record Changes(HashSet<long> Affected, VisitStandings.Pending Pending, HashSet<long> TagsChanged, List<(long TagId, long CommunityId)> CyclesChanged)
    {
        public bool PoliciesChanged => TagsChanged.Count > 0 || CyclesChanged.Count > 0;
    }

    protected override Changes? Touched(DbContext db)
    {
        if (db is not LinliDb) return null;
        db.ChangeTracker.DetectChanges();
        var affected = new HashSet<long>();
        if (Dirty.TryGetValue(db, out var dirty)) { affected.UnionWith(dirty); Dirty.Remove(db); }
        var residents = new List<(long, long, ResidentStatus)>();
        var added = new HashSet<(long, long, DateTime?)>();
        var removed = new HashSet<(long, long)>();
        var overrides = new List<(long, VisitRhythm?)>();
        var changedVisits = new HashSet<long>();
        var visitDates = new List<(long, DateOnly)>();
        var tagsChanged = new HashSet<long>();
        var cyclesChanged = new List<(long TagId, long CommunityId)>();
        var policiesChanged = false;

        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is EntityState.Unchanged or EntityState.Detached) continue;
            switch (e.Entity)
            {
                case Visit v:
                    if (e.State != EntityState.Added) { changedVisits.Add(v.Id); if (Original<long?>(e, nameof(Visit.ResidentId)) is { } was) affected.Add(was); }
                    if (e.State != EntityState.Deleted && v.ResidentId is { } now) { affected.Add(now); visitDates.Add((now, v.Date)); }
                    break;
                case ResidentTag rt:
                    affected.Add(rt.ResidentId);
                    // Added, or its trigger time changed: the row as it will be saved.
                    if (e.State is EntityState.Added or EntityState.Modified) added.Add((rt.ResidentId, rt.TagId, rt.AddedAtUtc));
                    else if (e.State == EntityState.Deleted) removed.Add((rt.ResidentId, rt.TagId));
                    break;
                case Resident r when e.State == EntityState.Added || e.Property(nameof(Resident.GridId)).IsModified || e.Property(nameof(Resident.Status)).IsModified:
                    affected.Add(r.Id);
                    residents.Add((r.Id, r.GridId, e.State == EntityState.Deleted ? ResidentStatus.MovedOut : r.Status));
                    break;
                case VisitOverride o:
                    affected.Add(o.ResidentId);
                    overrides.Add((o.ResidentId, e.State == EntityState.Deleted ? null : new VisitRhythm(o.IntervalDays, o.WindowDays)));
                    break;
                case Tag t when e.State != EntityState.Added && (e.Property(nameof(Tag.VisitIntervalDays)).IsModified || e.Property(nameof(Tag.VisitWithinHours)).IsModified):
                    policiesChanged = true;
                    tagsChanged.Add(t.Id);
                    break;
                case CommunityVisitCycle c:
                    policiesChanged = true;
                    cyclesChanged.Add((c.TagId, c.CommunityId));
                    break;
            }
        }
        if (affected.Count == 0 && !policiesChanged) return null;
        return new Changes(affected, new VisitStandings.Pending(residents, added, removed, overrides, changedVisits, visitDates, null), tagsChanged, cyclesChanged);
    }

    protected override Task BeforeAsync(DbContext db, Changes state, bool sync, CancellationToken ct) => KeepCurrentAsync((LinliDb)db, state, ct);

    static async Task KeepCurrentAsync(LinliDb db, Changes changes, CancellationToken ct)
    {
        var affected = changes.Affected;
        var pending = changes.Pending;
        if (db.Database.IsNpgsql() && affected.Count > 0)
        {
            // The grids they are in now and the grids this save moves them to, locked before anything is read.
            var ids = affected.ToList();
            var grids = await db.Residents.AsNoTracking().Where(r => EF.Parameter(ids).Contains(r.Id)).Select(r => r.GridId).Distinct().ToListAsync(ct);
            grids.AddRange(pending.Residents.Select(r => r.GridId));
            if (grids.Count > 0) await db.Database.ExecuteSqlRawAsync(Registry.GridCounts.LockGridsSql(grids), ct);
        }
        if (changes.PoliciesChanged)
        {
            var changed = changes.TagsChanged.ToList();
            affected.UnionWith(await db.ResidentTags.AsNoTracking().Where(rt => EF.Parameter(changed).Contains(rt.TagId)).Select(rt => rt.ResidentId).ToListAsync(ct));
            foreach (var (tagId, communityId) in changes.CyclesChanged)
                affected.UnionWith(await db.ResidentTags.AsNoTracking()
                    .Where(rt => rt.TagId == tagId && db.OrgUnits.Any(g => g.Id == rt.GridId && g.ParentId == communityId)).Select(rt => rt.ResidentId).ToListAsync(ct));
            pending = pending with { Policies = await PoliciesAfterSaveAsync(db, ct) };
        }
        if (affected.Count == 0) return;
        await VisitStandings.ApplyAsync(db, affected, pending, ct);
    }

    static T? Original<T>(EntityEntry e, string property) => (T?)e.Property(property).OriginalValue;

    /// <summary>The policies of every community as they will be once the save commits: tracked labels and cycles over the stored ones.</summary>
    static async Task<Dictionary<long, List<VisitPolicies.LabelPolicy>>> PoliciesAfterSaveAsync(LinliDb db, CancellationToken ct)
    {
        var tracked = db.ChangeTracker.Entries<Tag>().Where(e => e.State != EntityState.Added).ToDictionary(e => e.Entity.Id);
        var tags = (await VisitPolicies.TagsAsync(db, ct))
            .Where(t => !tracked.TryGetValue(t.Id, out var e) || e.State != EntityState.Deleted)
            .Select(t => tracked.TryGetValue(t.Id, out var e) ? t with { Name = e.Entity.Name, IsSensitive = e.Entity.IsSensitive, VisitIntervalDays = e.Entity.VisitIntervalDays, VisitWithinHours = e.Entity.VisitWithinHours } : t)
            .ToList();
        var cycleEntries = db.ChangeTracker.Entries<CommunityVisitCycle>().ToList();
        var gone = cycleEntries.Where(e => e.State != EntityState.Added).Select(e => e.Entity.Id).ToHashSet();
        var cycles = (await db.CommunityVisitCycles.AsNoTracking().ToListAsync(ct)).Where(c => !gone.Contains(c.Id))
            .Concat(cycleEntries.Where(e => e.State is not EntityState.Deleted and not EntityState.Detached).Select(e => e.Entity)).ToList();
        var communities = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community).Select(o => o.Id).ToListAsync(ct);
        return VisitPolicies.Build(tags, cycles, communities);
    }
}
