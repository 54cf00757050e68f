using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// 走访覆盖 of one grid: every household, building by building, with its last contact and how old that is against its
/// rhythm — the most frequent rhythm of its members (as the viewer may know them), else the ordinary household's half
/// year (<see cref="VisitPolicies.OrdinaryHousehold"/>). The holes show as red.
/// </summary>
public sealed class VisitCoverage(LinliDb db, VisitSchedule schedule)
{
    public static readonly int[] Periods = [30, 90, 180, 365];

    public sealed record Row(long HouseholdId, string Number, string Building, int BuildingOrder, long BuildingId, string? Unit, string? Room, string Head,
        int Members, DateOnly? Last, VisitRhythm Rhythm, string Reason, DueState State);

    public sealed record Result(OrgUnit Grid, string Community, IReadOnlyList<Row> Households, IReadOnlyDictionary<int, int> Reached, int Never, int Overdue, int InWindow);

    public async Task<Result?> ForGridAsync(UserArea area, long gridId, DateOnly today, CancellationToken ct)
    {
        var grid = await db.OrgUnits.AsNoTracking().GridsInScopeOf(area, Permissions.Visits.Read).FirstOrDefaultAsync(o => o.Id == gridId, ct);
        if (grid is null) return null;
        var community = await db.OrgUnits.Where(o => o.Id == grid.ParentId).Select(o => o.Name).FirstAsync(ct);
        var rows = await (
            from h in db.Households.AsNoTracking().Where(h => h.GridId == gridId)
            join d in db.Dwellings on h.DwellingId equals d.Id into dj
            from d in dj.DefaultIfEmpty()
            join b in db.Buildings on d.BuildingId equals b.Id into bj
            from b in bj.DefaultIfEmpty()
            join head in db.Residents on h.HeadId equals head.Id into hj
            from head in hj.DefaultIfEmpty()
            where db.Residents.Any(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active)
            select new { h.Id, h.Number, Building = b == null ? "（无门牌）" : b.Name, BuildingOrder = b == null ? int.MaxValue : b.SortOrder, BuildingId = b == null ? 0L : b.Id,
                Unit = d == null ? null : d.Unit, Room = d == null ? null : d.Room, Head = head == null ? "" : head.Name,
                Members = db.Residents.Count(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active) })
            .ToListAsync(ct);
        var last = await db.Set<Visit>().AsNoTracking().Where(v => v.GridId == gridId && v.HouseholdId != null)
            .GroupBy(v => v.HouseholdId!.Value).Select(g => new { g.Key, Last = g.Max(v => v.Date) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var people = (await schedule.ForGridsAsync(area, [gridId], today, ct)).Where(p => p.HouseholdId != null)
            .GroupBy(p => p.HouseholdId!.Value).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Rhythm.IntervalDays).First());

        var result = rows.Select(r =>
        {
            var (rhythm, reason) = people.TryGetValue(r.Id, out var p) ? (p.Rhythm, p.Reason) : (VisitPolicies.OrdinaryHousehold, "普通户（每半年）");
            DateOnly? l = last.TryGetValue(r.Id, out var d) ? d : null;
            return new Row(r.Id, r.Number, r.Building, r.BuildingOrder, r.BuildingId, r.Unit, r.Room, r.Head, r.Members, l, rhythm, reason, VisitDue.StateOn(today, l, rhythm));
        }).OrderBy(r => r.BuildingOrder).ThenBy(r => r.BuildingId).ThenBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Room?.Length).ThenBy(r => r.Room, StringComparer.Ordinal).ToList();
        var reached = Periods.ToDictionary(n => n, n => result.Count(r => r.Last is { } l && l >= today.AddDays(-n)));
        return new Result(grid, community, result, reached, result.Count(r => r.State == DueState.Never), result.Count(r => r.State == DueState.Overdue),
            result.Count(r => r.State == DueState.InWindow));
    }
}
