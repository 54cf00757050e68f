using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// The scope check, inside the query, for one permission: a record outside the grids where the user holds that
/// permission is simply not found, exactly like a record that does not exist. Always name what the user is about
/// to do, never "any of my roles":
/// <code>
/// db.Residents.InScopeOf(area, Permissions.Registry.Read)    // the resident page, search, the API
/// db.Residents.InScopeOf(area, Permissions.Registry.Write)   // the edit page and the write API
/// db.Residents.InScopeOf(area, Permissions.Registry.CallerView)  // the hotline's caller view
/// </code>
/// The grid list goes to the database as one array parameter (<see cref="EF.Parameter{T}"/>: SQLite json_each,
/// PostgreSQL = ANY): a district officer holds 800 grids, and EF's default of one parameter per id built and bound
/// 800 parameters on every query (bench/, docs/PERFORMANCE.md). Only here: for the short lists of the import
/// the default plans better on SQLite.
/// </summary>
public static class Scope
{
    public static IQueryable<Resident> InScopeOf(this IQueryable<Resident> q, UserArea area, string permission)
    {
        var grids = area.GridsWhere(permission);
        return q.Where(r => EF.Parameter(grids).Contains(r.GridId));
    }

    /// <summary>A grid list longer than this is "many" for <see cref="InScopeOfMany"/>: a street's or district's, not a community's.</summary>
    public const int ManyGrids = 32;

    /// <summary>
    /// The same scope, shaped for lists over a street or district on PostgreSQL: "GridId IN (SELECT Id FROM OrgUnits
    /// WHERE Id = ANY (@grids))", a hashed semi-join, instead of "GridId = ANY (@grids)", which PostgreSQL checks by
    /// comparing each row with the grids one after another — 800 comparisons a row for a district, three times the
    /// whole count's time at 100,000 residents (docs/PERFORMANCE.md, 居民名单). The same grids, the same rows. A short
    /// list, and SQLite (its json_each is already a subquery), keep <see cref="InScopeOf(IQueryable{Resident}, UserArea, string)"/>.
    /// </summary>
    public static IQueryable<Resident> InScopeOfMany(this IQueryable<Resident> q, UserArea area, string permission, Data.LinliDb db, int manyFrom = ManyGrids)
    {
        var grids = area.GridsWhere(permission);
        var set = GridSet(db, grids);
        return IsMany(db, grids, manyFrom) ? q.Where(r => set.Contains(r.GridId)) : q.InScopeOf(area, permission);
    }

    /// <summary>Whether <paramref name="grids"/> is longer than <paramref name="manyFrom"/> and goes, on PostgreSQL, as <see cref="GridSet"/>.</summary>
    public static bool IsMany(Data.LinliDb db, IReadOnlyList<long> grids, int manyFrom = ManyGrids) => grids.Count > manyFrom && db.Database.IsNpgsql();

    /// <summary>The grids as a subquery of OrgUnits, for "GridId IN (…)" over many grids (<see cref="InScopeOfMany"/>).</summary>
    public static IQueryable<long> GridSet(Data.LinliDb db, IReadOnlyList<long> grids) =>
        db.OrgUnits.Where(o => EF.Parameter(grids).Contains(o.Id)).Select(o => o.Id);

    public static IQueryable<Household> InScopeOf(this IQueryable<Household> q, UserArea area, string permission)
    {
        var grids = area.GridsWhere(permission);
        return q.Where(h => EF.Parameter(grids).Contains(h.GridId));
    }

    public static IQueryable<Building> InScopeOf(this IQueryable<Building> q, UserArea area, string permission)
    {
        var grids = area.GridsWhere(permission);
        return q.Where(b => EF.Parameter(grids).Contains(b.GridId));
    }

    public static IQueryable<Dwelling> InScopeOf(this IQueryable<Dwelling> q, UserArea area, string permission)
    {
        var grids = area.GridsWhere(permission);
        return q.Where(d => EF.Parameter(grids).Contains(d.GridId));
    }

    public static IQueryable<OrgUnit> GridsInScopeOf(this IQueryable<OrgUnit> q, UserArea area, string permission)
    {
        var grids = area.GridsWhere(permission);
        return q.Where(o => EF.Parameter(grids).Contains(o.Id));
    }

    /// <summary>
    /// The labels this user may see on residents of one grid: the sensitive ones only where the user holds
    /// <see cref="Permissions.Registry.Sensitive"/>, otherwise they are left out entirely.
    /// </summary>
    public static IQueryable<Tag> VisibleTo(this IQueryable<Tag> q, UserArea area, long gridId) =>
        area.HasInGrid(Permissions.Registry.Sensitive, gridId) ? q : q.Where(t => !t.IsSensitive);

    /// <summary>The labels of one grid's residents this user may see, in the order forms and lists show them: by category, then name.</summary>
    public static IQueryable<Tag> ListedFor(this IQueryable<Tag> q, UserArea area, long gridId) =>
        q.AsNoTracking().VisibleTo(area, gridId).OrderBy(t => t.Category).ThenBy(t => t.Name);
}
