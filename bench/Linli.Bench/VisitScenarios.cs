namespace Linli.Bench;

/// <summary>
/// 街道走访概况 (issue 12): the street officer's /Visits/Street — every community's people overdue, due and never visited,
/// overdue per label — from the kept-current VisitStandings (filled by the generator per community); the raw side runs
/// the same grouped range count over that table.
/// </summary>
static class VisitScenarios
{
    public static void Add(List<Scenario> list, Clients c, RawDb raw, int iterations, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        list.Add(new("visits-district-overdue", "街道走访概况（各社区逾期、应走访、从未走访，按标签）", 200,
            _ => Clients.GetAsync(c.StreetPages, "/Visits/Street", ct),
            _ => raw.ReadAsync("SELECT \"GridId\", \"TagId\", COUNT(*), "
                + "SUM(CASE WHEN \"Opens\" <= @d AND \"Closes\" >= @d THEN 1 ELSE 0 END), SUM(CASE WHEN \"Closes\" < @d THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN \"Closes\" IS NULL THEN 1 ELSE 0 END) FROM \"VisitStandings\" GROUP BY \"GridId\", \"TagId\"", ct, ("@d", raw.Date(today))),
            Math.Max(3, iterations / 4), 2));
    }
}
