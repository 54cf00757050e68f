using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>服务统计: orders by service, tier and grid; response and completion times; satisfaction — each number opens the list it counts.</summary>
[Authorize(Policy = Permissions.Services.Read)]
public sealed class NumbersModel(CurrentUser me, ServiceLists lists, LinliDb db) : PageModel
{
    public ServiceLists.Filter Filter { get; private set; } = ServiceLists.Filter.All;
    public Dictionary<string, string> Errors { get; } = [];
    public ServiceLists.Numbers? Numbers { get; private set; }
    public IReadOnlyList<IndexModel.Choice> Units { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Filter = ServiceLists.Parse(Request.Query, Errors);
        var communities = await ServicesApi.CommunitiesAsync(db, area, ct);
        var grids = area.GridsWhere(Permissions.Services.Read);
        var gridRows = await db.OrgUnits.AsNoTracking().Where(g => grids.Contains(g.Id)).OrderBy(g => g.SortOrder).ThenBy(g => g.Id).Select(g => new { g.Id, g.Name, g.ParentId }).ToListAsync(ct);
        Units = communities.SelectMany(c => new[] { new IndexModel.Choice(c.Id, c.Name) }.Concat(gridRows.Where(g => g.ParentId == c.Id).Select(g => new IndexModel.Choice(g.Id, g.Name, true)))).ToList();
        if (Errors.Count == 0) Numbers = await lists.NumbersAsync(area, Filter, ct);
    }

    /// <summary>The list of what a number counts: this page's filter with one more condition.</summary>
    public string Link(ServiceLists.Filter f) => "/Services" + f.Query();
}
