using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Activities;

/// <summary>社区活动: a month at a time, day by day (the calendar as a list that reads on a phone), filtered by kind.</summary>
[Authorize(Policy = Permissions.Activities.Read)]
public sealed class IndexModel(ActivityReader reader, CurrentUser me, TimeProvider clock, LinliDb db) : PageModel
{
    public IReadOnlyList<ActivityReader.Row> Rows { get; private set; } = [];
    public DateOnly Month { get; private set; }
    public DateOnly Today { get; private set; }
    public string? Kind { get; private set; }
    public bool MayManage { get; private set; }
    public long? Community { get; private set; }

    public async Task OnGetAsync(string? month, string? kind, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Today = clock.Today();
        Month = month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", out var m) ? m : new DateOnly(Today.Year, Today.Month, 1);
        Kind = kind is { Length: > 0 } && ActivityText.Kinds.Contains(kind) ? kind : null;
        Rows = await reader.ListAsync(area, Month, Month.AddMonths(1).AddDays(-1), Kind, ct);
        MayManage = area.Has(Permissions.Activities.Manage);
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Read, ct);
        Community = communities.Length > 0 ? communities[0] : null;
    }

    public string Link(DateOnly month, string? kind) => $"/Activities?month={month:yyyy-MM}{(kind is null ? "" : "&kind=" + Uri.EscapeDataString(kind))}";
}
