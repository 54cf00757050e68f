using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>立户: a household at an address (building and dwelling found or made); its first member is then registered as 户主.</summary>
[Authorize(Policy = Permissions.Registry.Write)]
public sealed class NewHouseholdModel(Data.LinliDb db, CurrentUser me, HouseholdChanges changes) : PageModel
{
    [BindProperty(SupportsGet = true)] public long GridId { get; set; }
    [BindProperty] public string? Building { get; set; }
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? Room { get; set; }
    [BindProperty] public string? Number { get; set; }
    public IReadOnlyList<(long Id, string Name)> Grids { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Grids.Count == 0) return NotFound();
        if (Grids.All(g => g.Id != GridId)) GridId = Grids[0].Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var result = await changes.CreateAsync(await me.AreaAsync(ct), new HouseholdChanges.Address(GridId, Building, Unit, Room), Number, ct);
        if (result.Status == HouseholdChanges.Status.NotFound) return NotFound();
        if (!result.Ok)
        {
            Error = result.Error;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Saved"] = "已立户，请登记户主";
        return Redirect($"/Registry/Household/{result.HouseholdId}/AddMember");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Grids = (await db.OrgUnits.AsNoTracking().GridsInScopeOf(area, Permissions.Registry.Write).OrderBy(o => o.ParentId).ThenBy(o => o.SortOrder)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
    }
}
