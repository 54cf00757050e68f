using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>
/// 下服务单: the resident is found by the one search box (name, initials, phone, ID, address — inside the grids where the
/// user may order), then the page shows the tier their eligibility gives and the rule that chose it, and each service's
/// price at that tier, before anything is saved.
/// </summary>
[Authorize(Policy = Permissions.Services.Order)]
public sealed class NewModel(CurrentUser me, ResidentSearch search, ServiceDesk desk, LinliDb db, TimeProvider clock) : PageModel
{
    public const int Limit = 20;

    public sealed record Found(long Id, string Name, string Grid, int? Age);
    public sealed record Person(long Id, string Name, string Grid, int? Age, string? Phone);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public long? Resident { get; set; }
    [BindProperty(SupportsGet = true, Name = "case")] public string? CaseReference { get; set; }
    [BindProperty(SupportsGet = true)] public string? Channel { get; set; }
    [BindProperty] public ServiceDesk.PlaceForm Form { get; set; } = new();

    public IReadOnlyList<Found> Results { get; private set; } = [];
    public bool More { get; private set; }
    public Person? Chosen { get; private set; }
    public ServiceDesk.Quote? Quote { get; private set; }
    public IReadOnlyList<ServiceItem> Items { get; private set; } = [];
    public string? RuleWords { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Form.Channel = ServiceText.Channels.Contains(Channel ?? "") ? Channel : null;
        Form.CaseReference = CaseReference;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Form.ResidentId = Resident;
        var outcome = await desk.PlaceAsync(area, Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok)
        {
            TempData["Placed"] = outcome.Order!.Number;
            return Redirect($"/Services/Orders/{outcome.Order.Id}");
        }
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError("Form." + field, message);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var today = clock.Today();
        if (Resident is { } rid)
        {
            var r = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Services.Order).Where(x => x.Id == rid && x.Status == ResidentStatus.Active)
                .Join(db.OrgUnits, x => x.GridId, g => g.Id, (x, g) => new { x.Id, x.Name, Grid = g.Name, x.BirthDate, x.PhoneMasked }).FirstOrDefaultAsync(ct);
            if (r is null) return false;
            Chosen = new Person(r.Id, r.Name, r.Grid, Eligibility.AgeOn(r.BirthDate, today), r.PhoneMasked);
            Quote = await desk.QuoteAsync(area, rid, ct);
            if (Quote is not null)
            {
                Items = await db.Set<ServiceItem>().AsNoTracking().Where(s => s.CommunityId == Quote.CommunityId && s.Active).OrderBy(s => s.SortOrder).ThenBy(s => s.Id).ToListAsync(ct);
                if (Quote.RuleShown)
                {
                    var rules = await Eligibility.RulesAsync(db, Quote.CommunityId, ct);
                    var names = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Code, t => t.Name, ct);
                    RuleWords = rules.FirstOrDefault(x => x.Id == Quote.RuleId && x.Name == Quote.RuleName)?.Describe(names);
                }
            }
            return true;
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var rows = await search.Query(area, Permissions.Services.Order, Q).Where(x => x.Status == ResidentStatus.Active)
                .Join(db.OrgUnits, x => x.GridId, g => g.Id, (x, g) => new { x.Id, x.Name, Grid = g.Name, x.BirthDate })
                .OrderBy(x => x.Name).ThenBy(x => x.Id).Take(Limit + 1).ToListAsync(ct);
            Results = rows.Take(Limit).Select(x => new Found(x.Id, x.Name, x.Grid, Eligibility.AgeOn(x.BirthDate, today))).ToList();
            More = rows.Count > Limit;
        }
        return true;
    }
}
