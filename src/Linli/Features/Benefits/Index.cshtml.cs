using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>救助申请: the list with its filters, and the counts by kind and state — every number a link to its list.</summary>
[Authorize(Policy = BenefitPolicies.Any)]
public sealed class IndexModel(CurrentUser me, BenefitReader reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public BenefitState? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public const int PageSize = 50;
    public static readonly IReadOnlyList<(string Key, string Label)> Shows =
        [("open", "办理中"), ("overdue", "超期"), ("granted", "享受中"), ("review-due", "30天内应核查"), ("closed", "已办结")];

    public IReadOnlyList<BenefitReader.Row> Rows { get; private set; } = [];
    public IReadOnlyList<BenefitReader.Count> Counts { get; private set; } = [];
    public IReadOnlyDictionary<string, long> ShowCounts { get; private set; } = new Dictionary<string, long>();
    public bool CanOpen { get; private set; }
    public bool CanConfigure { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (BenefitKind.Find(Kind) is null) Kind = null;
        if (Shows.All(s => s.Key != Show)) Show = null;
        Rows = await reader.ListAsync(area, new BenefitReader.Filter(Kind, State, Show, null, Q, Before, PageSize), ct);
        Counts = await reader.CountsAsync(area, null, ct);
        var shows = new Dictionary<string, long>();
        foreach (var (key, _) in Shows) shows[key] = await reader.Filtered(area, new BenefitReader.Filter(Show: key)).LongCountAsync(ct);
        ShowCounts = shows;
        CanOpen = area.Has(Permissions.Benefits.Write);
        CanConfigure = area.Has(Permissions.Benefits.Configure);
    }

    public string Link(string? kind = null, BenefitState? state = null, string? show = null, long? before = null) =>
        Url.Page("/Benefits/Index", new { kind, state, show, q = Q, before })!;
}
