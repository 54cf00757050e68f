using Linli.Data;
using Linli.Features.Services;
using Microsoft.EntityFrameworkCore;

namespace Linli.Bench;

/// <summary>
/// Home services (issue 14): the order list a community's office opens, newest first with its counts by state, against the
/// same rows read by hand. The district has no orders of its own, so the first community gets the default catalogue, two
/// providers and <see cref="OrdersPerCommunity"/> orders over a year, once (kept when the district is reused).
/// </summary>
static class ServiceScenarios
{
    public const int OrdersPerCommunity = 20_000;

    public static async Task EnsureOrdersAsync(DatabaseTarget target, long communityId, IReadOnlyList<long> gridIds, TextWriter log, CancellationToken ct)
    {
        await using var db = target.CreateContext();
        if (await db.Set<ServiceOrder>().AnyAsync(o => o.CommunityId == communityId, ct)) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var items = ServiceSettings.DefaultItems(communityId).ToList();
        await BulkWriter.InsertAsync(db, items, ct);
        await BulkWriter.InsertAsync(db, ServiceSettings.DefaultRules(communityId).ToList(), ct);
        var provider = new Provider { CommunityId = communityId, Name = "基准测试家政服务中心" };
        await BulkWriter.InsertAsync(db, [provider], ct);
        await BulkWriter.InsertAsync(db, items.Select(i => new ProviderPrice { ProviderId = provider.Id, ServiceItemId = i.Id, Price = i.PaidPrice }).ToList(), ct);
        var grids = gridIds.ToList();
        var people = await db.Residents.AsNoTracking().Where(r => grids.Contains(r.GridId)).OrderBy(r => r.Id).Take(5000).Select(r => new { r.Id, r.Name, r.GridId }).ToListAsync(ct);
        var author = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(ct);
        var rng = new Random(14);
        var start = DateTime.UtcNow.AddDays(-365);
        var states = Enum.GetValues<OrderState>();
        var orders = Enumerable.Range(0, OrdersPerCommunity).Select(n =>
        {
            var p = people[rng.Next(people.Count)];
            var item = items[rng.Next(items.Count)];
            var tier = (PriceTier)rng.Next(3);
            var created = start.AddMinutes(n * (365.0 * 24 * 60 / OrdersPerCommunity));
            var state = states[rng.Next(states.Length)];
            var dispatched = state is OrderState.Registered or OrderState.Cancelled ? (DateTime?)null : created.AddHours(rng.Next(1, 30));
            var completed = state is OrderState.Completed or OrderState.FollowedUp ? dispatched!.Value.AddHours(rng.Next(1, 48)) : (DateTime?)null;
            var (resident, subsidy) = completed is null ? (0L, 0L) : ServiceDesk.Amounts(1, item.PriceOf(tier), item.PaidPrice);
            return new ServiceOrder
            {
                Number = $"FW-BENCH-{created.Year}-{n:D6}", CommunityId = communityId, GridId = p.GridId, ResidentId = p.Id, ResidentName = p.Name,
                ServiceItemId = item.Id, ServiceName = item.Name, Unit = item.Unit, Tier = tier, RuleName = tier == PriceTier.Paid ? Eligibility.NoRule : "80岁以上独居老人",
                ResidentUnitPrice = item.PriceOf(tier), StandardUnitPrice = item.PaidPrice, Channel = "热线", State = state, CreatedById = author, CreatedAt = created,
                ProviderId = dispatched is null ? null : provider.Id, DispatchedAt = dispatched, CompletedAt = completed,
                ResponseTicks = dispatched is { } d ? (d - created).Ticks : 0, CompletionTicks = completed is { } c ? (c - created).Ticks : 0,
                ResidentPays = resident, SubsidyPays = subsidy, Satisfaction = state == OrderState.FollowedUp ? 1 + rng.Next(3) : null,
            };
        }).ToList();
        await BulkWriter.InsertAsync(db, orders, ct);
        await tx.CommitAsync(ct);
        await db.Database.ExecuteSqlRawAsync(target.IsPostgres ? "ANALYZE \"ServiceOrders\"" : "ANALYZE", ct);
        await log.WriteLineAsync($"  服务单：{orders.Count:N0} 张（第一个社区）");
    }

    public static IEnumerable<Scenario> Build(Samples s, Clients c, RawDb raw, int iterations, int warmup, CancellationToken ct)
    {
        var grids = RawDb.List(s.Communities[0].GridIds);
        const string Columns = "o.\"Id\", o.\"Number\", o.\"ResidentName\", o.\"GridId\", o.\"ServiceName\", o.\"Quantity\", o.\"Unit\", o.\"Tier\", o.\"RuleName\", o.\"RuleSensitive\", o.\"State\", "
            + "p.\"Name\", o.\"VolunteerName\", o.\"CreatedAt\", o.\"CompletedAt\", o.\"ResidentPays\", o.\"SubsidyPays\", o.\"Satisfaction\"";
        async Task RawList(string? state)
        {
            var where = $"o.\"GridId\" IN ({grids})" + (state is null ? "" : " AND o.\"State\" = @s");
            (string, object)[] args = state is null ? [] : [("@s", state)];
            await raw.ReadAsync($"SELECT {Columns} FROM \"ServiceOrders\" o LEFT JOIN \"ServiceProviders\" p ON p.\"Id\" = o.\"ProviderId\" WHERE {where} ORDER BY o.\"Id\" DESC LIMIT 51", ct, args);
            await raw.ReadAsync($"SELECT \"Id\", \"Name\" FROM \"OrgUnits\" WHERE \"Id\" IN ({grids})", ct);
            await raw.ReadAsync($"SELECT o.\"State\", COUNT(*) FROM \"ServiceOrders\" o WHERE o.\"GridId\" IN ({grids}) GROUP BY o.\"State\"", ct);
        }
        yield return new("services-list", $"服务单列表（一个社区 {OrdersPerCommunity:N0} 张，第一页和各状态数）", 50,
            _ => Clients.GetAsync(c.Lead, "/api/v1/services/orders?limit=50", ct), _ => RawList(null), iterations, warmup);
        yield return new("services-list-state", "服务单列表：待派单（一个社区，第一页和各状态数）", 50,
            _ => Clients.GetAsync(c.Lead, "/api/v1/services/orders?limit=50&state=Registered", ct), _ => RawList("Registered"), iterations, warmup);
    }
}
