using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Cases;

/// <summary>督办: the street's communities side by side (open, escalated, overdue), each number a link to its list, and the cases to press.</summary>
[Authorize(Policy = CasePolicies.Supervision)]
public sealed class SuperviseModel(CurrentUser me, CaseLists lists) : PageModel
{
    public IReadOnlyList<CaseLists.CommunityRow> Communities { get; private set; } = [];
    public IReadOnlyList<CaseLists.Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Communities = await lists.SupervisionAsync(area, ct);
        Rows = await lists.ListAsync(area, new CaseLists.Filter("street"), ct);
    }
}
