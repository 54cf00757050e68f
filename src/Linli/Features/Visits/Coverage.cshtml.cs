using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Visits;

/// <summary>走访覆盖 of a grid: every household building by building, coloured by the age of its last contact against its rhythm.</summary>
[Authorize(Policy = Permissions.Visits.Read)]
public sealed class CoverageModel(CurrentUser me, VisitCoverage coverage, OutOfArea outOfArea, TimeProvider clock) : PageModel
{
    public VisitCoverage.Result Result { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    /// <summary>never / overdue / due / a number of days (not reached within) / null for all.</summary>
    public string? Show { get; private set; }
    public bool MayRecord { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? show, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Today = clock.Today();
        if (await coverage.ForGridAsync(area, id, Today, ct) is not { } result)
        {
            await outOfArea.ReportAsync(Audit.AuditTargets.OrgUnit, id, ct);
            return NotFound();
        }
        Result = result;
        Show = show is "never" or "overdue" or "due" || int.TryParse(show, out _) ? show : null;
        MayRecord = area.HasInGrid(Permissions.Visits.Write, id);
        return Page();
    }

    public IEnumerable<VisitCoverage.Row> Shown => Show switch
    {
        null => Result.Households,
        "never" => Result.Households.Where(r => r.State == DueState.Never),
        "overdue" => Result.Households.Where(r => r.State == DueState.Overdue),
        "due" => Result.Households.Where(r => r.State == DueState.InWindow),
        var days => Result.Households.Where(r => r.Last is { } l && l >= Today.AddDays(-int.Parse(days, System.Globalization.CultureInfo.InvariantCulture))),
    };

    public static string ClassOf(DueState s) => s switch { DueState.NotYet => "ok", DueState.InWindow => "due", _ => "overdue" };
}
