using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Activities;

/// <summary>活动统计: participation by age group and grid, volunteer hours by team (charts whose bars open their lists), and the residents no activity has reached this year, grid by grid.</summary>
[Authorize(Policy = Permissions.Activities.Read)]
public sealed class NumbersModel(ActivityNumbers numbers, CurrentUser me, TimeProvider clock, LinliDb db) : PageModel
{
    public ActivityNumbers.Summary Summary { get; private set; } = null!;
    public IReadOnlyList<ActivityNumbers.NotReachedGrid> NotReached { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long? community, int? year, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var c = community ?? (await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Read, ct)).FirstOrDefault();
        var y = year is >= 2000 and <= 2100 ? year.Value : clock.GetLocalNow().Year;
        if (await numbers.SummaryAsync(area, c, y, ct) is not { } s) return NotFound();
        Summary = s;
        NotReached = await numbers.NotReachedAsync(area, c, y, 200, ct) ?? [];
        return Page();
    }
}
