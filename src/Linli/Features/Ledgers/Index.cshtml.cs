using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Ledgers;

/// <summary>台账目录: every template (built-in and saved), the unit and month to generate for, and the latest submissions.</summary>
[Authorize(Policy = LedgersModule.AnyLedgerWork)]
public sealed class IndexModel(CurrentUser me, LinliDb db, LedgerCatalog catalog, LedgerSubmissions submissions, TimeProvider clock) : PageModel
{
    public List<LedgerTemplateView> Templates { get; private set; } = [];
    public List<OrgUnit> Communities { get; private set; } = [];
    public List<(LedgerSubmission Submission, string UnitName)> Recent { get; private set; } = [];
    public long Unit { get; private set; }
    public string Month { get; private set; } = "";
    public bool MayDefine { get; private set; }
    public LedgerCatalog Catalog => catalog;

    public async Task OnGetAsync(long? unit, string? month, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Templates = (await catalog.GeneratableAsync(area, ct)).OrderBy(t => t.Department, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        Communities = await LedgerPages.CommunitiesAsync(db, area, ct);
        Unit = unit is { } u && Communities.Any(c => c.Id == u) ? u : Communities.FirstOrDefault()?.Id ?? 0;
        Month = LedgerPages.MonthText(LedgerPages.MonthOr(month, clock));
        Recent = await submissions.ListAsync(area, null, 20, ct);
        MayDefine = area.Has(Permissions.Ledgers.Define);
    }
}
