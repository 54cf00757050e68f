using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>登记新成员: a person joins a household (born, moved in, married in).</summary>
[Authorize(Policy = Permissions.Registry.Write)]
public sealed class AddMemberModel(Data.LinliDb db, CurrentUser me, ResidentEditor editor) : PageModel
{
    public ResidentEditor.Form Input { get; set; } = new() { Gender = null };
    public Household Household { get; private set; } = null!;
    public IReadOnlyList<Tag> Tags { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, [Bind(Prefix = "Input")] ResidentEditor.Form input, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = input;
        ResidentEditor.NameBindingErrors(ModelState, "Input");
        if (!ModelState.IsValid) return Page();
        var outcome = await editor.CreateAsync(await me.AreaAsync(ct), id, input, ct);
        if (outcome is null) return NotFound();
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError($"Input.{field}", message);
        if (!outcome.Ok) return Page();
        TempData["Saved"] = "已登记";
        return Redirect($"/Registry/Resident/{outcome.ResidentId}");
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var household = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return false;
        Household = household;
        Tags = await db.Tags.ListedFor(area, household.GridId).ToListAsync(ct);
        return true;
    }
}
