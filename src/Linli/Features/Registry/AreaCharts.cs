using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// The charts of a lead's or street officer's home page — the population pyramid (age band × gender), labels by
/// community or grid, residence kinds — each bar and slice with the address of the list it counts. Read from the
/// per-grid numbers kept current on every write (<see cref="GridCount"/>: GenderBirthYear, ResidenceKind, Tag), never
/// by counting a district's residents on a page view. Ages are by birth year (按出生年份计), as on the rest of the page,
/// so that each bar equals its list: the band "60–69" is everyone born in this year − 69 … this year − 60.
/// </summary>
public sealed class AreaCharts(LinliDb db, TimeProvider clock)
{
    public sealed record Bar(int Value, string Href);
    /// <param name="Band">"0–9" … "90+": ages by birth year.</param>
    public sealed record Band(string Name, Bar Male, Bar Female);
    public sealed record Slice(string Name, Bar Bar);
    public sealed record LabelSeries(string Name, IReadOnlyList<Bar> Bars);
    public sealed record Result(IReadOnlyList<Band> Pyramid, IReadOnlyList<Slice> Kinds, IReadOnlyList<string> Units, IReadOnlyList<LabelSeries> Labels, int NoBirthDate);

    public async Task<Result> ForAsync(UserArea area, IReadOnlyList<AreaOverview.Row> rows, CancellationToken ct)
    {
        var gridIds = area.GridsWhere(Permissions.Registry.Read);
        var year = clock.GetLocalNow().Year;
        var counts = await db.GridCounts.AsNoTracking()
            .Where(c => EF.Parameter(gridIds).Contains(c.GridId) && (c.Measure == GridMeasure.GenderBirthYear || c.Measure == GridMeasure.ResidenceKind))
            .GroupBy(c => new { c.Measure, c.Key }).Select(g => new { g.Key.Measure, g.Key.Key, N = g.Sum(c => c.Count) }).ToListAsync(ct);

        var everyone = ResidentList.Filter.Everyone;
        var byYear = counts.Where(c => c.Measure == GridMeasure.GenderBirthYear && c.Key >= 10).ToList();
        int Sum(Gender g, int fromAge, int? toAge) => byYear.Where(c => c.Key % 10 == (g == Gender.Male ? 1 : 2)
            && year - c.Key / 10 >= fromAge && (toAge is null || year - c.Key / 10 <= toAge)).Sum(c => c.N);
        var pyramid = new List<Band>();
        for (var from = 0; from <= 90; from += 10)
        {
            int? to = from == 90 ? null : from + 9;
            Bar Make(Gender g) => new(Sum(g, from, to), ResidentList.Href(everyone with
            {
                Gender = g, BornTo = year - from, BornFrom = to is { } t ? year - t : null,
            }));
            pyramid.Add(new Band(to is null ? $"{from}+" : $"{from}–{to}", Make(Gender.Male), Make(Gender.Female)));
        }
        var kinds = Enum.GetValues<ResidenceKind>().Select(k => new Slice(RegistryText.Of(k),
            new Bar(counts.Where(c => c.Measure == GridMeasure.ResidenceKind && c.Key == (long)k).Sum(c => c.N), ResidentList.Href(everyone with { Kind = k })))).ToList();

        // Labels by the page's rows (communities of a street, grids of a community); sensitive labels left out, as in the overview.
        var grids = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(gridIds).Contains(o.Id)).Select(o => new { o.Id, o.Path }).ToListAsync(ct);
        var rowIds = rows.Select(r => r.UnitId).ToList();
        var rowPaths = await db.OrgUnits.AsNoTracking().Where(o => rowIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        var tagCounts = await db.GridCounts.AsNoTracking().Where(c => EF.Parameter(gridIds).Contains(c.GridId) && c.Measure == GridMeasure.Tag)
            .Join(db.Tags.Where(t => !t.IsSensitive), c => c.Key, t => t.Id, (c, t) => new { c.GridId, t.Code, t.Name, c.Count }).ToListAsync(ct);
        var rowOf = grids.ToDictionary(g => g.Id, g => rows.FirstOrDefault(r => rowPaths.TryGetValue(r.UnitId, out var p) && g.Path.StartsWith(p, StringComparison.Ordinal))?.UnitId);
        var labels = tagCounts.GroupBy(t => (t.Code, t.Name)).OrderByDescending(t => t.Sum(x => x.Count)).ThenBy(t => t.Key.Code, StringComparer.Ordinal)
            .Select(t => new LabelSeries(t.Key.Name, rows.Select(r => new Bar(t.Where(x => rowOf.GetValueOrDefault(x.GridId) == r.UnitId).Sum(x => x.Count),
                ResidentList.Href(everyone with { Unit = r.UnitId, Tags = [t.Key.Code] }))).ToList()))
            .ToList();
        var noBirthDate = counts.Where(c => c.Measure == GridMeasure.GenderBirthYear && c.Key < 10).Sum(c => c.N);
        return new Result(pyramid, kinds, rows.Select(r => r.Name).ToList(), labels, noBirthDate);
    }
}
