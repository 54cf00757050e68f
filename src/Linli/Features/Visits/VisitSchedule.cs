using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// Who is due, in the window, overdue or never visited, derived on each request from the labels, the overrides and
/// the last visit (DOMAIN.md §1: store visits, not schedules — nothing can duplicate). Only residents with a policy
/// the viewer may know of are listed; a sensitive label's policy counts only where the viewer is granted it.
/// </summary>
public sealed class VisitSchedule(LinliDb db, TimeProvider clock)
{
    (long[] Grids, Dictionary<long, long> CommunityOf, Dictionary<long, List<VisitPolicies.LabelPolicy>> Policies)? read;

    /// <summary>
    /// The community of each of <paramref name="grids"/> and the label policies of those communities, read once per
    /// request (the service is scoped): the workbench's label filter and its lists ask for the same grids.
    /// </summary>
    public async Task<(Dictionary<long, long> CommunityOf, Dictionary<long, List<VisitPolicies.LabelPolicy>> Policies)> PoliciesAsync(IReadOnlyList<long> grids, CancellationToken ct)
    {
        if (read is { } r && r.Grids.SequenceEqual(grids)) return (r.CommunityOf, r.Policies);
        // The grids' communities with those communities' own cycles in one statement (a grid repeats per cycle of its
        // community), the labels in another: on PostgreSQL each statement is a round trip and a plan.
        var gridIds = grids.ToList();
        var gridCycles = await (
            from g in db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(gridIds).Contains(o.Id) && o.ParentId != null)
            join c in db.CommunityVisitCycles.AsNoTracking() on g.ParentId equals c.CommunityId into cj
            from c in cj.DefaultIfEmpty()
            select new { Grid = g.Id, Community = g.ParentId!.Value, Cycle = c })
            .ToListAsync(ct);
        var tags = await VisitPolicies.TagsAsync(db, ct);
        var communityOf = gridCycles.DistinctBy(x => x.Grid).ToDictionary(x => x.Grid, x => x.Community);
        var cycles = gridCycles.Select(x => x.Cycle).OfType<CommunityVisitCycle>().DistinctBy(c => c.Id).ToList();
        var policies = VisitPolicies.Build(tags, cycles, communityOf.Values.Distinct().ToList());
        read = ([.. grids], communityOf, policies);
        return (communityOf, policies);
    }

    public sealed record Person(long ResidentId, string Name, long GridId, long? HouseholdId, string Building, int BuildingOrder, long BuildingId,
        string? Unit, string? Room, int? Age, VisitRhythm Rhythm, string Reason, DateOnly? Last, DueWindow? Window, DueState State,
        VisitTriggers.Pending? Trigger = null, string? TriggerReason = null)
    {
        public string Address => RegistryText.Address(Building.Length == 0 ? null : Building, Unit, Room);
    }

    /// <summary>
    /// Everyone with a policy in <paramref name="grids"/> (already narrowed to where the viewer reads visits). With
    /// <paramref name="labels"/>, only the people carrying one of those labels, due by those labels' rhythm (or their own
    /// override), as <see cref="VisitStanding"/> counts them per label; a person's other labels and a rhythm set for
    /// someone without a label do not bring them in.
    /// </summary>
    public async Task<List<Person>> ForGridsAsync(UserArea area, IReadOnlyList<long> grids, DateOnly today, CancellationToken ct, IReadOnlyCollection<long>? labels = null)
    {
        if (grids.Count == 0) return [];
        var (communityOf, policies) = await PoliciesAsync(grids, ct);
        var labelled = await db.ResidentTags.AsNoTracking().Where(rt => EF.Parameter(grids).Contains(rt.GridId))
            .Select(rt => new { rt.ResidentId, rt.TagId, rt.GridId, rt.AddedAtUtc }).ToListAsync(ct);
        var overrides = await db.Set<VisitOverride>().AsNoTracking().Where(o => EF.Parameter(grids).Contains(o.GridId)).ToDictionaryAsync(o => o.ResidentId, ct);
        var allTagsOf = labelled.ToLookup(x => x.ResidentId, x => x.TagId);
        if (labels is not null) labelled = labelled.Where(x => labels.Contains(x.TagId)).ToList();
        var candidates = labels is null ? labelled.Select(x => x.ResidentId).Concat(overrides.Keys).ToHashSet() : labelled.Select(x => x.ResidentId).ToHashSet();
        if (candidates.Count == 0) return [];
        var candidateIds = candidates.ToList();

        var residents = await (
            from r in db.Residents.AsNoTracking().Where(r => EF.Parameter(grids).Contains(r.GridId) && r.Status == ResidentStatus.Active)
            join h in db.Households on r.HouseholdId equals h.Id into hj
            from h in hj.DefaultIfEmpty()
            join d in db.Dwellings on h.DwellingId equals d.Id into dj
            from d in dj.DefaultIfEmpty()
            join b in db.Buildings on d.BuildingId equals b.Id into bj
            from b in bj.DefaultIfEmpty()
            // The labelled and overridden residents read above, as a list of ids: an OR of two EXISTS over the whole label
            // table made PostgreSQL hash every label of the district (223,786 at 1,000,000 residents) and then scan every
            // household, 200-550 ms; by ids it is an index look-up per person.
            where EF.Parameter(candidateIds).Contains(r.Id)
            select new
            {
                r.Id, r.Name, r.GridId, r.HouseholdId, r.BirthDate, Building = b == null ? "" : b.Name, BuildingOrder = b == null ? int.MaxValue : b.SortOrder,
                BuildingId = b == null ? 0L : b.Id, Unit = d == null ? null : d.Unit, Room = d == null ? null : d.Room,
                // The person's last visit, wherever it was recorded (a visit before a move to this grid counts, as it does in
                // VisitStandings): the last entry of the (ResidentId, Date) index, in the same statement — on PostgreSQL a
                // second statement for it cost a round trip and a plan, more than the look-ups themselves (session 12).
                Last = db.Set<Visit>().Where(v => v.ResidentId == r.Id).Max(v => (DateOnly?)v.Date),
            })
            .ToListAsync(ct);
        var tagsOf = labelled.ToLookup(x => x.ResidentId, x => (x.TagId, x.AddedAtUtc));
        var zone = clock.LocalTimeZone;
        var nowUtc = clock.GetUtcNow().UtcDateTime;

        var byTagIn = policies.ToDictionary(c => c.Key, c => c.Value.ToDictionary(p => p.TagId));
        var result = new List<Person>();
        foreach (var r in residents)
        {
            var byTag = byTagIn[communityOf[r.GridId]];
            var mine = tagsOf[r.Id].Where(t => byTag.ContainsKey(t.TagId)).Select(t => (Policy: byTag[t.TagId], t.AddedAtUtc)).ToList();
            var sees = area.HasInGrid(Permissions.Registry.Sensitive, r.GridId);
            // Filtered to some labels, the person's other labels still decide whether their own rhythm may be shown (its reason may say why).
            var personal = overrides.GetValueOrDefault(r.Id);
            if (labels is not null && personal is not null && !sees && allTagsOf[r.Id].Any(t => byTag.TryGetValue(t, out var lp) && lp.IsSensitive)) personal = null;
            var resolved = VisitPolicies.Resolve(mine.Select(m => m.Policy), personal, sees);
            if (resolved is not { } p) continue;
            var window = r.Last is { } lv ? VisitDue.WindowAfter(lv, p.Rhythm) : (DueWindow?)null;
            var state = VisitDue.StateOn(today, r.Last, p.Rhythm);
            // A first visit after a label was put on (VisitTriggers), of the labels this viewer may know of only: a sensitive
            // label's trigger would say why. The earliest deadline asks first; the override does not drop it.
            var trigger = mine.Where(m => sees || !m.Policy.IsSensitive).Select(m => VisitTriggers.Of(m.Policy, m.AddedAtUtc, r.Last, zone))
                .OfType<VisitTriggers.Pending>().OrderBy(t => t.DeadlineUtc).ThenBy(t => t.Label, StringComparer.Ordinal).FirstOrDefault();
            if (trigger is not null)
            {
                window = VisitTriggers.Earlier(window, VisitTriggers.WindowOf(trigger, zone));
                state = VisitTriggers.StateAt(nowUtc, trigger, state);
            }
            result.Add(new Person(r.Id, r.Name, r.GridId, r.HouseholdId, r.Building, r.BuildingOrder, r.BuildingId, r.Unit, r.Room, AgeOn(r.BirthDate, today),
                p.Rhythm, p.Reason, r.Last, window, state, trigger, trigger is null ? null : VisitTriggers.Reason(trigger, zone)));
        }
        return result;
    }

    /// <summary>By building, unit and room, as a cadre walks them.</summary>
    public static IEnumerable<Person> InWalkingOrder(IEnumerable<Person> people) =>
        people.OrderBy(p => p.GridId).ThenBy(p => p.BuildingOrder).ThenBy(p => p.BuildingId).ThenBy(p => p.Unit, StringComparer.Ordinal)
            .ThenBy(p => p.Room?.Length).ThenBy(p => p.Room, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal);

    static int? AgeOn(DateOnly? birth, DateOnly today) =>
        birth is not { } b ? null : today.Year - b.Year - (today < b.AddYears(today.Year - b.Year) ? 1 : 0);
}
