using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features;

/// <summary>
/// 首页: the user's own area at a glance, from the per-grid numbers kept current on every write (<see cref="AreaOverview"/>);
/// "60岁及以上" is counted by birth year (按出生年份计), as the page says.
/// </summary>
public sealed class IndexModel(CurrentUser me, AreaOverview overview, AreaCharts charts, LinliDb db, Calendar.WorkCalendars calendars, IEnumerable<IHomeCards> modules) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public IReadOnlyList<string> RoleNames { get; private set; } = [];
    public IReadOnlyList<OrgUnit> Units { get; private set; } = [];
    public (int Communities, int Grids) UnitCounts { get; private set; }
    public AreaOverview.Result? Overview { get; private set; }
    /// <summary>For a user over several grids or communities (a lead, a street officer): the pyramid, residence kinds, labels by row.</summary>
    public AreaCharts.Result? Charts { get; private set; }
    public string RowHeading { get; private set; } = "";
    /// <summary>For the system administrator, from 1 November: next year's holiday schedule is not imported yet.</summary>
    public int? CalendarMissingYear { get; private set; }
    /// <summary>The numbers the work modules declare for this user (<see cref="IHomeCards"/>), in their order.</summary>
    public IReadOnlyList<HomeCard> Cards { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        DisplayName = area.DisplayName;
        RoleNames = area.Assignments.Select(a => Roles.DisplayName(a.Role)).Distinct().ToList();
        Units = area.Units;
        if (area.Has(Permissions.System.Manage)) CalendarMissingYear = await calendars.MissingNextYearAsync(db, ct);
        var cards = new List<HomeCard>();
        foreach (var module in modules) cards.AddRange(await module.ForAsync(area, ct));
        Cards = cards.OrderBy(c => c.Order).ToList();
        if (area.Has(Permissions.Registry.Read))
        {
            Overview = await overview.ForAsync(area, ct);
            RowHeading = (Overview.Rows.Count > 0 ? Overview.Rows[0].Kind : (OrgUnitKind?)null) == OrgUnitKind.Community ? "各社区" : "各网格";
            if (Overview.Rows.Count > 1) Charts = await charts.ForAsync(area, Overview.Rows, ct);
        }
        else
        {
            var communities = 0;
            var grids = 0;
            foreach (var prefix in area.Units.Select(u => u.Path))
            {
                communities += await db.OrgUnits.CountAsync(o => o.Kind == OrgUnitKind.Community && o.Path.StartsWith(prefix), ct);
                grids += await db.OrgUnits.CountAsync(o => o.Kind == OrgUnitKind.Grid && o.Path.StartsWith(prefix), ct);
            }
            UnitCounts = (communities, grids);
        }
    }
}
