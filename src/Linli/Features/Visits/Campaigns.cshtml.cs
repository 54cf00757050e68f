using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Visits;

/// <summary>慰问活动: the list, and a new campaign for a community where the user may edit them.</summary>
[Authorize(Policy = Permissions.Visits.Read)]
public sealed class CampaignsModel(CurrentUser me, CampaignDesk desk) : PageModel
{
    public List<(Campaign Campaign, string Community, int Recipients, int Delivered)> Campaigns { get; private set; } = [];
    public IReadOnlyList<OrgUnit> EditableCommunities { get; private set; } = [];
    [BindProperty] public long CommunityId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Season { get; set; }
    [BindProperty] public string? Gift { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (campaign, error) = await desk.CreateAsync(await me.AreaAsync(ct), CommunityId, Name, Season, Gift, ct);
        if (campaign is not null) return Redirect($"/Visits/Campaign/{campaign.Id}");
        if (error is null) return NotFound();
        ModelState.AddModelError("", error);
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Campaigns = await desk.ListAsync(area, ct);
        EditableCommunities = area.UnitsWhere(Permissions.Visits.Write).Where(u => u.Kind == OrgUnitKind.Community).ToList();
    }
}
