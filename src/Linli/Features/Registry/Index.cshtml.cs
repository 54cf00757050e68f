using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>人口房屋: the grids of the user's area, community by community, each with its counts.</summary>
[Authorize(Policy = Permissions.Registry.Read)]
public sealed class IndexModel(LinliDb db, CurrentUser me) : PageModel
{
    public sealed record GridRow(long Id, string Code, string Name, string Community, string CommunityCode, int Buildings, int Households, int Residents);
    public IReadOnlyList<GridRow> Grids { get; private set; } = [];
    public bool MayImport { get; private set; }
    public bool MayManageTags { get; private set; }
    /// <summary>Asks for or approves exports of unmasked or sensitive rosters (导出审批).</summary>
    public bool MayUseExportApprovals { get; private set; }
    public bool MayExport { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        MayImport = area.Has(Permissions.Registry.Import);
        MayManageTags = area.Has(Permissions.Registry.DefineTags) || area.Has(Permissions.Registry.SetVisitCycles);
        MayUseExportApprovals = area.Has(Permissions.Registry.Export) || area.Has(Permissions.Registry.ApproveExport);
        MayExport = area.Has(Permissions.Registry.Export);
        var grids = await db.OrgUnits.AsNoTracking().GridsInScopeOf(area, Permissions.Registry.Read)
            .Join(db.OrgUnits, g => g.ParentId, c => c.Id, (g, c) => new { g.Id, g.Code, g.Name, g.SortOrder, Community = c.Name, CommunityCode = c.Code, CommunityOrder = c.SortOrder })
            .ToListAsync(ct);
        var residents = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).Where(r => r.Status == ResidentStatus.Active)
            .GroupBy(r => r.GridId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var households = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Read)
            .GroupBy(h => h.GridId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var buildings = await db.Buildings.AsNoTracking().InScopeOf(area, Permissions.Registry.Read)
            .GroupBy(b => b.GridId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        Grids = grids.OrderBy(g => g.CommunityOrder).ThenBy(g => g.SortOrder)
            .Select(g => new GridRow(g.Id, g.Code, g.Name, g.Community, g.CommunityCode, buildings.GetValueOrDefault(g.Id), households.GetValueOrDefault(g.Id), residents.GetValueOrDefault(g.Id)))
            .ToList();
    }
}
