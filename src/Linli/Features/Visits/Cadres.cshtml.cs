using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Visits;

/// <summary>干部每月走访: a bar chart and a table of visits per cadre per month, every number opening the visits it counts.</summary>
[Authorize(Policy = Permissions.Visits.Read)]
public sealed class CadresModel(CurrentUser me, VisitsPerCadre counts, TimeProvider clock) : PageModel
{
    public IReadOnlyList<VisitsPerCadre.Cadre> Cadres { get; private set; } = [];
    public IReadOnlyList<DateOnly> Months { get; private set; } = [];
    /// <summary>The cadre whose twelve months the chart shows; null: the chart shows every cadre in <see cref="Month"/>.</summary>
    public VisitsPerCadre.Cadre? Chosen { get; private set; }
    public DateOnly Month { get; private set; }
    public bool SeesOthers { get; private set; }

    public async Task OnGetAsync(long? visitor, string? month, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var today = clock.Today();
        SeesOthers = VisitsPerCadre.SeesOthers(area);
        Months = VisitsPerCadre.MonthsUpTo(today);
        Cadres = await counts.ForAsync(area, today, ct);
        Chosen = Cadres.FirstOrDefault(c => c.Id == visitor) ?? (Cadres.Count == 1 ? Cadres[0] : null);
        Month = VisitLog.ParseMonth(month) is { } m && Months.Contains(m) ? m : Months[^1];
    }
}
