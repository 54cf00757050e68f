using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>服务商: the organisations that deliver the community's services, their contact, the services they offer and the price each is settled at.</summary>
[Authorize(Policy = ServicePolicies.AnyServiceWork)]
public sealed class ProvidersModel(CurrentUser me, ServiceSettings settings, LinliDb db, TimeProvider clock) : PageModel
{
    public sealed record Row(Provider Provider, IReadOnlyDictionary<long, long> Prices, int OrdersThisMonth);

    [BindProperty(SupportsGet = true)] public long? Community { get; set; }
    [BindProperty] public ServiceSettings.ProviderForm Input { get; set; } = new();
    [TempData] public string? Saved { get; set; }

    public IReadOnlyList<OrgUnit> Communities { get; private set; } = [];
    public OrgUnit? Current { get; private set; }
    public IReadOnlyList<ServiceItem> Items { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool CanManage { get; private set; }
    public string Month { get; private set; } = "";
    public string? Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await settings.SaveProviderAsync(await me.AreaAsync(ct), Community ?? 0, Input, ct);
        if (result is null) return NotFound();
        if (result.Ok)
        {
            Saved = result.Message;
            return RedirectToPage(new { community = Community });
        }
        Failed = Input.Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "new";
        foreach (var (field, message) in result.Errors) ModelState.AddModelError("Input." + field, message);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Communities = await ServicesApi.CommunitiesAsync(db, area, ct);
        Current = Community is { } c ? Communities.FirstOrDefault(x => x.Id == c) : Communities.Count > 0 ? Communities[0] : null;
        if (Community is not null && Current is null) return false;
        if (Current is null) return true;
        Community = Current.Id;
        CanManage = area.HasIn(Permissions.Services.Manage, Current);
        Month = clock.GetLocalNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Items = await db.Set<ServiceItem>().AsNoTracking().Where(s => s.CommunityId == Current.Id).OrderBy(s => s.SortOrder).ThenBy(s => s.Id).ToListAsync(ct);
        var providers = await db.Set<Provider>().AsNoTracking().Where(p => p.CommunityId == Current.Id).OrderBy(p => p.Name).ToListAsync(ct);
        var ids = providers.Select(p => p.Id).ToList();
        var prices = await db.Set<ProviderPrice>().AsNoTracking().Where(p => ids.Contains(p.ProviderId)).ToListAsync(ct);
        var first = DateOnly.ParseExact(Month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var from = clock.UtcStartOf(first);
        var counts = await db.Set<ServiceOrder>().AsNoTracking().VisibleTo(area).Where(o => o.ProviderId != null && ids.Contains(o.ProviderId.Value) && o.CreatedAt >= from)
            .GroupBy(o => o.ProviderId).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
        Rows = providers.Select(p => new Row(p, prices.Where(x => x.ProviderId == p.Id).ToDictionary(x => x.ServiceItemId, x => x.Price),
            counts.FirstOrDefault(x => x.Key == p.Id)?.N ?? 0)).ToList();
        return true;
    }

    public string? Error(string field) => ViewData.ModelState["Input." + field]?.Errors.FirstOrDefault()?.ErrorMessage;
}
