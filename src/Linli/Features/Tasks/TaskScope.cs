using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Tasks;

/// <summary>
/// A task's part belongs to a community; the scope check, inside the query, is "its community is one where the user holds
/// the permission": a community sees its own parts, the street all of its communities'. Another community's part is not
/// found, like one that does not exist (404).
/// </summary>
public static class TaskScope
{
    /// <summary>The communities where <paramref name="permission"/> applies: those the role is held over, and those under a street it is held over.</summary>
    public static async Task<long[]> CommunitiesAsync(LinliDb db, UserArea area, string permission, CancellationToken ct)
    {
        var units = area.UnitsWhere(permission);
        if (units.Count == 0) return [];
        var ids = units.Where(u => u.Kind == OrgUnitKind.Community).Select(u => u.Id).ToList();
        foreach (var above in units.Where(u => u.Kind == OrgUnitKind.Street))
        {
            var prefix = above.Path;
            ids.AddRange(await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community && o.Path.StartsWith(prefix)).Select(o => o.Id).ToListAsync(ct));
        }
        return ids.Distinct().Order().ToArray();
    }

    public static IQueryable<TaskAssignment> InScopeOf(this IQueryable<TaskAssignment> q, long[] communities) =>
        q.Where(x => EF.Parameter(communities).Contains(x.CommunityId));

    public static IQueryable<Inspection> InScopeOf(this IQueryable<Inspection> q, long[] communities) =>
        q.Where(x => EF.Parameter(communities).Contains(x.CommunityId));
}
