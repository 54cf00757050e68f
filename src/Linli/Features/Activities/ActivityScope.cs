using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// Activities and volunteers belong to a community. A permission applies to a community when it applies in one of its
/// grids: a cadre reads and signs up for the activities of the community of their grid, a lead for the whole community,
/// the street for all of its communities. Everything else is simply not found (404), like a record that does not exist.
/// </summary>
public static class ActivityScope
{
    public static async Task<long[]> CommunitiesAsync(LinliDb db, UserArea area, string permission, CancellationToken ct)
    {
        var grids = area.GridsWhere(permission);
        if (grids.Count == 0) return [];
        return await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(grids).Contains(o.Id) && o.ParentId != null)
            .Select(o => o.ParentId!.Value).Distinct().OrderBy(x => x).ToArrayAsync(ct);
    }

    public static IQueryable<Activity> InCommunities(this IQueryable<Activity> q, long[] communities) =>
        q.Where(a => EF.Parameter(communities).Contains(a.CommunityId));

    public static IQueryable<Volunteer> InCommunities(this IQueryable<Volunteer> q, long[] communities) =>
        q.Where(v => EF.Parameter(communities).Contains(v.CommunityId));
}
