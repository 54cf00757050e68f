using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases.Hotline;

/// <summary>
/// 居民求助热线: find the caller by phone, name or address (the registry's caller view), open a case from the call in
/// one form, read the reference number to the caller, dispatch it to a cadre or social worker. A caller who is not in
/// the registry still gets a case, marked to be registered later.
/// </summary>
[Authorize(Policy = CasePolicies.Hotline)]
public sealed class IndexModel(CurrentUser me, CallerLookup lookup, CaseWorkflow workflow, CaseLists lists, LinliDb db, IEnumerable<IRecordActions> offered) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    /// <summary>The caller chosen from the look-up (a resident id), or 0 for a caller not in the registry.</summary>
    [BindProperty(SupportsGet = true)] public long? Caller { get; set; }
    [BindProperty] public CaseWorkflow.OpenForm Form { get; set; } = new();
    [TempData] public string? Opened { get; set; }
    [TempData] public string? OpenedId { get; set; }
    [TempData] public string? OpenedOwner { get; set; }

    public CallerLookup.Result Result { get; private set; } = new([], false);
    public OpenFormView? View { get; private set; }
    public bool CanOpen { get; private set; }
    public UserArea Area { get; private set; } = UserArea.Nobody;

    /// <summary>Next steps other modules offer for a caller (下服务单), from the declarations.</summary>
    public IEnumerable<RecordAction> OfferedFor(long residentId) =>
        offered.SelectMany(o => o.For(Area, new RecordContext(RecordSubjects.Caller, residentId, null, residentId))).OrderBy(a => a.Order);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Result = await lookup.FindAsync(area, Q, ct);
        return await PrepareAsync(area, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (!area.Has(Permissions.Cases.Open)) return Forbid();
        Form.ResidentId = Caller is > 0 ? Caller : null;
        Form.Channel ??= "热线";
        var outcome = await workflow.OpenAsync(area, Form, ct);
        if (outcome is null) return NotFound();
        if (!outcome.Ok)
        {
            foreach (var (field, message) in outcome.Errors) ModelState.AddModelError("Form." + field, message);
            Result = await lookup.FindAsync(area, Q, ct);
            return await PrepareAsync(area, ct) ? Page() : NotFound();
        }
        Opened = outcome.Case!.Reference;
        OpenedId = outcome.Case.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        OpenedOwner = outcome.Case.OwnerId is { } o ? await db.Users.AsNoTracking().Where(u => u.Id == o).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        return RedirectToPage(new { q = Q });
    }

    async Task<bool> PrepareAsync(UserArea area, CancellationToken ct)
    {
        Area = area;
        CanOpen = area.Has(Permissions.Cases.Open);
        if (!CanOpen || Caller is null) return true;
        if (Caller > 0)
        {
            var r = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.CallerView).Where(x => x.Id == Caller).Select(x => new { x.Name, x.GridId }).FirstOrDefaultAsync(ct);
            if (r is null) return false;
            Form.ResidentId = Caller;
            View = await OpenFormView.LoadAsync(db, lists, area, r.GridId, r.Name, ct);
        }
        else View = await OpenFormView.LoadAsync(db, lists, area, null, null, ct);
        return true;
    }
}
