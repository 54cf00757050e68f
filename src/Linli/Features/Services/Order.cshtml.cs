using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>One order: the resident, the service, the tier and the rule that chose it, the amounts, the times, and the steps the user may take now.</summary>
[Authorize(Policy = ServicePolicies.AnyServiceWork)]
public sealed class OrderModel(CurrentUser me, ServiceDesk desk, LinliDb db, IEnumerable<IVolunteerDesk> volunteers) : PageModel
{
    public sealed record ProviderChoice(long Id, string Name, long Price);

    public ServiceOrder Order { get; private set; } = null!;
    public string Grid { get; private set; } = "";
    public string? ProviderName { get; private set; }
    public string? ProviderPhone { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public bool RuleShown { get; private set; }
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public IReadOnlyList<ProviderChoice> Providers { get; private set; } = [];
    public IReadOnlyList<VolunteerChoice> Volunteers { get; private set; } = [];
    public bool HasVolunteerDesk => volunteers.Any();
    [BindProperty] public ServiceDesk.ActForm Input { get; set; } = new();
    [TempData] public string? Done { get; set; }
    [TempData] public string? Placed { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await desk.ActAsync(area, id, Input, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok)
        {
            Done = ServiceDesk.Word(Input.Action ?? "");
            return RedirectToPage(new { id });
        }
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field.Length == 0 ? "" : "Input." + field, message);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var o = await db.Set<ServiceOrder>().AsNoTracking().VisibleTo(area).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (o is null) return false;
        Order = o;
        Grid = await db.OrgUnits.AsNoTracking().Where(g => g.Id == o.GridId).Select(g => g.Name).FirstAsync(ct);
        if (o.ProviderId is { } pid && await db.Set<Provider>().AsNoTracking().Where(p => p.Id == pid).Select(p => new { p.Name, p.Phone }).FirstOrDefaultAsync(ct) is { } provider)
            (ProviderName, ProviderPhone) = (provider.Name, provider.Phone);
        CreatedBy = await db.Users.AsNoTracking().Where(u => u.Id == o.CreatedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        RuleShown = ServicesApi.RuleShown(area, o);
        Actions = ServiceDesk.Available(area, o);
        if (Actions.Contains("dispatch"))
        {
            Providers = (await db.Set<Provider>().AsNoTracking().Where(p => p.CommunityId == o.CommunityId && p.Active)
                .Join(db.Set<ProviderPrice>().Where(x => x.ServiceItemId == o.ServiceItemId), p => p.Id, x => x.ProviderId, (p, x) => new { p.Id, p.Name, x.Price })
                .ToListAsync(ct)).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new ProviderChoice(p.Id, p.Name, p.Price)).ToList();
            if (volunteers.FirstOrDefault() is { } d) Volunteers = await d.ChoicesAsync(area, o.CommunityId, o.ServiceName, ct);
        }
        return true;
    }
}
