using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>亮诺 to residents: the posts published (岗位、姓名、职责) and the promises the branch chose to show publicly, for anyone.
/// Nothing else of the branch: no dates of birth, no residents' records, no grades.</summary>
[AllowAnonymous]
public sealed class PublicModel(YearReader year, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public PartyBranch? BranchRecord { get; private set; }
    public IReadOnlyList<YearReader.PromiseRow> Promises { get; private set; } = [];
    public IReadOnlyList<YearReader.PostRow> Posts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        BranchRecord = Branch is { } id ? await year.BranchAsync(id, ct) : null;
        if (BranchRecord is null) return NotFound();
        if (Year is not (>= 2000 and <= 2100)) Year = clock.GetLocalNow().Year;
        Promises = await year.PromisesAsync(BranchRecord.Id, Year.Value, publicOnly: true, ct);
        Posts = (await year.PostsAsync(BranchRecord.Id, Year.Value, ct)).Where(p => p.PublishedOn is not null).ToList();
        return Page();
    }
}
