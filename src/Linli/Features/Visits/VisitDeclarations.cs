using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>The home page's numbers: people overdue, due now and never visited, each linking to its list on the workbench.</summary>
public sealed class VisitHomeCards(VisitSchedule schedule, VisitStreetView street, TimeProvider clock) : IHomeCards
{
    /// <summary>
    /// A cadre's or a community's area (up to this many grids) gets the workbench's own numbers, worked out live from the
    /// schedule; a street's area gets distinct people from the kept-current aggregate (<see cref="VisitStanding"/>), linking
    /// to the street's view.
    /// </summary>
    const int MaxGrids = 20;

    public async Task<IReadOnlyList<HomeCard>> ForAsync(UserArea area, CancellationToken ct)
    {
        var today = clock.Today();
        var grids = area.GridsWhere(Permissions.Visits.Write);
        if (grids.Count > 0 && grids.Count <= MaxGrids)
        {
            var people = await schedule.ForGridsAsync(area, grids, today, ct);
            return
            [
                new("走访", "走访逾期", people.Count(p => p.State == DueState.Overdue), "/Visits?list=overdue", Tone.Overdue, Order: 10),
                new("走访", "应走访", people.Count(p => p.State == DueState.InWindow), "/Visits?list=due", Tone.Due, Order: 11),
                new("走访", "从未走访", people.Count(p => p.State == DueState.Never), "/Visits?list=never", Tone.Normal, Order: 12),
            ];
        }
        var read = area.GridsWhere(Permissions.Visits.Read);
        if (read.Count <= MaxGrids) return [];
        var (overdue, due, never) = await street.PeopleAsync(area, read, today, ct);
        return
        [
            new("走访", "走访逾期", overdue, "/Visits/Street", Tone.Overdue, Order: 10),
            new("走访", "应走访", due, "/Visits/Street", Tone.Due, Order: 11),
            new("走访", "从未走访", never, "/Visits/Street", Tone.Normal, Order: 12),
        ];
    }
}

/// <summary>最近走访 on a resident's page (with what was found, where the user may see it) and in the caller view (dates and method only).</summary>
public sealed class VisitPersonSections(LinliDb db, VisitReader reader) : IPersonSections
{
    const int Shown = 5;

    public async Task<IReadOnlyDictionary<long, PersonSection>> ForAsync(UserArea area, IReadOnlyCollection<long> residentIds, PersonView view, CancellationToken ct)
    {
        // The hotline holds no visits.read: it sees dates and methods of visits in the units where its caller view applies.
        var grids = view == PersonView.Caller ? area.GridsWhere(Permissions.Registry.CallerView).Union(area.GridsWhere(Permissions.Visits.Read)).ToArray()
            : area.GridsWhere(Permissions.Visits.Read).ToArray();
        if (grids.Length == 0) return new Dictionary<long, PersonSection>();
        var ids = residentIds.ToList();
        var visits = await db.Set<Visit>().AsNoTracking().Where(v => v.ResidentId != null && ids.Contains(v.ResidentId.Value) && EF.Parameter(grids).Contains(v.GridId))
            .OrderByDescending(v => v.Date).ThenByDescending(v => v.Id).ToListAsync(ct);
        var byResident = visits.GroupBy(v => v.ResidentId!.Value).ToDictionary(g => g.Key, g => g.Take(Shown).ToList());
        var result = new Dictionary<long, PersonSection>();
        var say = Web.UiText.Shared;
        foreach (var id in ids)
        {
            var mine = byResident.GetValueOrDefault(id) ?? [];
            List<PersonFact> facts;
            if (view == PersonView.Caller)
                facts = mine.Select(v => new PersonFact(say["{0}走访", say[VisitText.Of(v.Method)]], new DateTimeOffset(v.Date.ToDateTime(TimeOnly.MinValue)), null, null)).ToList();
            else
            {
                var views = await reader.ViewsAsync(area, mine, ct);
                facts = views.Select(v => new PersonFact(
                    say["{0}走访", say[VisitText.Of(v.Method)]] + $" · {v.VisitorName}{(v.Content is { } c && Summary(c) is { Length: > 0 } s ? " · " + s : "")}",
                    new DateTimeOffset(v.Date.ToDateTime(TimeOnly.MinValue)), null, $"/Visits/Detail/{v.Id}")).ToList();
            }
            result[id] = new PersonSection("走访", "最近走访", facts, "还没有走访记录。", Order: 20);
        }
        return result;
    }

    static string Summary(VisitReader.Content c) =>
        Registry.TextElements.Cut(c.FamilySituation ?? c.Difficulties ?? c.Requests ?? c.Result ?? "", 40, "…");
}
