using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>服务目录与资格规则: the community's services with their three prices, and the rules that pick a resident's tier. Changed by those who manage services there.</summary>
[Authorize(Policy = ServicePolicies.AnyServiceWork)]
public sealed class SettingsModel(CurrentUser me, ServiceSettings settings, LinliDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Community { get; set; }
    [BindProperty] public ServiceSettings.ItemForm Item { get; set; } = new();
    [BindProperty] public ServiceSettings.RuleForm Rule { get; set; } = new();
    [TempData] public string? Saved { get; set; }

    public IReadOnlyList<OrgUnit> Communities { get; private set; } = [];
    public OrgUnit? Current { get; private set; }
    public IReadOnlyList<ServiceItem> Items { get; private set; } = [];
    public IReadOnlyList<Eligibility.Rule> Rules { get; private set; } = [];
    public bool RulesAreDefaults { get; private set; }
    public IReadOnlyList<(string Code, string Name)> Tags { get; private set; } = [];
    public IReadOnlyDictionary<string, string> TagNames { get; private set; } = new Dictionary<string, string>();
    public bool CanManage { get; private set; }
    /// <summary>The form that failed, so that its errors show beside it: "item-{id|new}" or "rule-{id|new}".</summary>
    public string? Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostItemAsync(CancellationToken ct) =>
        await AfterAsync(await settings.SaveItemAsync(await me.AreaAsync(ct), Community ?? 0, Item, ct), "Item", $"item-{Item.Id?.ToString() ?? "new"}", ct);

    public async Task<IActionResult> OnPostRuleAsync(CancellationToken ct) =>
        await AfterAsync(await settings.SaveRuleAsync(await me.AreaAsync(ct), Community ?? 0, Rule, ct), "Rule", $"rule-{Rule.Id?.ToString() ?? "new"}", ct);

    public async Task<IActionResult> OnPostDefaultsAsync(CancellationToken ct) =>
        await AfterAsync(await settings.LoadDefaultsAsync(await me.AreaAsync(ct), Community ?? 0, ct), "", "defaults", ct);

    async Task<IActionResult> AfterAsync(ServiceSettings.Result? result, string prefix, string form, CancellationToken ct)
    {
        if (result is null) return NotFound();
        if (result.Ok)
        {
            Saved = result.Message;
            return RedirectToPage(new { community = Community });
        }
        Failed = form;
        foreach (var (field, message) in result.Errors) ModelState.AddModelError(prefix.Length == 0 || field.Length == 0 ? "" : $"{prefix}.{field}", message);
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
        Items = await db.Set<ServiceItem>().AsNoTracking().Where(s => s.CommunityId == Current.Id).OrderBy(s => s.SortOrder).ThenBy(s => s.Id).ToListAsync(ct);
        var stored = await db.Set<EligibilityRule>().AsNoTracking().Where(r => r.CommunityId == Current.Id).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync(ct);
        RulesAreDefaults = stored.Count == 0;
        Rules = RulesAreDefaults ? Eligibility.Defaults : stored.Select(Eligibility.Rule.From).ToList();
        InactiveRules = stored.Where(r => !r.Active).Select(r => r.Id).ToHashSet();
        var sensitive = area.HasIn(Permissions.Registry.Sensitive, Current);
        var tags = await db.Tags.AsNoTracking().OrderBy(t => t.Category).ThenBy(t => t.Name).Select(t => new { t.Code, t.Name, t.IsSensitive }).ToListAsync(ct);
        TagNames = tags.ToDictionary(t => t.Code, t => t.Name);
        // The office setting the rules names sensitive labels only where it may see them; the rule reads them regardless.
        Tags = tags.Where(t => sensitive || !t.IsSensitive).Select(t => (t.Code, t.Name)).ToList();
        return true;
    }

    public IReadOnlySet<long> InactiveRules { get; private set; } = new HashSet<long>();

    public string? Error(string field) => ViewData.ModelState[field]?.Errors.FirstOrDefault()?.ErrorMessage;
}
