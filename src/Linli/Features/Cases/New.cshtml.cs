using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>登记事件 by a cadre, social worker or lead: for a resident (?resident=) or a caller not in the registry.</summary>
[Authorize(Policy = Permissions.Cases.Open)]
public sealed class NewModel(CurrentUser me, CaseWorkflow workflow, CaseLists lists, LinliDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Resident { get; set; }
    [BindProperty] public CaseWorkflow.OpenForm Form { get; set; } = new() { Channel = "来访" };
    public OpenFormView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await PrepareAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Form.ResidentId = Resident;
        var outcome = await workflow.OpenAsync(area, Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Cases/{outcome.Case!.Id}");
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError("Form." + field, message);
        return await PrepareAsync(ct) ? Page() : NotFound();
    }

    async Task<bool> PrepareAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (Resident is { } rid)
        {
            var r = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).Where(x => x.Id == rid).Select(x => new { x.Name, x.GridId }).FirstOrDefaultAsync(ct);
            if (r is null || !area.HasInGrid(Permissions.Cases.Open, r.GridId)) return false;
            Form.ResidentId = rid;
            View = await OpenFormView.LoadAsync(db, lists, area, r.GridId, r.Name, ct);
        }
        else View = await OpenFormView.LoadAsync(db, lists, area, null, null, ct);
        return true;
    }
}
