using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>One household: its address and its members, with the labels this user may see.</summary>
[Authorize(Policy = Permissions.Policies.RegistryRecords)]
public sealed class HouseholdModel(LinliDb db, CurrentUser me, TimeProvider clock, OutOfArea outOfArea) : PageModel
{
    public sealed record Member(long Id, string Name, RelationToHead Relation, Gender Gender, int? Age, string? NationalId, string? Phone, ResidenceKind Kind, ResidentStatus Status, IReadOnlyList<string> Tags);

    public Household Household { get; private set; } = null!;
    public string Address { get; private set; } = "";
    public string GridName { get; private set; } = "";
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public bool MayEdit { get; private set; }
    public IReadOnlyList<HouseholdChange> History { get; private set; } = [];
    /// <summary>Who made each change, by the name people know them by.</summary>
    public IReadOnlyDictionary<long, string> Editors { get; private set; } = new Dictionary<long, string>();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var household = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null)
        {
            await outOfArea.ReportAsync(Audit.AuditTargets.Household, id, ct);
            return NotFound();
        }
        Household = household;
        MayEdit = area.HasInGrid(Permissions.Registry.Write, household.GridId);
        GridName = await db.OrgUnits.Where(o => o.Id == household.GridId).Select(o => o.Name).FirstAsync(ct);
        Address = await Addresses.OfDwellingAsync(db, household.DwellingId, ct);

        var today = clock.Today();
        var people = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).Where(r => r.HouseholdId == id && r.Status != ResidentStatus.Merged)
            .OrderBy(r => r.Status).ThenBy(r => r.RelationToHead).ThenBy(r => r.BirthDate).ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        var tags = (await db.ResidentTags.AsNoTracking().Where(rt => ids.Contains(rt.ResidentId))
            .Join(db.Tags.VisibleTo(area, household.GridId), rt => rt.TagId, t => t.Id, (rt, t) => new { rt.ResidentId, t.Name }).ToListAsync(ct))
            .ToLookup(x => x.ResidentId, x => x.Name);
        History = await db.HouseholdChanges.AsNoTracking().Where(c => c.HouseholdId == id).OrderByDescending(c => c.Id).Take(50).ToListAsync(ct);
        var editorIds = History.Where(c => c.UserId != null).Select(c => c.UserId!.Value).Distinct().ToList();
        Editors = await db.Users.AsNoTracking().Where(u => editorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName != "" ? u.DisplayName : u.UserName ?? "", ct);
        Members = people.Select(p => new Member(p.Id, p.Name, p.RelationToHead, p.Gender, p.BirthDate is { } b ? RegistryText.Age(b, today) : null,
            p.NationalIdMasked, p.PhoneMasked, p.ResidenceKind, p.Status, tags[p.Id].ToList())).ToList();
        return Page();
    }
}
