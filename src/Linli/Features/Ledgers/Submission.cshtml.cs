using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Ledgers;

/// <summary>A submission as it was sent (frozen), with the street's review.</summary>
[Authorize(Policy = LedgersModule.AnyLedgerWork)]
public sealed class SubmissionModel(CurrentUser me, LedgerSubmissions submissions) : PageModel
{
    public LedgerSubmission? Submission { get; private set; }
    public string UnitName { get; private set; } = "";
    public bool MayReview { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    async Task<IActionResult> LoadAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var (s, unit) = await submissions.FindAsync(area, id, ct);
        if (s is null || unit is null) return NotFound();
        Submission = s;
        UnitName = unit.Name;
        MayReview = s.State == LedgerSubmissionState.Submitted && area.HasIn(Permissions.Ledgers.Review, unit);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, bool approve, string? note, CancellationToken ct)
    {
        var done = await submissions.ReviewAsync(await me.AreaAsync(ct), id, approve, note, ct);
        if (done.Refusal == LedgerRefusal.NotFound) return NotFound();
        if (done.Ok) return Redirect($"/Ledgers/Submission/{id}");
        Error = done.Message;
        return await LoadAsync(id, ct);
    }
}
