using Linli.Data;
using Linli.Features.Access;
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

    /// <summary>A street officer's area is a hundred grids: the workbench asks them to pick one.</summary>
    const int MaxGridsAtOnce = 20;

    public async Task OnGetAsync(long? grid, string? list, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
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
        var people = await schedule.ForGridsAsync(area, grids, Today, ct);
        Count CountOf(DueState s) => new(people.Count(p => p.State == s), people.Where(p => p.State == s).Select(p => p.HouseholdId ?? -p.ResidentId).Distinct().Count());
        (Overdue, Due, Never) = (CountOf(DueState.Overdue), CountOf(DueState.InWindow), CountOf(DueState.Never));
        var shown = List switch
        {
            "overdue" => people.Where(p => p.State == DueState.Overdue).OrderBy(p => p.Window!.Value.Closes),
            "due" => people.Where(p => p.State == DueState.InWindow).OrderBy(p => p.Window!.Value.Closes),
            "never" => VisitSchedule.InWalkingOrder(people.Where(p => p.State == DueState.Never)),
            _ => VisitSchedule.InWalkingOrder(people.Where(p => p.State != DueState.NotYet)),
        };
        People = shown.ToList();
    }

    public string GridName(long id) => Grids.FirstOrDefault(g => g.Id == id)?.Name ?? "";

    public string Link(string list) => GridId is { } g ? $"/Visits?grid={g}&list={list}" : $"/Visits?list={list}";
}
