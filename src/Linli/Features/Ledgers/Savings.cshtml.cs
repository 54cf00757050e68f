using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Ledgers;

/// <summary>减负统计: per ledger, this month's cells filled from the registry and the modules against those typed.</summary>
[Authorize(Policy = LedgersModule.AnyLedgerWork)]
public sealed class SavingsModel(CurrentUser me, LedgerSubmissions submissions, TimeProvider clock) : PageModel
{
    public List<LedgerSubmissions.Saving> Savings { get; private set; } = [];
    public string Month { get; private set; } = "";

    public async Task OnGetAsync(string? month, CancellationToken ct)
    {
        var m = LedgerPages.MonthOr(month, clock);
        Month = LedgerPages.MonthText(m);
        Savings = await submissions.SavingsAsync(await me.AreaAsync(ct), m, ct);
    }
}
