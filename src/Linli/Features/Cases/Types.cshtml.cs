using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Cases;

/// <summary>事件类型设置: the office sets each type's limits, units, extension cap and yellow lines (<see cref="CaseTypeSettings"/>).</summary>
[Authorize(Policy = CasePolicies.Supervision)]
public sealed class TypesModel(CurrentUser me, CaseTypeSettings settings) : PageModel
{
    public IReadOnlyList<CaseType> Types { get; private set; } = [];
    [BindProperty] public CaseTypeSettings.Form Input { get; set; } = new();
    [BindProperty] public string? Code { get; set; }
    [TempData] public string? Saved { get; set; }
    /// <summary>The type whose form failed, to show its errors beside it.</summary>
    public string? Failed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Types = await settings.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await settings.SaveAsync(await me.AreaAsync(ct), Code ?? "", Input, ct);
        if (result is null) return NotFound();
        if (result.Value.Type is { } saved)
        {
            Saved = saved.Name;
            return RedirectToPage();
        }
        foreach (var (field, message) in result.Value.Errors) ModelState.AddModelError(field.Length == 0 ? "" : "Input." + field, message);
        Failed = Code;
        Types = await settings.ListAsync(ct);
        return Page();
    }
}
