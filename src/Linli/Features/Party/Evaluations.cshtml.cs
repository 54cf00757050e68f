using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>民主评议党员 for a year: each member's grade beside their promises' score, 优秀 at most a third (refused otherwise), then
/// the results published to the members.</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class EvaluationsModel(PartyHead head, YearReader year, YearDesk desk) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    /// <summary>The grades chosen; a member left at “—” is not graded (null), not 优秀 (the enum's default).</summary>
    [BindProperty] public Dictionary<long, EvaluationGrade?> Grades { get; set; } = [];

    public PartyReader.BranchChoice? BranchChoice { get; private set; }
    public IReadOnlyList<YearReader.GradeRow> Rows { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public DateOnly? PublishedOn { get; private set; }
    UserArea? Area { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Branch is null ? Redirect("/Party") : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var outcome = await desk.GradeAsync(Area!, BranchChoice!.Id, new YearDesk.GradesForm { Year = Year, Grades = Grades.Where(g => g.Value is not null).ToDictionary(g => g.Key, g => g.Value!.Value) }, ct);
        return await AnswerAsync(outcome, ct);
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        return await AnswerAsync(await desk.PublishGradesAsync(Area!, BranchChoice!.Id, Year!.Value, ct), ct);
    }

    async Task<IActionResult> AnswerAsync(PartyDesk.Outcome<YearDesk.GradesResult>? outcome, CancellationToken ct)
    {
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Evaluations?branch={BranchChoice!.Id}&year={Year}&saved=1");
        foreach (var (_, message) in outcome.Errors) ModelState.AddModelError("", message);
        await LoadAsync(ct);
        return Page();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await head.LoadAsync(Branch, ct) is not { } h) return false;
        (Area, BranchChoice, CanWrite) = (h.Area, h.Branch, h.CanWrite);
        if (Year is not (>= 2000 and <= 2100)) Year = h.Today.Year;
        Rows = await year.GradesAsync(BranchChoice.Id, Year.Value, ct);
        PublishedOn = Rows.Select(r => r.PublishedOn).FirstOrDefault(p => p is not null);
        return true;
    }
}
