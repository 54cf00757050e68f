using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>
/// The demo's home services: each community's default catalogue and rules, three providers of 幸福里社区 (two elsewhere),
/// and four months of orders for its elderly and labelled residents in every state — priced by the real rules, so the
/// tier and rule on each order are what the pages would have chosen. Written in bulk.
/// </summary>
public sealed class ServicesDemo : IDemoData
{
    public int Order => 60;

    static readonly (string Name, string Contact, string Phone, string Address, (string Service, decimal Price)[] Prices)[] Providers =
    [
        ("幸福里老年助餐点", "周桂英", "0371-6688 1201", "幸福里社区服务中心一楼", [("助餐", 15m)]),
        ("安心家政服务中心", "孙建华", "0371-6688 2302", "建设路56号", [("助洁", 40m), ("助浴", 60m), ("陪护", 35m), ("家政保洁", 45m), ("助医", 50m)]),
        ("邻里便民维修部", "马国强", "0371-6688 3403", "幸福里小区东门", [("小修小补", 30m), ("代购", 10m)]),
    ];

    public async Task FillAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var random = demo.Random;
        var zone = TimeZoneInfo.Local;
        var communities = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community).OrderBy(o => o.Id).ToListAsync(ct);
        var staff = new[] { "social", "lead", "hotline", "cadre" }.Select(n => demo.UserIds.GetValueOrDefault(n)).Where(id => id != 0).ToArray();
        if (staff.Length == 0) return;
        var nowUtc = TimeZoneInfo.ConvertTimeToUtc(demo.Today.ToDateTime(new TimeOnly(10, 0)), zone);
        var items = new List<ServiceItem>();
        var rules = new List<EligibilityRule>();
        foreach (var c in communities)
        {
            items.AddRange(ServiceSettings.DefaultItems(c.Id));
            rules.AddRange(ServiceSettings.DefaultRules(c.Id));
        }
        await BulkWriter.InsertAsync(db, items, ct);
        await BulkWriter.InsertAsync(db, rules, ct);
        var providers = new List<(Provider Provider, int Spec)>();
        foreach (var (c, index) in communities.Select((c, i) => (c, i)))
            providers.AddRange(Providers.Take(index == 0 ? 3 : 2).Select((p, spec) => (new Provider
            {
                CommunityId = c.Id, Name = index == 0 ? p.Name : p.Name.Replace("幸福里", c.Name[..2], StringComparison.Ordinal), Contact = p.Contact, Phone = p.Phone, Address = p.Address,
            }, spec)));
        await BulkWriter.InsertAsync(db, providers.Select(p => p.Provider).ToList(), ct);
        var prices = new List<ProviderPrice>();
        foreach (var (p, spec) in providers)
            foreach (var (service, price) in Providers[spec].Prices)
                if (items.FirstOrDefault(i => i.CommunityId == p.CommunityId && i.Name == service) is { } item)
                    prices.Add(new ProviderPrice { ProviderId = p.Id, ServiceItemId = item.Id, Price = (long)(price * 100) });
        await BulkWriter.InsertAsync(db, prices, ct);

        var tagCodes = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Code, ct);
        var sensitive = (await db.Tags.AsNoTracking().Where(t => t.IsSensitive).Select(t => t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var orders = new List<ServiceOrder>();
        foreach (var (c, index) in communities.Select((c, i) => (c, i)))
        {
            var grids = await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == c.Id).Select(o => o.Id).ToListAsync(ct);
            var oldest = demo.Today.AddYears(-65);
            // The people who use home services: the elderly and those labelled in hardship, a sample per grid.
            var people = new List<(long Id, string Name, long GridId, DateOnly? Birth, long? HouseholdId)>();
            foreach (var gid in grids)
                people.AddRange((await db.Residents.AsNoTracking()
                    .Where(r => r.GridId == gid && r.Status == ResidentStatus.Active && (r.BirthDate <= oldest || db.ResidentTags.Any(t => t.ResidentId == r.Id)))
                    .OrderBy(r => r.Id).Take(60).Select(r => new { r.Id, r.Name, r.GridId, r.BirthDate, r.HouseholdId }).ToListAsync(ct))
                    .Select(r => (r.Id, r.Name, r.GridId, r.BirthDate, r.HouseholdId)));
            if (people.Count == 0) continue;
            var ids = people.Select(p => p.Id).ToList();
            var tagsOf = (await db.ResidentTags.AsNoTracking().Where(t => ids.Contains(t.ResidentId)).Select(t => new { t.ResidentId, t.TagId }).ToListAsync(ct))
                .ToLookup(t => t.ResidentId, t => tagCodes[t.TagId]);
            var households = people.Where(p => p.HouseholdId != null).Select(p => p.HouseholdId!.Value).Distinct().ToList();
            var sizes = (await db.Residents.AsNoTracking().Where(r => r.HouseholdId != null && households.Contains(r.HouseholdId.Value) && r.Status == ResidentStatus.Active)
                .GroupBy(r => r.HouseholdId).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key!.Value, x => x.N);
            var myRules = rules.Where(r => r.CommunityId == c.Id).Select(Eligibility.Rule.From).ToList();
            var myItems = items.Where(i => i.CommunityId == c.Id).ToList();
            var myProviders = providers.Select(p => p.Provider).Where(p => p.CommunityId == c.Id).ToList();
            var code = c.Code.Split('-').Last();
            var count = index == 0 ? 480 : 60;
            var numbers = new Dictionary<int, int>();
            var placed = Enumerable.Range(0, count).Select(i => nowUtc.AddDays(-(i % 8 == 0 ? random.Next(0, 4) : random.Next(0, 120))).AddHours(-random.Next(0, 9)).AddMinutes(-random.Next(0, 60))).Order().ToList();
            foreach (var created in placed)
            {
                var p = people[random.Next(people.Count)];
                var tags = tagsOf[p.Id].ToHashSet(StringComparer.Ordinal);
                var facts = new Eligibility.Facts(Eligibility.AgeOn(p.Birth, demo.Today), tags,
                    (p.HouseholdId is { } h ? sizes.GetValueOrDefault(h, 1) : 1) == 1 || tags.Contains("ElderlyLivingAlone"));
                var choice = Eligibility.Choose(myRules, facts);
                // Meals are most of the work, then cleaning; repairs and errands now and then.
                var item = myItems[random.Next(10) switch { < 4 => 0, < 6 => 1, 6 => 2, 7 => 3, 8 => 6, _ => random.Next(myItems.Count) }];
                var provider = myProviders.FirstOrDefault(x => prices.Any(pp => pp.ProviderId == x.Id && pp.ServiceItemId == item.Id));
                var age = (nowUtc - created).TotalDays;
                // The last days' orders wait for dispatch or are being served; older ones are done, most followed up.
                var state = (random.Next(100), age) switch
                {
                    (_, < 0.3) => OrderState.Registered,
                    (< 6, _) => OrderState.Cancelled,
                    (< 35, < 4) => OrderState.Registered,
                    (< 75, < 4) => OrderState.Dispatched,
                    (_, < 4) => OrderState.Completed,
                    (< 15, < 20) => OrderState.Completed,
                    _ => OrderState.FollowedUp,
                };
                if (provider is null && state != OrderState.Cancelled) state = OrderState.Registered;
                var year = TimeZoneInfo.ConvertTimeFromUtc(created, zone).Year;
                numbers[year] = numbers.GetValueOrDefault(year) + 1;
                var quantity = item.Unit == "小时" ? random.Next(1, 4) : 1;
                var o = new ServiceOrder
                {
                    Number = $"FW-{code}-{year}-{numbers[year]:D5}", CommunityId = c.Id, GridId = p.GridId, ResidentId = p.Id, ResidentName = p.Name,
                    ServiceItemId = item.Id, ServiceName = item.Name, Unit = item.Unit, Quantity = quantity, Tier = choice.Tier, RuleId = choice.RuleId, RuleName = choice.RuleName,
                    RuleSensitive = myRules.FirstOrDefault(r => r.Id == choice.RuleId)?.Tags.Any(sensitive.Contains) == true, ResidentUnitPrice = item.PriceOf(choice.Tier), StandardUnitPrice = item.PaidPrice,
                    Channel = random.Next(3) switch { 0 => "热线", 1 => "办公室", _ => "走访" }, State = state, CreatedById = staff[random.Next(staff.Length)], CreatedAt = created,
                };
                if (state is OrderState.Dispatched or OrderState.Completed or OrderState.FollowedUp)
                {
                    o.ProviderId = provider!.Id;
                    o.StandardUnitPrice = prices.First(pp => pp.ProviderId == provider.Id && pp.ServiceItemId == item.Id).Price;
                    o.DispatchedAt = created.AddMinutes(random.Next(10, random.Next(4) == 0 ? 3000 : 300));
                    if (o.DispatchedAt > nowUtc) o.DispatchedAt = created + (nowUtc - created) / 2;
                    o.ResponseTicks = (o.DispatchedAt.Value - created).Ticks;
                }
                if (state is OrderState.Completed or OrderState.FollowedUp)
                {
                    o.CompletedAt = o.DispatchedAt!.Value.AddHours(random.Next(1, random.Next(5) == 0 ? 96 : 30));
                    if (o.CompletedAt > nowUtc) o.CompletedAt = o.DispatchedAt.Value + (nowUtc - o.DispatchedAt.Value) / 2;
                    o.CompletionTicks = (o.CompletedAt.Value - created).Ticks;
                    (o.ResidentPays, o.SubsidyPays) = ServiceDesk.Amounts(o.Quantity, o.ResidentUnitPrice, o.StandardUnitPrice);
                    o.Confirmation = random.Next(3) == 0 ? "电话确认" : "签字确认";
                }
                if (state == OrderState.FollowedUp)
                {
                    o.Satisfaction = random.Next(20) switch { 0 => 1, < 5 => 2, _ => 3 };
                    o.FollowedUpAt = o.CompletedAt!.Value.AddDays(1) < nowUtc ? o.CompletedAt.Value.AddDays(1) : nowUtc;
                    o.FeedbackNote = o.Satisfaction == 1 ? "送餐偏晚，饭菜有点凉" : null;
                }
                if (state == OrderState.Cancelled) o.CancelReason = "老人子女已安排，不再需要";
                orders.Add(o);
            }
        }
        await BulkWriter.InsertAsync(db, orders, ct);
    }
}
