using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// 街道走访概况: per community of the viewer's area (or per grid of a chosen community) the people due, overdue per label
/// and never visited — from the kept-current <see cref="VisitStanding"/> — and, for one community's grids, the households
/// reached lately (a count over that community's visits; over a whole street it would recount millions). Every number
/// links to the list behind it (the community's view, or the grid's workbench list).
/// </summary>
[Authorize(Policy = Permissions.Visits.Read)]
public sealed class StreetModel(LinliDb db, CurrentUser me, VisitStreetView view, VisitsPerCadre perCadre, TimeProvider clock) : PageModel
{
    public IReadOnlyList<VisitStreetView.Unit> Units { get; private set; } = [];
    public long? CommunityId { get; private set; }
    public string? CommunityName { get; private set; }
    public IReadOnlyList<string> Labels { get; private set; } = [];
    /// <summary>干部每月走访 of the chosen community (its visits counted through the (GridId, Date) index), stacked by visitor.</summary>
    public StackedChart? CadreMonths { get; private set; }
    /// <summary>每月走访次数 of the street (no community chosen), stacked by community, from <see cref="VisitMonth"/> only.</summary>
    public StackedChart? CommunityMonths { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? community, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var grids = area.GridsWhere(Permissions.Visits.Read);
        if (community is { } c)
        {
            CommunityName = await db.OrgUnits.AsNoTracking().Where(o => o.Id == c && db.OrgUnits.Any(g => g.ParentId == c && EF.Parameter(grids).Contains(g.Id)))
                .Select(o => o.Name).FirstOrDefaultAsync(ct);
            if (CommunityName is null) return NotFound();
            CommunityId = c;
        }
        var today = clock.Today();
        Units = await view.ForAsync(area, grids, CommunityId, today, withReached: CommunityId is not null, ct);
        if (CommunityId is { } chosen)
        {
            var within = await perCadre.GridsOfAsync(area, chosen, ct);
            var cadres = await perCadre.ForAsync(area, today, ct, within);
            if (cadres.Count > 0) CadreMonths = VisitsPerCadre.Chart(cadres, VisitsPerCadre.MonthsUpTo(today), chosen);
        }
        else if (VisitsPerCadre.SeesOthers(area))
        {
            // Only for a viewer who reads every visitor's visits: a grid cadre's list of a month is her own visits, which a
            // grid's count is not.
            var months = VisitsPerCadre.MonthsUpTo(today);
            var communities = await VisitMonths.PerCommunityAsync(db, grids, months, ct);
            if (communities.Count > 0) CommunityMonths = VisitMonths.Chart(communities, months);
        }
        Labels = Units.SelectMany(u => u.Labels.Select(l => l.Label)).Distinct().Order(StringComparer.Ordinal).ToList();
        return Page();
    }

    /// <summary>Where a number of a row leads: a community's grids, or the grid's workbench list.</summary>
    public string Link(long unit, string? list) => CommunityId is null ? $"/Visits/Street?community={unit}" : $"/Visits?grid={unit}&list={list ?? "round"}";

    /// <summary>Where one label's overdue number of a row leads: the community's grids, or the grid's overdue list filtered to that label.</summary>
    public string LabelLink(long unit, long tagId) => CommunityId is null ? $"/Visits/Street?community={unit}" : IndexModel.LinkTo(unit, "overdue", [tagId]);

    static readonly string[] Palette = ["#c62828", "#6a1b9a", "#1565c0", "#00838f", "#2e7d32", "#ef6c00", "#5d4037", "#ad1457", "#283593", "#827717"];

    /// <summary>One colour per label, the same in every row, so a label reads the same down the chart.</summary>
    public string ColourOf(string label) => Palette[Math.Max(0, Labels.ToList().IndexOf(label)) % Palette.Length];

    /// <summary>
    /// 逾期（按标签）: one bar per unit and label with people overdue, coloured by label (the legend under the chart), each
    /// opening the list it counts; the unit's name stands under the middle bar of its group only, since forty names
    /// under forty bars cannot be read.
    /// </summary>
    public IEnumerable<object> OverdueByLabel() =>
        Units.SelectMany(u =>
        {
            var bars = u.Labels.Where(l => l.Overdue > 0).ToList();
            return bars.Select((l, i) => (object)new { name = i == (bars.Count - 1) / 2 ? u.Name : "", label = l.Label, value = l.Overdue, href = LabelLink(u.Id, l.TagId), color = ColourOf(l.Label) });
        });
}
