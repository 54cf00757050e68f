using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>The cases workbench: my cases by clock (red first), my team's, the community's, the street's; charts whose numbers open their lists.</summary>
[Authorize(Policy = CasePolicies.AnyCaseWork)]
public sealed class IndexModel(CurrentUser me, CaseLists lists, LinliDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? View { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public CaseState? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "clock")] public ClockColour? Clock { get; set; }
    [BindProperty(SupportsGet = true)] public long? Resident { get; set; }
    [BindProperty(SupportsGet = true)] public long? Community { get; set; }
    [BindProperty(SupportsGet = true)] public bool All { get; set; }

    public IReadOnlyList<(string Key, string Label)> Tabs { get; private set; } = [];
    public IReadOnlyList<CaseLists.Row> Rows { get; private set; } = [];
    public CaseLists.Charts? Charts { get; private set; }
    public IReadOnlyList<CaseNotice> Notices { get; private set; } = [];
    public bool CanOpen { get; private set; }
    public bool CanTakeCalls { get; private set; }
    public bool CanExport { get; private set; }
    public DateTime Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var tabs = new List<(string, string)>();
        if (area.Has(Permissions.Cases.Handle) || area.Has(Permissions.Cases.Open)) tabs.Add(("mine", "我的事件"));
        if (area.Has(Permissions.Cases.Handle)) tabs.Add(("team", "本组事件"));
        if (area.Has(Permissions.Cases.Lead) || area.Has(Permissions.Cases.Read) || area.Has(Permissions.Cases.Supervise)) tabs.Add(("community", area.Has(Permissions.Cases.Supervise) ? "各社区事件" : "社区事件"));
        if (area.Has(Permissions.Cases.Supervise) || area.Has(Permissions.Cases.Lead)) tabs.Add(("street", "督办（超期或上报）"));
        Tabs = tabs;
        View = tabs.Any(t => t.Item1 == View) ? View : tabs.FirstOrDefault().Item1 ?? "community";
        var filter = new CaseLists.Filter(View!, CaseType.IsKnown(Kind) ? Kind : null, State, Clock, Resident, Community, All);
        Rows = await lists.ListAsync(area, filter, ct);
        Charts = await lists.ChartsAsync(area, filter, ct);
        Notices = await db.Set<CaseNotice>().AsNoTracking().Where(n => n.UserId == area.UserId && !n.Seen).OrderByDescending(n => n.At).Take(20).ToListAsync(ct);
        CanOpen = area.Has(Permissions.Cases.Open) && area.Has(Permissions.Registry.Read);
        CanTakeCalls = area.Has(Permissions.Registry.CallerView);
        CanExport = area.Has(Permissions.Cases.Lead);
        Now = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>知道了: the user's notices are marked seen.</summary>
    public async Task<IActionResult> OnPostSeenAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        await db.Set<CaseNotice>().Where(n => n.UserId == area.UserId && !n.Seen).ExecuteUpdateAsync(s => s.SetProperty(n => n.Seen, true), ct);
        return RedirectToPage(new { view = "mine" });
    }

    public string Link(string? view = null, string? kind = null, CaseState? state = null, ClockColour? clock = null) =>
        Url.Page("/Cases/Index", new { view = view ?? View, kind, state, clock, resident = Resident, community = Community })!;
}

/// <summary>The doors of the cases pages that are not one permission.</summary>
public static class CasePolicies
{
    public const string AnyCaseWork = "cases.any";
    public const string Hotline = "cases.hotline";
    public const string Supervision = "cases.supervision";
}
