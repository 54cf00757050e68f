using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>
/// 服务单: the list behind every number of the module — the filter row (all in the query string), counts by state that
/// are links, one key-based page newest first, a printout (print=1, A4 landscape) and the masked export.
/// </summary>
[Authorize(Policy = ServicePolicies.AnyServiceWork)]
public sealed class IndexModel(CurrentUser me, ServiceLists lists, LinliDb db, TimeProvider clock) : PageModel
{
    public const int PrintLimit = 2000;

    public sealed record Choice(long Id, string Name, bool Nested = false);

    public ServiceLists.Filter Filter { get; private set; } = ServiceLists.Filter.All;
    public Dictionary<string, string> Errors { get; } = [];
    public ServiceLists.Page Rows { get; private set; } = new([], null);
    public IReadOnlyList<ServiceLists.Count> ByState { get; private set; } = [];
    public IReadOnlyList<Choice> Units { get; private set; } = [];
    public IReadOnlyList<Choice> Items { get; private set; } = [];
    public IReadOnlyList<Choice> ProviderChoices { get; private set; } = [];
    public long? After { get; private set; }
    public bool Print { get; private set; }
    public bool CanOrder { get; private set; }
    public bool CanRead { get; private set; }
    public bool CanManage { get; private set; }
    public string Today { get; private set; } = "";
    public string AreaTitle { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Filter = ServiceLists.Parse(Request.Query, Errors);
        Print = Request.Query["print"] == "1";
        if (long.TryParse(Request.Query["after"], out var after) && after > 0) After = after;
        CanOrder = area.Has(Permissions.Services.Order);
        CanRead = area.Has(Permissions.Services.Read);
        CanManage = area.Has(Permissions.Services.Manage);
        Today = clock.GetLocalNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var communities = await ServicesApi.CommunitiesAsync(db, area, ct);
        AreaTitle = string.Join("、", communities.Select(c => c.Name));
        var communityIds = communities.Select(c => c.Id).ToList();
        var grids = area.GridsWhere(Permissions.Services.Read).Concat(area.GridsWhere(Permissions.Services.Order)).Distinct().ToList();
        var gridRows = await db.OrgUnits.AsNoTracking().Where(g => grids.Contains(g.Id)).OrderBy(g => g.SortOrder).ThenBy(g => g.Id).Select(g => new { g.Id, g.Name, g.ParentId }).ToListAsync(ct);
        Units = communities.SelectMany(c => new[] { new Choice(c.Id, c.Name) }.Concat(gridRows.Where(g => g.ParentId == c.Id).Select(g => new Choice(g.Id, g.Name, true)))).ToList();
        Items = (await db.Set<ServiceItem>().AsNoTracking().Where(s => communityIds.Contains(s.CommunityId)).OrderBy(s => s.SortOrder).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .DistinctBy(s => s.Name).Select(s => new Choice(s.Id, s.Name)).ToList();
        ProviderChoices = await db.Set<Provider>().AsNoTracking().Where(p => communityIds.Contains(p.CommunityId)).OrderBy(p => p.Name).Select(p => new Choice(p.Id, p.Name, false)).ToListAsync(ct);
        if (Errors.Count > 0) return;
        if (!CanRead) Filter = Filter with { Mine = true };
        Rows = await lists.PageAsync(area, Filter, Print ? null : After, Print ? PrintLimit : ServiceLists.PageSize, ct);
        ByState = await lists.ByStateAsync(area, Filter, ct);
    }

    public string Link(ServiceLists.Filter? f = null, long? after = null, bool print = false)
    {
        var extra = new List<(string, string?)>();
        if (after is { } a) extra.Add(("after", a.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (print) extra.Add(("print", "1"));
        return "/Services" + (f ?? Filter).Query([.. extra]);
    }

    /// <summary>The filter in words, for the printout's head.</summary>
    public string Description()
    {
        var parts = new List<string>();
        if (Filter.Unit is { } u && Units.FirstOrDefault(x => x.Id == u) is { } unit) parts.Add(unit.Name);
        if (Filter.State is { } s) parts.Add(ServiceText.Of(s));
        if (Filter.Tier is { } t) parts.Add(ServiceText.Of(t));
        if (Filter.Service is { } sv && Items.FirstOrDefault(x => x.Id == sv) is { } item) parts.Add(item.Name);
        if (Filter.Provider is { } p && ProviderChoices.FirstOrDefault(x => x.Id == p) is { } provider) parts.Add(provider.Name);
        if (Filter.Month is { } m) parts.Add(m + "下单");
        if (Filter.Done is { } d) parts.Add(d + "完成");
        if (Filter.Satisfaction is { } sat) parts.Add(ServiceText.Satisfaction(sat));
        if (Filter.Time is { } time && ServiceLists.TimeBuckets.FirstOrDefault(b => b.Key == time[2..]) is { Label: { } label }) parts.Add((time[0] == 'r' ? "响应" : "完成") + label);
        return parts.Count == 0 ? "全部" : string.Join("，", parts);
    }
}
