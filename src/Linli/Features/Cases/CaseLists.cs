using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// The lists of the workbench, each inside the user's scope, ordered by the clock (red first: the earliest due date of
/// a running clock first, paused and stopped clocks after), and the numbers of the charts and the street's 督办 view.
/// </summary>
public sealed class CaseLists(LinliDb db, TimeProvider clock)
{
    public const int PageSize = 100;

    /// <summary>mine: my open cases; team: the open cases of the grids where I handle cases, others'; community: all I see; street: overdue or escalated.</summary>
    public static readonly IReadOnlyList<string> Views = ["mine", "team", "community", "street"];

    public sealed record Filter(string View = "mine", string? Kind = null, CaseState? State = null, ClockColour? Clock = null, long? Resident = null, long? Community = null, bool All = false);

    public sealed record Row(long Id, string Reference, string Kind, string Title, string CallerName, CaseState State, CaseStage? Stage, DateTime? DueAt,
        ClockColour Colour, bool Provisional, bool Escalated, string? Owner, string Grid, DateTime CreatedAt, bool NeedsRegistration);

    public async Task<IReadOnlyList<Row>> ListAsync(UserArea area, Filter f, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var q = Filtered(area, f, now);
        // 督办 puts what was escalated first; every list then runs red first: running clocks by due date, paused ones
        // after, stopped ones last, newest first.
        if (f.View == "street") q = q.OrderByDescending(c => c.Escalated).ThenBy(c => c.ClockStage == null).ThenBy(c => c.PausedSince != null).ThenBy(c => c.DueAt).ThenByDescending(c => c.Id);
        else q = q.OrderBy(c => c.ClockStage == null).ThenBy(c => c.PausedSince != null).ThenBy(c => c.DueAt).ThenByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
        var page = q.Take(PageSize);
        var rows = await (
            from c in page
            join g in db.OrgUnits on c.GridId equals g.Id
            join u in db.Users on c.OwnerId equals u.Id into uj
            from u in uj.DefaultIfEmpty()
            select new
            {
                c.Id, c.Reference, c.Kind, c.Title, c.CallerName, c.State, c.ClockStage, c.DueAt, c.YellowAt, c.PausedSince, c.DueProvisional, c.Escalated,
                Owner = u == null ? null : u.DisplayName, Grid = g.Name, c.CreatedAt, c.NeedsRegistration, c.OwnerId, c.CreatedById, c.GridId,
            }).ToListAsync(ct);
        // A join need not keep the page's order: the same keys again, in memory.
        var sorted = f.View == "street" ? rows.OrderByDescending(r => r.Escalated).ThenBy(r => r.ClockStage == null) : rows.OrderBy(r => r.ClockStage == null);
        rows = sorted.ThenBy(r => r.PausedSince != null).ThenBy(r => r.DueAt).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).ToList();
        return rows.Select(r =>
        {
            var content = CaseScope.SeesContent(area, r.Kind, r.GridId, r.OwnerId, r.CreatedById);
            return new Row(r.Id, r.Reference, r.Kind, content ? r.Title : CaseScope.Withheld, content ? r.CallerName : "—", r.State, r.ClockStage, r.DueAt,
                CaseClock.Colour(r.ClockStage, r.PausedSince, r.DueAt, r.YellowAt, now), r.DueProvisional, r.Escalated, r.Owner, r.Grid, r.CreatedAt, r.NeedsRegistration);
        }).ToList();
    }

    /// <summary>The query of a list before ordering: also what the chart numbers count, so every number opens its own list.</summary>
    public IQueryable<Case> Filtered(UserArea area, Filter f, DateTime now)
    {
        var q = f.Resident is { } rid ? db.Set<Case>().AsNoTracking().OfPerson(area, rid) : db.Set<Case>().AsNoTracking().VisibleTo(area, asIds: !db.Database.IsNpgsql());
        var me = area.UserId;
        var open = !f.All && f.State is null;
        switch (f.View)
        {
            case "mine":
                q = q.Where(c => c.OwnerId == me || (c.OwnerId == null && c.CreatedById == me));
                break;
            case "team":
                var grids = area.GridsWhere(Permissions.Cases.Handle);
                q = q.Where(c => EF.Parameter(grids).Contains(c.GridId) && c.OwnerId != me);
                break;
            case "street":
                q = q.Where(c => c.Escalated || (c.ClockStage != null && c.PausedSince == null && c.DueAt <= now));
                break;
        }
        if (open) q = q.Where(c => c.State == CaseState.Registered || c.State == CaseState.Accepted || c.State == CaseState.Handling);
        if (f.Kind is { } kind) q = q.Where(c => c.Kind == kind);
        if (f.State is { } state) q = q.Where(c => c.State == state);
        if (f.Community is { } community) q = q.Where(c => c.CommunityId == community);
        q = f.Clock switch
        {
            ClockColour.Red => q.Where(c => c.ClockStage != null && c.PausedSince == null && c.DueAt <= now),
            ClockColour.Yellow => q.Where(c => c.ClockStage != null && c.PausedSince == null && c.DueAt > now && c.YellowAt <= now),
            ClockColour.Green => q.Where(c => c.ClockStage != null && c.PausedSince == null && c.YellowAt > now),
            ClockColour.Paused => q.Where(c => c.ClockStage != null && c.PausedSince != null),
            ClockColour.None => q.Where(c => c.ClockStage == null),
            _ => q,
        };
        return q;
    }

    public sealed record Count(string Key, string Label, long Number);
    public sealed record Charts(IReadOnlyList<Count> ByKind, IReadOnlyList<Count> ByState, IReadOnlyList<Count> ByClock);

    /// <summary>The community's open cases (or what the view holds) by type, state and clock, for the charts.</summary>
    public async Task<Charts> ChartsAsync(UserArea area, Filter f, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var q = Filtered(area, f with { Kind = null, State = null, Clock = null }, now);
        var byKind = await q.GroupBy(c => c.Kind).Select(g => new { g.Key, N = g.LongCount() }).ToListAsync(ct);
        var byState = await q.GroupBy(c => c.State).Select(g => new { g.Key, N = g.LongCount() }).ToListAsync(ct);
        var clocks = await q.Select(c => new { c.ClockStage, c.PausedSince, c.DueAt, c.YellowAt }).ToListAsync(ct);
        return new Charts(
            CaseType.Presets.Select(t => new Count(t.Code, t.Name, byKind.FirstOrDefault(k => k.Key == t.Code)?.N ?? 0)).ToList(),
            byState.OrderBy(s => s.Key).Select(s => new Count(s.Key.ToString(), CaseClock.StateWord(s.Key), s.N)).ToList(),
            new[] { ClockColour.Red, ClockColour.Yellow, ClockColour.Green, ClockColour.Paused }
                .Select(c => new Count(c.ToString(), CaseClock.Word(c), clocks.LongCount(x => CaseClock.Colour(x.ClockStage, x.PausedSince, x.DueAt, x.YellowAt, now) == c))).ToList());
    }

    public sealed record CommunityRow(long CommunityId, string Name, long Open, long Escalated, long Overdue, long Handling, long Registered);

    /// <summary>
    /// The street's 督办 overview: per community, open and escalated cases from the tally kept current on every transition
    /// (<see cref="CaseTally"/>), overdue ones by an indexed range over the running clocks (<see cref="CaseDue"/>: open,
    /// unpaused cases only, never a count over all cases).
    /// </summary>
    public async Task<IReadOnlyList<CommunityRow>> SupervisionAsync(UserArea area, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var grids = area.GridsWhere(Permissions.Cases.Supervise).Concat(area.GridsWhere(Permissions.Cases.Lead)).Distinct().ToList();
        var communities = await db.OrgUnits.AsNoTracking().Where(g => EF.Parameter(grids).Contains(g.Id)).Select(g => g.ParentId!.Value).Distinct().ToListAsync(ct);
        var names = await db.OrgUnits.AsNoTracking().Where(o => communities.Contains(o.Id)).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var tallies = await db.Set<CaseTally>().AsNoTracking().Where(t => communities.Contains(t.CommunityId)).ToListAsync(ct);
        var overdue = await db.Set<CaseDue>().AsNoTracking()
            .Where(d => communities.Contains(d.CommunityId) && d.DueAt <= now)
            .GroupBy(d => d.CommunityId).Select(g => new { g.Key, N = g.LongCount() }).ToListAsync(ct);
        string[] open = [nameof(CaseState.Registered), nameof(CaseState.Accepted), nameof(CaseState.Handling)];
        return names.Select(n =>
        {
            var mine = tallies.Where(t => t.CommunityId == n.Id).ToList();
            return new CommunityRow(n.Id, n.Name, mine.Where(t => open.Contains(t.State)).Sum(t => (long)t.Count),
                mine.Where(t => t.State == "Escalated").Sum(t => (long)t.Count), overdue.FirstOrDefault(o => o.Key == n.Id)?.N ?? 0,
                mine.Where(t => t.State is nameof(CaseState.Handling) or nameof(CaseState.Accepted)).Sum(t => (long)t.Count),
                mine.Where(t => t.State == nameof(CaseState.Registered)).Sum(t => (long)t.Count));
        }).ToList();
    }

    public sealed record Handler(long Id, string Name, string Role);

    /// <summary>Who may be given a case of this grid: accounts holding cases.handle over it (its cadre, the community's social workers and leads).</summary>
    public async Task<IReadOnlyList<Handler>> HandlersAsync(long gridId, CancellationToken ct)
    {
        var path = await db.OrgUnits.AsNoTracking().Where(o => o.Id == gridId).Select(o => o.Path).FirstOrDefaultAsync(ct);
        if (path is null) return [];
        var roles = Roles.All.Where(r => Roles.PermissionsOf(r).Contains(Permissions.Cases.Handle)).ToList();
        var rows = await (
            from a in db.RoleAssignments
            join o in db.OrgUnits on a.OrgUnitId equals o.Id
            join u in db.Users on a.UserId equals u.Id
            where roles.Contains(a.Role) && !u.IsDisabled
            select new { u.Id, u.DisplayName, a.Role, o.Path }).ToListAsync(ct);
        return rows.Where(r => path.StartsWith(r.Path, StringComparison.Ordinal))
            .OrderBy(r => r.Role == Roles.GridCadre ? 0 : r.Role == Roles.SocialWorker ? 1 : 2).ThenBy(r => r.DisplayName, StringComparer.Ordinal)
            .DistinctBy(r => r.Id).Select(r => new Handler(r.Id, r.DisplayName, Roles.DisplayName(r.Role))).ToList();
    }
}
