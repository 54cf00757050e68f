using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Benefits;

/// <summary>One application: its steps with their dates and deadlines, the household, the notice's versions, objections, history, and the step the user may take now.</summary>
[Authorize(Policy = BenefitPolicies.Any)]
public sealed class DetailModel(CurrentUser me, BenefitReader reader, BenefitWorkflow workflow, TimeProvider clock) : PageModel
{
    public BenefitReader.View View { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    [BindProperty] public BenefitWorkflow.StepForm Input { get; set; } = new();
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var outcome = await workflow.StepAsync(await me.AreaAsync(ct), id, Input, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok)
        {
            Done = BenefitSteps.Word(Input.Action ?? "");
            return RedirectToPage(new { id });
        }
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field.Length == 0 ? "" : "Input." + field, message);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await reader.OneAsync(await me.AreaAsync(ct), id, ct) is not { } v) return false;
        View = v;
        Today = clock.Today();
        return true;
    }

    public string? Error(string field) => ModelState["Input." + field]?.Errors.FirstOrDefault()?.ErrorMessage;
}
