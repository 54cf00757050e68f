using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>查找居民: the one search box, results inside the user's area only.</summary>
[Authorize(Policy = Permissions.Registry.Read)]
public sealed class SearchModel(LinliDb db, CurrentUser me, ResidentSearch search, TimeProvider clock) : PageModel
{
    public const int Limit = 100;
    public sealed record Hit(long Id, string Name, Gender Gender, int? Age, string? NationalId, string? Phone, string Grid, string Address, ResidentStatus Status);

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }
    public IReadOnlyList<Hit> Hits { get; private set; } = [];
    public bool More { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Q)) return Page();
        var area = await me.AreaAsync(ct);
        var today = clock.Today();
        var rows = await (
            from r in search.Query(area, Permissions.Registry.Read, Q)
            join g in db.OrgUnits on r.GridId equals g.Id
            join h in db.Households on r.HouseholdId equals h.Id into hj
            from h in hj.DefaultIfEmpty()
            join d in db.Dwellings on h.DwellingId equals d.Id into dj
            from d in dj.DefaultIfEmpty()
            join b in db.Buildings on d.BuildingId equals b.Id into bj
            from b in bj.DefaultIfEmpty()
            orderby r.Status, r.Name, r.Id
            select new { r.Id, r.Name, r.Gender, r.BirthDate, r.NationalIdMasked, r.PhoneMasked, Grid = g.Name, Building = b == null ? null : b.Name, Unit = d == null ? null : d.Unit, Room = d == null ? null : d.Room, r.Status })
            .Take(Limit + 1).ToListAsync(ct);
        More = rows.Count > Limit;
        // Names read in pinyin order, as people expect them (the database orders by code point).
        var pinyinOrder = StringComparer.Create(new System.Globalization.CultureInfo("zh-CN"), false);
        Hits = rows.Take(Limit).OrderBy(r => r.Status).ThenBy(r => r.Name, pinyinOrder).Select(r => new Hit(r.Id, r.Name, r.Gender, r.BirthDate is { } bd ? RegistryText.Age(bd, today) : null,
            r.NationalIdMasked, r.PhoneMasked, r.Grid, RegistryText.Address(r.Building, r.Unit, r.Room), r.Status)).ToList();
        if (Hits.Count == 1 && Request.Headers["HX-Request"].Count == 0) return Redirect($"/Registry/Resident/{Hits[0].Id}");
        return Page();
    }
}
