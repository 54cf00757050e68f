using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// The scope check, inside the query: a record outside the user's grids is simply not found,
/// exactly like a record that does not exist.
/// The grid list goes to the database as one array parameter (<see cref="EF.Parameter{T}"/>: SQLite json_each,
/// PostgreSQL = ANY): a district officer holds 800 grids, and EF's default of one parameter per id built and bound
/// 800 parameters on every query (bench/, docs/PERFORMANCE.md). Only here: for the short lists of the import
/// the default plans better on SQLite.
/// </summary>
public static class Scope
{
    public static IQueryable<Resident> InScopeOf(this IQueryable<Resident> q, UserArea area) => q.Where(r => EF.Parameter(area.GridIds).Contains(r.GridId));
    public static IQueryable<Household> InScopeOf(this IQueryable<Household> q, UserArea area) => q.Where(h => EF.Parameter(area.GridIds).Contains(h.GridId));
    public static IQueryable<Building> InScopeOf(this IQueryable<Building> q, UserArea area) => q.Where(b => EF.Parameter(area.GridIds).Contains(b.GridId));
    public static IQueryable<OrgUnit> GridsInScopeOf(this IQueryable<OrgUnit> q, UserArea area) => q.Where(o => EF.Parameter(area.GridIds).Contains(o.Id));

    /// <summary>The labels this user may see: sensitive ones only with the grant, otherwise they are left out entirely.</summary>
    public static IQueryable<Tag> VisibleTo(this IQueryable<Tag> q, UserArea area) =>
        area.Permissions.Contains(Permissions.Registry.Sensitive) ? q : q.Where(t => !t.IsSensitive);

    /// <summary>The labels this user may see, in the order forms and lists show them: by category, then name.</summary>
    public static IQueryable<Tag> ListedFor(this IQueryable<Tag> q, UserArea area) =>
        q.AsNoTracking().VisibleTo(area).OrderBy(t => t.Category).ThenBy(t => t.Name);
}
