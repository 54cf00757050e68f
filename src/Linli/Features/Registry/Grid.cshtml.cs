using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>A grid's households, building by building: the page a cadre keeps open.</summary>
[Authorize(Policy = Permissions.Policies.RegistryRecords)]
public sealed class GridModel(LinliDb db, CurrentUser me, OutOfArea outOfArea, TimeProvider clock) : PageModel
{
    public sealed record HouseholdRow(long Id, string Number, string Building, string? Unit, string? Room, string Head, int Members, IReadOnlyList<string> Tags);

    public OrgUnit Grid { get; private set; } = null!;
    public string Community { get; private set; } = "";
    public IReadOnlyList<HouseholdRow> Households { get; private set; } = [];
    public int Residents { get; private set; }
    /// <summary>One building only (?building=3号楼), for a cadre who works or prints building by building.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Building { get; set; }
    public string Today { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var grid = await db.OrgUnits.AsNoTracking().GridsInScopeOf(area, Permissions.Registry.Read).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (grid is null)
        {
            await outOfArea.ReportAsync(Audit.AuditTargets.OrgUnit, id, ct);
            return NotFound();
        }
        Grid = grid;
        Today = clock.GetLocalNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Community = await db.OrgUnits.Where(o => o.Id == grid.ParentId).Select(o => o.Name).FirstAsync(ct);

        var rows = await (
            from h in db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).Where(h => h.GridId == id)
            join d in db.Dwellings on h.DwellingId equals d.Id into dj
            from d in dj.DefaultIfEmpty()
            join b in db.Buildings on d.BuildingId equals b.Id into bj
            from b in bj.DefaultIfEmpty()
            join head in db.Residents on h.HeadId equals head.Id into hj
            from head in hj.DefaultIfEmpty()
            select new { h.Id, h.Number, Building = b == null ? null : b.Name, BuildingOrder = b == null ? int.MaxValue : b.SortOrder, BuildingId = b == null ? 0 : b.Id, Unit = d == null ? null : d.Unit, Room = d == null ? null : d.Room, Head = head == null ? "" : head.Name })
            .ToListAsync(ct);
        var members = await db.Residents.AsNoTracking().Where(r => r.GridId == id && r.Status == ResidentStatus.Active && r.HouseholdId != null)
            .GroupBy(r => r.HouseholdId!.Value).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var tags = await db.ResidentTags.AsNoTracking().Where(rt => rt.GridId == id)
            .Join(db.Tags.VisibleTo(area, id), rt => rt.TagId, t => t.Id, (rt, t) => new { rt.ResidentId, t.Name })
            .Join(db.Residents.Where(r => r.Status == ResidentStatus.Active), x => x.ResidentId, r => r.Id, (x, r) => new { r.HouseholdId, x.Name })
            .ToListAsync(ct);
        var tagsByHousehold = tags.Where(t => t.HouseholdId != null).ToLookup(t => t.HouseholdId!.Value, t => t.Name);
        Residents = members.Values.Sum();
        Households = rows.OrderBy(r => r.BuildingOrder).ThenBy(r => r.BuildingId).ThenBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Room?.Length).ThenBy(r => r.Room, StringComparer.Ordinal)
            .Select(r => new HouseholdRow(r.Id, r.Number, r.Building ?? "（无门牌）", r.Unit, r.Room, r.Head, members.GetValueOrDefault(r.Id), tagsByHousehold[r.Id].Distinct().ToList()))
            .ToList();
        return Page();
    }
}
