using Linli.Data;
using Linli.Features.Access;
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
public sealed class StreetModel(LinliDb db, CurrentUser me, VisitStreetView view, TimeProvider clock) : PageModel
{
    public IReadOnlyList<VisitStreetView.Unit> Units { get; private set; } = [];
    public long? CommunityId { get; private set; }
    public string? CommunityName { get; private set; }
    public IReadOnlyList<string> Labels { get; private set; } = [];

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
        Units = await view.ForAsync(area, grids, CommunityId, DateOnly.FromDateTime(clock.GetLocalNow().DateTime), withReached: CommunityId is not null, ct);
        Labels = Units.SelectMany(u => u.Labels.Select(l => l.Label)).Distinct().Order(StringComparer.Ordinal).ToList();
        return Page();
    }

    /// <summary>Where a number of a row leads: a community's grids, or the grid's workbench list.</summary>
    public string Link(long unit, string? list) => CommunityId is null ? $"/Visits/Street?community={unit}" : $"/Visits?grid={unit}&list={list ?? "round"}";
}
