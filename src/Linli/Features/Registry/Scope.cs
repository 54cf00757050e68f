using Linli.Features.Access;

namespace Linli.Features.Registry;

/// <summary>
/// The scope check, inside the query: a record outside the user's grids is simply not found,
/// exactly like a record that does not exist.
/// </summary>
public static class Scope
{
    public static IQueryable<Resident> InScopeOf(this IQueryable<Resident> q, UserArea area) => q.Where(r => area.GridIds.Contains(r.GridId));
    public static IQueryable<Household> InScopeOf(this IQueryable<Household> q, UserArea area) => q.Where(h => area.GridIds.Contains(h.GridId));
    public static IQueryable<Building> InScopeOf(this IQueryable<Building> q, UserArea area) => q.Where(b => area.GridIds.Contains(b.GridId));
    public static IQueryable<OrgUnit> GridsInScopeOf(this IQueryable<OrgUnit> q, UserArea area) => q.Where(o => area.GridIds.Contains(o.Id));

    /// <summary>The labels this user may see: sensitive ones only with the grant, otherwise they are left out entirely.</summary>
    public static IQueryable<Tag> VisibleTo(this IQueryable<Tag> q, UserArea area) =>
        area.Permissions.Contains(Permissions.Registry.Sensitive) ? q : q.Where(t => !t.IsSensitive);
}
