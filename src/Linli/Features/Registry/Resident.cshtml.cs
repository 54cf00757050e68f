using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// One resident's record, with the ID and phone masked and only the labels this user may see.
/// A user allowed to reveal a number asks for it with a reason (htmx swaps the form in place; without
/// JavaScript the whole page comes back with the form or the number).
/// </summary>
[Authorize(Policy = Permissions.Policies.RegistryRecords)]
public sealed class ResidentModel(LinliDb db, CurrentUser me, TimeProvider clock, RevealNumber reveal, OutOfArea outOfArea, IEnumerable<IPersonSections> modules) : PageModel
{
    public Resident Resident { get; private set; } = null!;
    public string GridName { get; private set; } = "";
    public string Address { get; private set; } = "";
    public int? Age { get; private set; }
    public IReadOnlyList<Tag> Tags { get; private set; } = [];
    public bool MayReveal { get; private set; }
    public bool MayEdit { get; private set; }
    public IReadOnlyList<ResidentChange> History { get; private set; } = [];
    /// <summary>What the work modules declare about this resident (visits, cases …), in their order.</summary>
    public IReadOnlyList<PersonSection> Sections { get; private set; } = [];

    /// <summary>The number whose reason form is open, and what the reveal gave.</summary>
    public RevealNumber.Field? RevealField { get; private set; }
    public RevealNumber.Result? Revealed { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct)) return Page();
        await outOfArea.ReportAsync(Audit.AuditTargets.Resident, id, ct);
        return NotFound();
    }

    public async Task<IActionResult> OnGetRevealAsync(long id, RevealNumber.Field field, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        RevealField = field;
        return IsHtmx ? Partial("_Reveal", new RevealView(this, field)) : Page();
    }

    public async Task<IActionResult> OnPostRevealAsync(long id, RevealNumber.Field field, string? reason, CancellationToken ct)
    {
        var result = await reveal.HandleAsync(await me.AreaAsync(ct), id, field, reason, ct);
        if (result is null || !await LoadAsync(id, ct)) return NotFound();
        RevealField = field;
        Revealed = result;
        // htmx swaps only 2xx answers by default, so a missing reason is shown with 200 and its message.
        if (result.Error is not null && !IsHtmx) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return IsHtmx ? Partial("_Reveal", new RevealView(this, field)) : Page();
    }

    /// <summary>What the _Reveal partial draws: one of the two numbers of this page.</summary>
    public sealed record RevealView(ResidentModel Page, RevealNumber.Field Field);

    bool IsHtmx => Request.Headers.ContainsKey("HX-Request");

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resident is null) return false;
        Resident = resident;
        GridName = await db.OrgUnits.Where(o => o.Id == resident.GridId).Select(o => o.Name).FirstAsync(ct);
        Address = await Addresses.OfHouseholdAsync(db, resident.HouseholdId, ct);
        Age = resident.BirthDate is { } b ? RegistryText.Age(b, clock.Today()) : null;
        Tags = await db.ResidentTags.AsNoTracking().Where(rt => rt.ResidentId == id)
            .Join(db.Tags.VisibleTo(area, resident.GridId), rt => rt.TagId, t => t.Id, (rt, t) => t).OrderBy(t => t.Category).ToListAsync(ct);
        MayReveal = area.HasInGrid(Permissions.Registry.Reveal, resident.GridId);
        MayEdit = area.HasInGrid(Permissions.Registry.Write, resident.GridId);
        var sensitive = area.HasInGrid(Permissions.Registry.Sensitive, resident.GridId);
        History = await db.ResidentChanges.AsNoTracking().Where(c => c.ResidentId == id && (sensitive || !c.IsSensitive))
            .OrderByDescending(c => c.Id).Take(200).ToListAsync(ct);
        var sections = new List<PersonSection>();
        foreach (var module in modules)
            if ((await module.ForAsync(area, [id], PersonView.Resident, ct)).GetValueOrDefault(id) is { } section) sections.Add(section);
        Sections = sections.OrderBy(s => s.Order).ToList();
        return true;
    }
}
