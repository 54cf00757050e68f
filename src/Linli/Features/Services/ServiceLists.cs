using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>
/// The order list behind every number (filters all in the query string, newest first, paged by key), its counts by state,
/// the numbers of the charts (by service, tier, grid; response and completion times; satisfaction) — each counted by the
/// same <see cref="Filtered"/> query so that every number opens its own list — and the monthly settlement per provider.
/// </summary>
public sealed class ServiceLists(LinliDb db, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <param name="Unit">A community or grid of the user's area.</param>
    /// <param name="Month">yyyy-MM: orders placed in that month (local time).</param>
    /// <param name="Time">Response or completion time bucket: r:0-4 (hours), c:24-72 …</param>
    public sealed record Filter(long? Unit = null, OrderState? State = null, PriceTier? Tier = null, long? Service = null, long? Provider = null,
        string? Month = null, long? Resident = null, int? Satisfaction = null, string? Time = null, bool Mine = false, string? Done = null)
    {
        public static readonly Filter All = new();

        public string Query(params (string Key, string? Value)[] extra)
        {
            var parts = new List<(string, string?)>
            {
                ("unit", Unit?.ToString(CultureInfo.InvariantCulture)), ("state", State?.ToString()), ("tier", Tier?.ToString()),
                ("service", Service?.ToString(CultureInfo.InvariantCulture)), ("provider", Provider?.ToString(CultureInfo.InvariantCulture)), ("month", Month),
                ("resident", Resident?.ToString(CultureInfo.InvariantCulture)), ("satisfaction", Satisfaction?.ToString(CultureInfo.InvariantCulture)),
                ("time", Time), ("mine", Mine ? "1" : null), ("done", Done),
            };
            parts.AddRange(extra);
            var q = string.Join("&", parts.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
            return q.Length == 0 ? "" : "?" + q;
        }
    }

    /// <summary>The response (r) and completion (c) time buckets, in hours: what the chart shows and the list filters by.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, int From, int? To)> TimeBuckets =
        [("0-4", "4小时内", 0, 4), ("4-24", "4–24小时", 4, 24), ("24-72", "1–3天", 24, 72), ("72-", "3天以上", 72, null)];

    public sealed record Row(long Id, string Number, string ResidentName, string Grid, string ServiceName, decimal Quantity, string Unit, PriceTier Tier,
        string RuleName, bool RuleShown, OrderState State, string? DoneBy, DateTime CreatedAt, DateTime? CompletedAt, long ResidentPays, long SubsidyPays, int? Satisfaction);

    public sealed record Page(IReadOnlyList<Row> Rows, long? Next);

    /// <summary>Parses the query string's filter; a value that does not parse is named in <paramref name="errors"/>.</summary>
    public static Filter Parse(IQueryCollection q, IDictionary<string, string> errors)
    {
        var say = UiText.Shared;
        long? Long(string key, string label)
        {
            var v = q[key].ToString();
            if (v.Length == 0) return null;
            if (long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
            errors[key] = say["“{0}”的值无法识别。", say[label]];
            return null;
        }
        T? Enum<T>(string key, string label) where T : struct, System.Enum
        {
            var v = q[key].ToString();
            if (v.Length == 0) return null;
            if (System.Enum.TryParse<T>(v, false, out var e) && System.Enum.IsDefined(e) && !int.TryParse(v, out _)) return e;
            errors[key] = say["“{0}”的值无法识别。", say[label]];
            return null;
        }
        var month = q["month"].ToString();
        if (month.Length > 0 && !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors["month"] = "月份请写成 2026-11 这样。";
            month = "";
        }
        var done = q["done"].ToString();
        if (done.Length > 0 && !DateOnly.TryParseExact(done + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors["done"] = "完成月份请写成 2026-11 这样。";
            done = "";
        }
        var sat = q["satisfaction"].ToString();
        int? satisfaction = null;
        if (sat.Length > 0)
        {
            if (sat is "1" or "2" or "3") satisfaction = sat[0] - '0';
            else errors["satisfaction"] = "满意度的值无法识别。";
        }
        var time = q["time"].ToString();
        if (time.Length > 0 && !(time.Length > 2 && time[0] is 'r' or 'c' && time[1] == ':' && TimeBuckets.Any(b => b.Key == time[2..])))
        {
            errors["time"] = "时长区间的值无法识别。";
            time = "";
        }
        return new Filter(Long("unit", "社区/网格"), Enum<OrderState>("state", "状态"), Enum<PriceTier>("tier", "收费类别"), Long("service", "服务项目"),
            Long("provider", "服务商"), month.Length > 0 ? month : null, Long("resident", "居民"), satisfaction, time.Length > 0 ? time : null, q["mine"] == "1", done.Length > 0 ? done : null);
    }

    /// <summary>The orders the filter matches, inside the user's scope, before ordering.</summary>
    public IQueryable<ServiceOrder> Filtered(UserArea area, Filter f)
    {
        var q = db.Set<ServiceOrder>().AsNoTracking().VisibleTo(area);
        if (f.Unit is { } unit) q = q.Where(o => o.GridId == unit || o.CommunityId == unit);
        if (f.State is { } state) q = q.Where(o => o.State == state);
        if (f.Tier is { } tier) q = q.Where(o => o.Tier == tier);
        if (f.Service is { } service) q = q.Where(o => o.ServiceItemId == service);
        if (f.Provider is { } provider) q = q.Where(o => o.ProviderId == provider);
        if (f.Resident is { } resident) q = q.Where(o => o.ResidentId == resident);
        if (f.Satisfaction is { } sat) q = q.Where(o => o.Satisfaction == sat);
        if (f.Mine) { var me = area.UserId; q = q.Where(o => o.CreatedById == me); }
        if (f.Month is { } m)
        {
            var (from, to) = MonthUtc(m);
            q = q.Where(o => o.CreatedAt >= from && o.CreatedAt < to);
        }
        if (f.Done is { } d)
        {
            // What the settlement of that month counts: completed in the month, not cancelled since.
            var (from, to) = MonthUtc(d);
            q = q.Where(o => o.CompletedAt >= from && o.CompletedAt < to && (o.State == OrderState.Completed || o.State == OrderState.FollowedUp));
        }
        if (f.Time is { } t && TimeBuckets.FirstOrDefault(b => b.Key == t[2..]) is { Key: not null } bucket)
        {
            // Whole hours compared as ticks: the same on both engines.
            var lo = TimeSpan.FromHours(bucket.From).Ticks;
            var hi = bucket.To is { } to ? TimeSpan.FromHours(to).Ticks : long.MaxValue;
            q = t[0] == 'r'
                ? q.Where(o => o.DispatchedAt != null && o.ResponseTicks >= lo && o.ResponseTicks < hi)
                : q.Where(o => o.CompletedAt != null && o.CompletionTicks >= lo && o.CompletionTicks < hi);
        }
        return q;
    }

    public (DateTime From, DateTime To) MonthUtc(string month)
    {
        var first = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (clock.UtcStartOf(first), clock.UtcStartOf(first.AddMonths(1)));
    }

    /// <summary>One page, newest first, after the order id <paramref name="after"/> (key paging: the next page starts below it).</summary>
    public async Task<Page> PageAsync(UserArea area, Filter f, long? after, int size, CancellationToken ct)
    {
        var q = Filtered(area, f);
        if (after is { } a) q = q.Where(o => o.Id < a);
        var rows = await q.OrderByDescending(o => o.Id).Take(size + 1)
            .Select(o => new
            {
                o.Id, o.Number, o.ResidentName, o.GridId, o.ServiceName, o.Quantity, o.Unit, o.Tier, o.RuleName, o.RuleSensitive, o.State,
                Provider = db.Set<Provider>().Where(p => p.Id == o.ProviderId).Select(p => p.Name).FirstOrDefault(), o.VolunteerName,
                o.CreatedAt, o.CompletedAt, o.ResidentPays, o.SubsidyPays, o.Satisfaction,
            }).ToListAsync(ct);
        var gridIds = rows.Select(r => r.GridId).Distinct().ToList();
        var grids = await db.OrgUnits.AsNoTracking().Where(g => gridIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var shown = rows.Take(size).Select(r => new Row(r.Id, r.Number, r.ResidentName, grids.GetValueOrDefault(r.GridId, ""), r.ServiceName, r.Quantity, r.Unit, r.Tier,
            r.RuleName, !r.RuleSensitive || area.HasInGrid(Permissions.Registry.Sensitive, r.GridId), r.State, r.Provider ?? r.VolunteerName,
            r.CreatedAt, r.CompletedAt, r.ResidentPays, r.SubsidyPays, r.Satisfaction)).ToList();
        return new Page(shown, rows.Count > size ? shown[^1].Id : null);
    }

    public sealed record Count(string Key, string Label, long Number);

    /// <summary>Orders the filter matches, by state (ignoring the filter's own state): the counts above the list.</summary>
    public async Task<IReadOnlyList<Count>> ByStateAsync(UserArea area, Filter f, CancellationToken ct)
    {
        var rows = await Filtered(area, f with { State = null }).GroupBy(o => o.State).Select(g => new { g.Key, N = g.LongCount() }).ToListAsync(ct);
        return Enum.GetValues<OrderState>().Select(s => new Count(s.ToString(), ServiceText.Of(s), rows.FirstOrDefault(r => r.Key == s)?.N ?? 0)).ToList();
    }

    public sealed record Numbers(IReadOnlyList<Count> ByService, IReadOnlyList<Count> ByTier, IReadOnlyList<Count> ByGrid, IReadOnlyList<Count> Response,
        IReadOnlyList<Count> Completion, IReadOnlyList<Count> Satisfaction, double? MedianResponseHours, double? MedianCompletionHours, double? SatisfiedShare);

    /// <summary>The charts' numbers over what the filter matches; the keys are the list's own filter values.</summary>
    public async Task<Numbers> NumbersAsync(UserArea area, Filter f, CancellationToken ct)
    {
        var q = Filtered(area, f with { Service = null, Tier = null, Satisfaction = null, Time = null });
        var services = await q.GroupBy(o => new { o.ServiceItemId, o.ServiceName }).Select(g => new { g.Key.ServiceItemId, g.Key.ServiceName, N = g.LongCount() }).ToListAsync(ct);
        var tiers = await q.GroupBy(o => o.Tier).Select(g => new { g.Key, N = g.LongCount() }).ToListAsync(ct);
        var grids = await q.GroupBy(o => o.GridId).Select(g => new { g.Key, N = g.LongCount() }).ToListAsync(ct);
        var gridIds = grids.Select(g => g.Key).ToList();
        var gridNames = await db.OrgUnits.AsNoTracking().Where(g => gridIds.Contains(g.Id)).Select(g => new { g.Id, g.Name, g.SortOrder }).ToListAsync(ct);
        var times = await q.Where(o => o.DispatchedAt != null).Select(o => new { o.ResponseTicks, o.CompletionTicks, Done = o.CompletedAt != null }).ToListAsync(ct);
        var sats = await q.Where(o => o.Satisfaction != null).GroupBy(o => o.Satisfaction).Select(g => new { g.Key, N = g.LongCount() }).ToListAsync(ct);
        IReadOnlyList<Count> Buckets(IEnumerable<long> ticks, char kind) => TimeBuckets.Select(b => new Count($"{kind}:{b.Key}", b.Label,
            ticks.LongCount(t => t >= TimeSpan.FromHours(b.From).Ticks && (b.To is not { } to || t < TimeSpan.FromHours(to).Ticks)))).ToList();
        static double? Median(List<long> v) => v.Count == 0 ? null : TimeSpan.FromTicks(v.Order().ElementAt(v.Count / 2)).TotalHours;
        var response = times.Select(t => t.ResponseTicks).ToList();
        var completion = times.Where(t => t.Done).Select(t => t.CompletionTicks).ToList();
        var satTotal = sats.Sum(s => s.N);
        return new Numbers(
            services.OrderByDescending(s => s.N).Select(s => new Count(s.ServiceItemId.ToString(CultureInfo.InvariantCulture), s.ServiceName, s.N)).ToList(),
            Enum.GetValues<PriceTier>().Select(t => new Count(t.ToString(), ServiceText.Of(t), tiers.FirstOrDefault(x => x.Key == t)?.N ?? 0)).ToList(),
            grids.Join(gridNames, g => g.Key, n => n.Id, (g, n) => (g, n)).OrderBy(x => x.n.SortOrder).ThenBy(x => x.n.Name, StringComparer.Ordinal)
                .Select(x => new Count(x.g.Key.ToString(CultureInfo.InvariantCulture), x.n.Name, x.g.N)).ToList(),
            Buckets(response, 'r'), Buckets(completion, 'c'),
            new[] { 3, 2, 1 }.Select(s => new Count(s.ToString(CultureInfo.InvariantCulture), ServiceText.Satisfaction(s), sats.FirstOrDefault(x => x.Key == s)?.N ?? 0)).ToList(),
            Median(response), Median(completion), satTotal == 0 ? null : (double)sats.Where(s => s.Key >= 2).Sum(s => s.N) / satTotal);
    }

    public sealed record SettlementRow(long ProviderId, string Provider, int Orders, long ResidentPays, long SubsidyPays, IReadOnlyList<SettlementLine> Lines)
    {
        public long Total => ResidentPays + SubsidyPays;
    }

    public sealed record SettlementLine(string Service, PriceTier Tier, int Orders, decimal Quantity, long ResidentPays, long SubsidyPays);

    /// <summary>
    /// 月度结算: per provider of the community, the orders completed in the month (local time), what the residents paid and
    /// what the subsidy pays, by service and tier. Cancelled orders and volunteers' orders are not settled.
    /// </summary>
    public async Task<IReadOnlyList<SettlementRow>> SettlementAsync(UserArea area, long communityId, string month, CancellationToken ct)
    {
        var (from, to) = MonthUtc(month);
        var rows = await db.Set<ServiceOrder>().AsNoTracking().VisibleTo(area)
            .Where(o => o.CommunityId == communityId && o.ProviderId != null && o.CompletedAt >= from && o.CompletedAt < to
                && (o.State == OrderState.Completed || o.State == OrderState.FollowedUp))
            .GroupBy(o => new { ProviderId = o.ProviderId!.Value, o.ServiceName, o.Tier })
            .Select(g => new { g.Key.ProviderId, g.Key.ServiceName, g.Key.Tier, N = g.Count(), Resident = g.Sum(o => o.ResidentPays), Subsidy = g.Sum(o => o.SubsidyPays) })
            .ToListAsync(ct);
        // Quantities are decimals, which SQLite cannot sum: read them per order.
        var quantities = await db.Set<ServiceOrder>().AsNoTracking().VisibleTo(area)
            .Where(o => o.CommunityId == communityId && o.ProviderId != null && o.CompletedAt >= from && o.CompletedAt < to
                && (o.State == OrderState.Completed || o.State == OrderState.FollowedUp))
            .Select(o => new { ProviderId = o.ProviderId!.Value, o.ServiceName, o.Tier, o.Quantity }).ToListAsync(ct);
        var providerIds = rows.Select(r => r.ProviderId).Distinct().ToList();
        var names = await db.Set<Provider>().AsNoTracking().Where(p => providerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return rows.GroupBy(r => r.ProviderId).OrderBy(g => names.GetValueOrDefault(g.Key, ""), StringComparer.Ordinal).Select(g => new SettlementRow(g.Key, names.GetValueOrDefault(g.Key, ""),
            g.Sum(x => x.N), g.Sum(x => x.Resident), g.Sum(x => x.Subsidy),
            g.OrderBy(x => x.ServiceName, StringComparer.Ordinal).ThenBy(x => x.Tier).Select(x => new SettlementLine(x.ServiceName, x.Tier, x.N,
                quantities.Where(q => q.ProviderId == g.Key && q.ServiceName == x.ServiceName && q.Tier == x.Tier).Sum(q => q.Quantity), x.Resident, x.Subsidy)).ToList())).ToList();
    }
}
