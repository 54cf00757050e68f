using System.Runtime.CompilerServices;
using Linli.Data;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Linli.Features.Visits;

/// <summary>
/// Keeps <see cref="VisitStanding"/> current inside the save that changes it: before any SaveChanges it looks at what the
/// context is about to write (visits, labels on residents, a resident's grid or status, a person's override, a label's
/// rhythm or a community's cycle), works out the rows of the residents concerned as they will be after the save, and
/// adds those row changes to the same save — one transaction, nothing to reconcile later. Registered on every context
/// next to <see cref="RegistrySaveHook"/> (<see cref="Data.DatabaseTarget"/>). Writes that bypass SaveChanges mark their
/// residents with <see cref="MarkDirty"/> and are picked up by the next save of that context.
/// </summary>
public sealed class VisitStandingsHook : SaveChangesInterceptor
{
    public static readonly VisitStandingsHook Instance = new();

    static readonly ConditionalWeakTable<DbContext, HashSet<long>> Dirty = new();

    VisitStandingsHook() { }

    /// <summary>Residents whose rows the next save of <paramref name="db"/> must recompute (after a set-based write such as a merge).</summary>
    public static void MarkDirty(DbContext db, params long[] residentIds) => Dirty.GetOrCreateValue(db).UnionWith(residentIds);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is LinliDb db) KeepCurrentAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is LinliDb db) await KeepCurrentAsync(db, cancellationToken);
        return result;
    }

    static async Task KeepCurrentAsync(LinliDb db, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var affected = new HashSet<long>();
        if (Dirty.TryGetValue(db, out var dirty)) { affected.UnionWith(dirty); Dirty.Remove(db); }
        var residents = new List<(long, long, ResidentStatus)>();
        var added = new HashSet<(long, long, DateTime?)>();
        var removed = new HashSet<(long, long)>();
        var overrides = new List<(long, VisitRhythm?)>();
        var changedVisits = new HashSet<long>();
        var visitDates = new List<(long, DateOnly)>();
        var policiesChanged = false;
        var tagsChanged = new HashSet<long>();
        var cyclesChanged = new List<(long TagId, long CommunityId)>();

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
        Dictionary<long, List<VisitPolicies.LabelPolicy>>? policies = null;
        if (policiesChanged)
        {
            var changed = tagsChanged.ToList();
            affected.UnionWith(await db.ResidentTags.AsNoTracking().Where(rt => EF.Parameter(changed).Contains(rt.TagId)).Select(rt => rt.ResidentId).ToListAsync(ct));
            foreach (var (tagId, communityId) in cyclesChanged)
                affected.UnionWith(await db.ResidentTags.AsNoTracking()
                    .Where(rt => rt.TagId == tagId && db.OrgUnits.Any(g => g.Id == rt.GridId && g.ParentId == communityId)).Select(rt => rt.ResidentId).ToListAsync(ct));
            policies = await PoliciesAfterSaveAsync(db, ct);
        }
        if (affected.Count == 0) return;
        await VisitStandings.ApplyAsync(db, affected, new VisitStandings.Pending(residents, added, removed, overrides, changedVisits, visitDates, policies), ct);
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
