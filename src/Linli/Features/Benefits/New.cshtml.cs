using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>
/// 受理申请: find the household (by a member's name), choose the kind; the members come from the registry with a tick for
/// who is covered — nobody is typed again — then the declared income and assets and the documents handed in.
/// </summary>
[Authorize(Policy = Permissions.Benefits.Write)]
public sealed class NewModel(CurrentUser me, BenefitWorkflow workflow, LinliDb db, TimeProvider clock, BenefitKinds kinds) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Household { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public BenefitWorkflow.OpenForm Form { get; set; } = new();

    public sealed record Found(long HouseholdId, string Name, string Relation, string Grid, string Address);
    public sealed record MemberRow(long Id, string Name, string Relation, int? Age);

    public BenefitKind Chosen { get; private set; } = BenefitKind.Presets[0];
    public IReadOnlyList<Found> Matches { get; private set; } = [];
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public string? Address { get; private set; }
    public string? Grid { get; private set; }
    public long? HeadId { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await PrepareAsync(ct)) return NotFound();
        Form.Documents = [];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Form.HouseholdId = Household;
        Form.Kind = Kind ?? Form.Kind;
        var outcome = await workflow.OpenAsync(area, Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Benefits/{outcome.Application!.Id}");
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field.Length == 0 ? "" : "Form." + field, message);
        return await PrepareAsync(ct) ? Page() : NotFound();
    }

    async Task<bool> PrepareAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Chosen = BenefitKind.Find(Kind) ?? BenefitKind.Presets[0];
        Kind = Chosen.Code;
        var grids = area.GridsWhere(Permissions.Benefits.Write);
        if (Household is { } hid)
        {
            var h = await db.Households.AsNoTracking().Where(x => x.Id == hid && EF.Parameter(grids).Contains(x.GridId))
                .Select(x => new { x.Id, x.GridId, x.HeadId, x.DwellingId }).FirstOrDefaultAsync(ct);
            if (h is null) return false;
            HeadId = h.HeadId;
            // The time limit as the household's community (or its street) has set the kind.
            var community = await db.OrgUnits.AsNoTracking().Where(o => o.Id == h.GridId).Select(o => o.ParentId!.Value).FirstAsync(ct);
            if (await kinds.ForNewAsync(community, Chosen.Code, ct) is { } inForce) Chosen = inForce.Kind;
            Grid = await db.OrgUnits.AsNoTracking().Where(o => o.Id == h.GridId).Select(o => o.Name).FirstAsync(ct);
            Address = await Addresses.OfDwellingAsync(db, h.DwellingId, ct);
            var today = clock.Today();
            Members = (await db.Residents.AsNoTracking().Where(r => r.HouseholdId == hid && r.Status == ResidentStatus.Active)
                    .OrderBy(r => r.RelationToHead).ThenBy(r => r.BirthDate).Select(r => new { r.Id, r.Name, r.RelationToHead, r.BirthDate }).ToListAsync(ct))
                .Select(r => new MemberRow(r.Id, r.Name, RegistryText.Of(r.RelationToHead), r.BirthDate is { } b ? today.Year - b.Year - (today < b.AddYears(today.Year - b.Year) ? 1 : 0) : null))
                .ToList();
        }
        else if (Q?.Trim() is { Length: > 0 } q)
        {
            var rows = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Read)
                .Where(r => EF.Parameter(grids).Contains(r.GridId) && r.HouseholdId != null && r.Status == ResidentStatus.Active && r.Name.Contains(q))
                .OrderBy(r => r.Name).Take(20)
                .Select(r => new { r.HouseholdId, r.Name, r.RelationToHead, Grid = db.OrgUnits.Where(o => o.Id == r.GridId).Select(o => o.Name).First(),
                    Dwelling = db.Households.Where(x => x.Id == r.HouseholdId).Select(x => x.DwellingId).FirstOrDefault() })
                .ToListAsync(ct);
            var found = new List<Found>();
            foreach (var r in rows) found.Add(new Found(r.HouseholdId!.Value, r.Name, RegistryText.Of(r.RelationToHead), r.Grid, await Addresses.OfDwellingAsync(db, r.Dwelling, ct)));
            Matches = found;
        }
        return true;
    }
}
