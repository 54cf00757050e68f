using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>One resident's record, with the ID and phone masked and only the labels this user may see.</summary>
[Authorize(Policy = Permissions.Registry.Read)]
public sealed class ResidentModel(LinliDb db, CurrentUser me, TimeProvider clock) : PageModel
{
    public Resident Resident { get; private set; } = null!;
    public string GridName { get; private set; } = "";
    public string Address { get; private set; } = "";
    public int? Age { get; private set; }
    public IReadOnlyList<Tag> Tags { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var resident = await db.Residents.AsNoTracking().InScopeOf(area).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resident is null) return NotFound();
        Resident = resident;
        GridName = await db.OrgUnits.Where(o => o.Id == resident.GridId).Select(o => o.Name).FirstAsync(ct);
        var place = await db.Households.AsNoTracking().Where(h => h.Id == resident.HouseholdId)
            .Join(db.Dwellings, h => h.DwellingId, d => d.Id, (h, d) => d)
            .Join(db.Buildings, d => d.BuildingId, b => b.Id, (d, b) => new { Building = b.Name, d.Unit, d.Room }).FirstOrDefaultAsync(ct);
        Address = RegistryText.Address(place?.Building, place?.Unit, place?.Room);
        Age = resident.BirthDate is { } b ? RegistryText.Age(b, DateOnly.FromDateTime(clock.GetLocalNow().Date)) : null;
        Tags = await db.ResidentTags.AsNoTracking().Where(rt => rt.ResidentId == id)
            .Join(db.Tags.VisibleTo(area), rt => rt.TagId, t => t.Id, (rt, t) => t).OrderBy(t => t.Category).ToListAsync(ct);
        return Page();
    }
}
