using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>
/// Party data belongs to a community; the scope check, inside the query, is "its community is one where the user holds the
/// permission" (as <c>Scope.InScopeOf</c> does for the registry's grids): a branch, member, meeting or rectification of
/// another community is not found, exactly like one that does not exist. A role without the permission finds nothing.
/// </summary>
public static class PartyScope
{
    /// <summary>The communities where <paramref name="permission"/> applies: those the role is held over, and those under a street it is held over.</summary>
    public static async Task<long[]> CommunitiesAsync(LinliDb db, UserArea area, string permission, CancellationToken ct)
    {
        var units = area.UnitsWhere(permission);
        var ids = units.Where(u => u.Kind == OrgUnitKind.Community).Select(u => u.Id).ToList();
        foreach (var above in units.Where(u => u.Kind == OrgUnitKind.Street))
        {
            var prefix = above.Path;
            ids.AddRange(await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community && o.Path.StartsWith(prefix)).Select(o => o.Id).ToListAsync(ct));
        }
        return ids.Distinct().Order().ToArray();
    }

    public static IQueryable<PartyBranch> InScopeOf(this IQueryable<PartyBranch> q, long[] communities) => q.Where(x => EF.Parameter(communities).Contains(x.CommunityId));
    public static IQueryable<PartyGroup> InScopeOf(this IQueryable<PartyGroup> q, long[] communities) => q.Where(x => EF.Parameter(communities).Contains(x.CommunityId));
    public static IQueryable<PartyMember> InScopeOf(this IQueryable<PartyMember> q, long[] communities) => q.Where(x => EF.Parameter(communities).Contains(x.CommunityId));
    public static IQueryable<BranchMeeting> InScopeOf(this IQueryable<BranchMeeting> q, long[] communities) => q.Where(x => EF.Parameter(communities).Contains(x.CommunityId));
    public static IQueryable<SelfInspection> InScopeOf(this IQueryable<SelfInspection> q, long[] communities) => q.Where(x => EF.Parameter(communities).Contains(x.CommunityId));
    public static IQueryable<Rectification> InScopeOf(this IQueryable<Rectification> q, long[] communities) => q.Where(x => EF.Parameter(communities).Contains(x.CommunityId));
}
