using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Services;

/// <summary>月度结算: per provider, the orders completed in a month, what residents paid and what the subsidy pays, by service and tier; printable.</summary>
[Authorize(Policy = Permissions.Services.Read)]
public sealed class SettlementModel(CurrentUser me, ServiceLists lists, LinliDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Community { get; set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public IReadOnlyList<OrgUnit> Communities { get; private set; } = [];
    public OrgUnit? Current { get; private set; }
    public IReadOnlyList<ServiceLists.SettlementRow> Rows { get; private set; } = [];
    public string? MonthError { get; private set; }
    public string Today { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Today = clock.GetLocalNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Communities = await ServicesApi.CommunitiesAsync(db, area, ct);
        Current = Community is { } c ? Communities.FirstOrDefault(x => x.Id == c) : Communities.Count > 0 ? Communities[0] : null;
        if (Community is not null && Current is null) return NotFound();
        if (string.IsNullOrEmpty(Month)) Month = clock.GetLocalNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        else if (!DateOnly.TryParseExact(Month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            MonthError = "月份请写成 2026-11 这样。";
            return Page();
        }
        if (Current is not null) Rows = await lists.SettlementAsync(area, Current.Id, Month!, ct);
        return Page();
    }
}
