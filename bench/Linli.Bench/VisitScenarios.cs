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

    /// <summary>
    /// 街道走访概况 with its chart of visits per month stacked by community (issue 12): the same page as
    /// visits-district-overdue, now reading the kept-current VisitMonths besides VisitStandings. The raw side runs what the
    /// page reads from both aggregates: the standings' grouped range count and the twelve months summed per community.
    /// </summary>
    public static void AddStreetMonths(List<Scenario> list, Clients c, RawDb raw, int iterations, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var to = new DateOnly(today.Year, today.Month, 1);
        list.Add(new("visits-street-months", "街道走访概况页面（含每月走访次数堆叠图：近12个月 × 社区，出自 VisitMonths）", 200,
            _ => Clients.GetAsync(c.StreetPages, "/Visits/Street", ct),
            async _ =>
            {
                await raw.ReadAsync("SELECT \"GridId\", \"TagId\", COUNT(*), "
                    + "SUM(CASE WHEN \"Opens\" <= @d AND \"Closes\" >= @d THEN 1 ELSE 0 END), SUM(CASE WHEN \"Closes\" < @d THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN \"Closes\" IS NULL THEN 1 ELSE 0 END) FROM \"VisitStandings\" GROUP BY \"GridId\", \"TagId\"", ct, ("@d", raw.Date(today)));
                await raw.ReadAsync("SELECT g.\"ParentId\", m.\"Month\", SUM(m.\"Visits\") FROM \"VisitMonths\" m JOIN \"OrgUnits\" g ON g.\"Id\" = m.\"GridId\" "
                    + "WHERE m.\"Month\" >= @from AND m.\"Month\" <= @to GROUP BY g.\"ParentId\", m.\"Month\"", ct, ("@from", raw.Date(from)), ("@to", raw.Date(to)));
            },
            Math.Max(3, iterations / 4), 2));
    }

    /// <summary>
    /// 干部每月走访 of one community (issue 12): a street officer's /Visits/Street?community= — the community's standings,
    /// households reached, and the stacked chart of visits per visitor per month. The generator's visits all carry visitor 0,
    /// so the community's visits are first spread over three synthetic visitors per grid (<see cref="EnsureVisitorsAsync"/>,
    /// once, in the warm-up). The raw side runs the chart's grouped count — per (visitor, day) over the community's grids and
    /// twelve months — which the app reads through the Visits (GridId, Date) index.
    /// </summary>
    public static void AddPerCadre(List<Scenario> list, Clients c, RawDb raw, (string Code, long Id, long[] GridIds) community, int iterations, int warmup, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var grids = RawDb.List(community.GridIds);
        Task? visitors = null;
        list.Add(new("visits-per-cadre", "社区走访概况页面（含干部每月走访堆叠图：近12个月 × 走访人）", 100,
            async _ =>
            {
                await (visitors ??= EnsureVisitorsAsync(raw, grids, ct));
                await Clients.GetAsync(c.StreetPages, $"/Visits/Street?community={community.Id}", ct);
            },
            async _ =>
            {
                await (visitors ??= EnsureVisitorsAsync(raw, grids, ct));
                await raw.ReadAsync("SELECT \"VisitorId\", \"Date\", COUNT(*) FROM \"Visits\" "
                    + $"WHERE \"GridId\" IN ({grids}) AND \"Date\" >= @from AND \"Date\" <= @today GROUP BY \"VisitorId\", \"Date\"", ct,
                    ("@from", raw.Date(from)), ("@today", raw.Date(today)));
            },
            iterations, warmup));
    }

    /// <summary>
    /// Three visitors per grid for the community's visits still carrying the generator's visitor 0: ids 1,000,000,000 +
    /// grid × 10 + (visit id mod 3), far above any account's, named 走访员{grid}-{0..2}. Idempotent.
    /// </summary>
    public static async Task EnsureVisitorsAsync(RawDb raw, string grids, CancellationToken ct)
    {
        await using var cmd = raw.Connection.CreateCommand();
        cmd.CommandText = "UPDATE \"Visits\" SET \"VisitorId\" = 1000000000 + \"GridId\" * 10 + \"Id\" % 3, "
            + "\"VisitorName\" = '走访员' || \"GridId\" || '-' || (\"Id\" % 3) "
            + $"WHERE \"VisitorId\" = 0 AND \"GridId\" IN ({grids})";
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
