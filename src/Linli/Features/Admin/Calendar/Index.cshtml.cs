using Linli.Data;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Admin.Calendar;

/// <summary>
/// 工作日历: the years the working-day calendar knows, where each comes from (the State Council's notice, shipped or
/// imported) and whether it is published or provisional; from 1 November, a warning while next year is missing.
/// Years are imported on the command line (<c>linli calendar import FILE</c>), where the file is at hand.
/// </summary>
[Authorize(Policy = Permissions.System.Manage)]
public sealed class IndexModel(WorkCalendars calendars, LinliDb db, TimeProvider clock) : PageModel
{
    public sealed record Row(int Year, bool Published, int Holidays, int MakeUpDays, IReadOnlyList<string> Papers, string Source);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int? MissingNextYear { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var years = await calendars.YearsAsync(db, ct);
        var thisYear = clock.GetLocalNow().Year;
        var rows = years.Select(y => new Row(y.Year, true, y.Holidays, y.MakeUpDays, y.Papers,
            y.Imported ? $"{y.ImportedAt:yyyy-MM-dd} {y.ImportedBy}" : "")).ToList();
        for (var year = thisYear; year <= thisYear + 1; year++)
            if (rows.All(r => r.Year != year)) rows.Add(new Row(year, false, 0, 0, [], ""));
        Rows = rows.OrderByDescending(r => r.Year).ToList();
        MissingNextYear = await calendars.MissingNextYearAsync(db, ct);
    }
}
