using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// 来电查询, the hotline operator's whole view of the registry (DESIGN.md: "own community, minimal fields"): finds a
/// caller by phone, name or address in the communities where the operator holds registry.caller-view, and shows
/// name, masked phone and ID, address, the household's members by name and relation, and what the work modules
/// declare for the caller view (<see cref="IPersonSections"/>: open cases, last visits). Nothing else: no birth date,
/// no labels, no history, no browsing of grids and households.
/// </summary>
public sealed class CallerLookup(LinliDb db, ResidentSearch search, IEnumerable<IPersonSections> modules)
{
    public const int Limit = 20;

    public sealed record Member(string Name, string Relation);
    public sealed record Caller(long Id, string Name, string? Phone, string? NationalId, string Address, IReadOnlyList<Member> Household, IReadOnlyList<PersonSection> Sections);
    public sealed record Result(IReadOnlyList<Caller> Callers, bool More);

    public async Task<Result> FindAsync(UserArea area, string? q, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q)) return new([], false);
        var rows = await (
            from r in search.Query(area, Permissions.Registry.CallerView, q).Where(r => r.Status == ResidentStatus.Active)
            join g in db.OrgUnits on r.GridId equals g.Id
            join c in db.OrgUnits on g.ParentId equals c.Id
            join h in db.Households on r.HouseholdId equals h.Id into hj
            from h in hj.DefaultIfEmpty()
            join d in db.Dwellings on h.DwellingId equals d.Id into dj
            from d in dj.DefaultIfEmpty()
            join b in db.Buildings on d.BuildingId equals b.Id into bj
            from b in bj.DefaultIfEmpty()
            orderby r.Name, r.Id
            select new { r.Id, r.Name, r.PhoneMasked, r.NationalIdMasked, r.HouseholdId, Community = c.Name, Building = b == null ? null : b.Name, Unit = d == null ? null : d.Unit, Room = d == null ? null : d.Room })
            .Take(Limit + 1).ToListAsync(ct);
        var shown = rows.Take(Limit).ToList();
        var householdIds = shown.Where(r => r.HouseholdId != null).Select(r => r.HouseholdId!.Value).Distinct().ToList();
        var members = (await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.CallerView)
                .Where(m => m.HouseholdId != null && householdIds.Contains(m.HouseholdId.Value) && m.Status == ResidentStatus.Active)
                .OrderBy(m => m.RelationToHead).ThenBy(m => m.Id)
                .Select(m => new { m.HouseholdId, m.Name, m.RelationToHead }).ToListAsync(ct))
            .ToLookup(m => m.HouseholdId!.Value, m => new Member(m.Name, RegistryText.Of(m.RelationToHead)));
        var ids = shown.Select(r => r.Id).ToList();
        var declared = new List<IReadOnlyDictionary<long, PersonSection>>();
        foreach (var module in modules) declared.Add(await module.ForAsync(area, ids, PersonView.Caller, ct));
        var pinyinOrder = StringComparer.Create(new System.Globalization.CultureInfo("zh-CN"), false);
        return new(shown.OrderBy(r => r.Name, pinyinOrder).Select(r => new Caller(r.Id, r.Name, r.PhoneMasked, r.NationalIdMasked,
            $"{r.Community} {RegistryText.Address(r.Building, r.Unit, r.Room)}",
            r.HouseholdId is { } hid ? members[hid].ToList() : [],
            declared.Select(d => d.GetValueOrDefault(r.Id)).OfType<PersonSection>().OrderBy(s => s.Order).ToList())).ToList(), rows.Count > Limit);
    }
}
