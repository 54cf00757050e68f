using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// The numbers of a community's year: who took part, by age group and by grid; who no activity has reached yet (the
/// office's aim is every household), grid by grid; volunteer hours by team. Each number links to the list it counts.
/// </summary>
public sealed class ActivityNumbers(LinliDb db, VolunteerReader volunteers, TimeProvider clock)
{
    public sealed record NotReachedPerson(long ResidentId, string Name, int? Age);
    public sealed record NotReachedGrid(long GridId, string Grid, int Residents, int NotReached, IReadOnlyList<NotReachedPerson> People);
    public sealed record Bar(string Name, int Count, string Href);
    public sealed record TeamHours(long TeamId, string Team, decimal Hours, string Href);
    public sealed record Summary(long CommunityId, string Community, int Year, int Activities, int Attendances, int People,
        IReadOnlyList<Bar> ByAgeGroup, IReadOnlyList<Bar> ByGrid, IReadOnlyList<TeamHours> HoursByTeam);

    public static readonly IReadOnlyList<(string Name, int From, int To)> AgeGroups =
        [("0–17岁", 0, 17), ("18–34岁", 18, 34), ("35–59岁", 35, 59), ("60–79岁", 60, 79), ("80岁及以上", 80, 200)];

    async Task<(OrgUnit Community, long[] Grids)?> CommunityAsync(UserArea area, long communityId, CancellationToken ct)
    {
        var readable = await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Read, ct);
        if (!readable.Contains(communityId)) return null;
        var community = await db.OrgUnits.AsNoTracking().FirstAsync(o => o.Id == communityId, ct);
        // Only the grids the user reads residents in: a cadre sees their own grid's people, not the whole community's.
        var mine = area.GridsWhere(Permissions.Registry.Read).ToArray();
        var grids = await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == communityId && o.Kind == OrgUnitKind.Grid && EF.Parameter(mine).Contains(o.Id))
            .OrderBy(o => o.SortOrder).Select(o => o.Id).ToArrayAsync(ct);
        return (community, grids);
    }

    /// <summary>Residents (active) of the community with no attendance at any activity dated in <paramref name="year"/>, by grid; at most <paramref name="perGrid"/> names a grid.</summary>
    public async Task<IReadOnlyList<NotReachedGrid>?> NotReachedAsync(UserArea area, long communityId, int year, int perGrid, CancellationToken ct)
    {
        if (await CommunityAsync(area, communityId, ct) is not { } found) return null;
        var grids = found.Grids;
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var reached = db.Set<ActivitySignup>().Where(s => s.AttendedAtUtc != null && s.ResidentId != null)
            .Join(db.Set<Activity>().Where(a => a.Date >= from && a.Date <= to), s => s.ActivityId, a => a.Id, (s, a) => s.ResidentId);
        var people = db.Residents.AsNoTracking().Where(r => EF.Parameter(grids).Contains(r.GridId) && r.Status == ResidentStatus.Active);
        var totals = await people.GroupBy(r => r.GridId).Select(g => new { GridId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var missing = await people.Where(r => !reached.Contains(r.Id)).GroupBy(r => r.GridId).Select(g => new { GridId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var names = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(grids).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var result = new List<NotReachedGrid>();
        var today = clock.Today();
        foreach (var grid in grids)
        {
            var list = perGrid <= 0 ? [] : await people.Where(r => r.GridId == grid && !reached.Contains(r.Id)).OrderBy(r => r.HouseholdId).ThenBy(r => r.Id)
                .Take(perGrid).Select(r => new { r.Id, r.Name, r.BirthDate }).ToListAsync(ct);
            result.Add(new NotReachedGrid(grid, names[grid], totals.FirstOrDefault(t => t.GridId == grid)?.Count ?? 0, missing.FirstOrDefault(t => t.GridId == grid)?.Count ?? 0,
                list.Select(p => new NotReachedPerson(p.Id, p.Name, p.BirthDate is { } b ? AgeOn(b, today) : null)).ToList()));
        }
        return result;
    }

    public async Task<Summary?> SummaryAsync(UserArea area, long communityId, int year, CancellationToken ct)
    {
        if (await CommunityAsync(area, communityId, ct) is not { } found) return null;
        var (community, grids) = found;
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var activities = db.Set<Activity>().AsNoTracking().Where(a => a.CommunityId == communityId && a.Date >= from && a.Date <= to && a.State != ActivityState.Cancelled);
        var count = await activities.CountAsync(ct);
        var attended = await db.Set<ActivitySignup>().AsNoTracking().Where(s => s.AttendedAtUtc != null)
            .Join(activities, s => s.ActivityId, a => a.Id, (s, a) => new { s.ResidentId, s.GridId }).ToListAsync(ct);
        var residentIds = attended.Where(a => a.ResidentId is not null && a.GridId is { } g && grids.Contains(g)).Select(a => a.ResidentId!.Value).Distinct().ToArray();
        var births = await db.Residents.AsNoTracking().Where(r => EF.Parameter(residentIds).Contains(r.Id)).Select(r => new { r.Id, r.BirthDate, r.GridId }).ToListAsync(ct);
        var today = clock.Today();
        var onDay = new DateOnly(year, 12, 31) < today ? new DateOnly(year, 12, 31) : today;
        var byAge = AgeGroups.Select(g => new Bar(g.Name, births.Count(b => b.BirthDate is { } d && AgeOn(d, onDay) is var age && age >= g.From && age <= g.To),
            $"/Activities/Numbers?community={communityId}&year={year}&age={g.From}")).ToList();
        var gridNames = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(grids).Contains(o.Id)).OrderBy(o => o.SortOrder).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var byGrid = gridNames.Select(g => new Bar(g.Name, births.Count(b => b.GridId == g.Id), $"/Activities/NotReached?community={communityId}&year={year}#grid-{g.Id}")).ToList();
        var teams = (await volunteers.TeamsAsync(area, year, ct)).Where(t => t.CommunityId == communityId)
            .Select(t => new TeamHours(t.Id, t.Name, t.HoursThisYear, $"/Volunteers?team={t.Id}")).ToList();
        return new Summary(communityId, community.Name, year, count, attended.Count, residentIds.Length, byAge, byGrid, teams);
    }

    public static int AgeOn(DateOnly birth, DateOnly day) => day.Year - birth.Year - (day < birth.AddYears(day.Year - birth.Year) ? 1 : 0);
}
