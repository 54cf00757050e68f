using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// The cadre's workbench (phone first): in my grids, who is overdue, due now, never visited, each with the policy that
/// asks for it; and today's round, the same people in walking order. Two taps to a saved visit: 登记 → 保存.
/// </summary>
[Authorize(Policy = Permissions.Visits.Read)]
public sealed class IndexModel(LinliDb db, CurrentUser me, VisitSchedule schedule, TimeProvider clock) : PageModel
{
    public sealed record GridChoice(long Id, string Name, string Community);
    public sealed record LabelChoice(long Id, string Name, string Rhythm);
    public sealed record Count(int People, int Households);

    public IReadOnlyList<GridChoice> Grids { get; private set; } = [];
    public long? GridId { get; private set; }
    /// <summary>overdue / due / never / round.</summary>
    public string List { get; private set; } = "round";
    public IReadOnlyList<VisitSchedule.Person> People { get; private set; } = [];
    public Count Overdue { get; private set; } = new(0, 0);
    public Count Due { get; private set; } = new(0, 0);
    public Count Never { get; private set; } = new(0, 0);
    public bool MayRecord { get; private set; }
    public bool TooMany { get; private set; }
    public DateOnly Today { get; private set; }
    /// <summary>The labels with a rhythm in the shown grids that the viewer may know of (sensitive ones only where granted).</summary>
    public IReadOnlyList<LabelChoice> LabelChoices { get; private set; } = [];
    /// <summary>The labels the lists are filtered to (none: every policy).</summary>
    public IReadOnlyList<long> Labels { get; private set; } = [];

    /// <summary>A street officer's area is a hundred grids: the workbench asks them to pick one.</summary>
    const int MaxGridsAtOnce = 20;

    /// <summary>People on one page of a list: more than a morning's round, and a page a phone opens at once (the 500 people of two
    /// grids at 1,000,000 residents made a 300 KB page).</summary>
    public const int PageSize = 50;

    /// <summary>A building of the shown list (round and never-visited lists, in walking order) and the person it starts with.</summary>
    public sealed record BuildingStart(string Place, long FirstResidentId, int People);

    /// <summary>The list's length; <see cref="People"/> is the page of it from <see cref="FirstShown"/> (0-based).</summary>
    public int Total { get; private set; }
    public int FirstShown { get; private set; }
    /// <summary>The person the next / previous page begins with (key paging: a page is named by its first person, so a visit
    /// recorded meanwhile does not shift the pages after it); null on the last / first page.</summary>
    public long? NextFrom { get; private set; }
    public long? PreviousFrom { get; private set; }
    public IReadOnlyList<BuildingStart> Buildings { get; private set; } = [];

    public async Task OnGetAsync(long? grid, string? list, long[]? label, long? from, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Today = clock.Today();
        var readable = area.GridsWhere(Permissions.Visits.Read);
        Grids = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(readable).Contains(o.Id))
            .Join(db.OrgUnits, g => g.ParentId, c => c.Id, (g, c) => new { g.Id, g.Name, Community = c.Name, c.SortOrder, GridOrder = g.SortOrder })
            .OrderBy(x => x.SortOrder).ThenBy(x => x.GridOrder).Select(x => new GridChoice(x.Id, x.Name, x.Community)).ToListAsync(ct);
        List = list is "overdue" or "due" or "never" ? list : "round";
        GridId = grid is { } g && Grids.Any(x => x.Id == g) ? g : Grids.Count == 1 ? Grids[0].Id : null;
        IReadOnlyList<long> grids = GridId is { } one ? [one] : readable;
        if (grids.Count > MaxGridsAtOnce)
        {
            TooMany = true;
            return;
        }
        MayRecord = grids.Any(x => area.HasInGrid(Permissions.Visits.Write, x));
        LabelChoices = await LabelChoicesAsync(area, grids, ct);
        // A label the viewer may not know of (or that has no rhythm here) is dropped as if it had not been asked for.
        Labels = (label ?? []).Where(id => LabelChoices.Any(c => c.Id == id)).Distinct().Order().ToList();
        var people = await schedule.ForGridsAsync(area, grids, Today, ct, Labels.Count == 0 ? null : Labels);
        Count CountOf(DueState s) => new(people.Count(p => p.State == s), people.Where(p => p.State == s).Select(p => p.HouseholdId ?? -p.ResidentId).Distinct().Count());
        (Overdue, Due, Never) = (CountOf(DueState.Overdue), CountOf(DueState.InWindow), CountOf(DueState.Never));
        // A first visit after a new label (hours, not days) comes first, the nearest deadline first; then by the window's close.
        IEnumerable<VisitSchedule.Person> ByDeadline(DueState state) => people.Where(p => p.State == state)
            .OrderBy(p => p.Trigger?.DeadlineUtc ?? DateTime.MaxValue).ThenBy(p => p.Window!.Value.Closes);
        var shown = List switch
        {
            "overdue" => ByDeadline(DueState.Overdue),
            "due" => ByDeadline(DueState.InWindow),
            "never" => VisitSchedule.InWalkingOrder(people.Where(p => p.State == DueState.Never)),
            _ => VisitSchedule.InWalkingOrder(people.Where(p => p.State != DueState.NotYet)),
        };
        var all = shown.ToList();
        Total = all.Count;
        if (List is "round" or "never")
            Buildings = all.Select(p => (Place: PlaceOf(p), p.ResidentId)).GroupBy(x => x.Place)
                .Select(g => new BuildingStart(g.Key, g.First().ResidentId, g.Count())).ToList();
        // A page begins with the person asked for; one who has since left the list (visited, moved) starts the list again.
        var start = from is { } f ? Math.Max(0, all.FindIndex(p => p.ResidentId == f)) : 0;
        FirstShown = start;
        People = all.Skip(start).Take(PageSize).ToList();
        NextFrom = start + PageSize < all.Count ? all[start + PageSize].ResidentId : null;
        PreviousFrom = start > 0 ? all[Math.Max(0, start - PageSize)].ResidentId : null;
    }

    /// <summary>Where a person is walked to: the building (with the grid when several grids are shown).</summary>
    public string PlaceOf(VisitSchedule.Person p) => Grids.Count > 1 ? $"{GridName(p.GridId)} · {p.Building}" : p.Building;

    async Task<IReadOnlyList<LabelChoice>> LabelChoicesAsync(UserArea area, IReadOnlyList<long> grids, CancellationToken ct)
    {
        var (communityOf, policies) = await schedule.PoliciesAsync(grids, ct);
        var sensitiveIn = communityOf.Where(x => area.HasInGrid(Permissions.Registry.Sensitive, x.Key)).Select(x => x.Value).ToHashSet();
        return policies.SelectMany(c => c.Value.Where(p => !p.IsSensitive || sensitiveIn.Contains(c.Key)))
            .GroupBy(p => p.TagId).Select(g => new LabelChoice(g.Key, g.First().Name, string.Join("/", g.Select(p => VisitPolicies.Describe(p.Rhythm)).Distinct())))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    public string GridName(long id) => Grids.FirstOrDefault(g => g.Id == id)?.Name ?? "";

    /// <summary>The workbench's address for a list, keeping the grid and the label filter (so a chart's bar can link to it).</summary>
    public string Link(string list) => LinkTo(GridId, list, Labels);

    /// <summary>This list from the page that begins with <paramref name="resident"/>.</summary>
    public string PageLink(long resident) => Link(List) + $"&from={resident}";

    public static string LinkTo(long? grid, string list, IEnumerable<long>? labels = null) =>
        "/Visits?" + (grid is { } g ? $"grid={g}&" : "") + $"list={list}" + string.Concat((labels ?? []).Select(l => $"&label={l}"));
}
