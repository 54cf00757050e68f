using System.Net;
using System.Net.Http.Json;
using Linli.Data;
using Linli.Features;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Services;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Services;

/// <summary>Home service orders on the demo street, both engines: priced by rule, dispatched, completed, followed up, settled; scope and bad input.</summary>
public class ServiceOrderTests
{
    sealed class Kit(LinliApp app) : IAsyncDisposable
    {
        readonly AsyncServiceScope scope = app.Web.Services.CreateAsyncScope();
        public LinliDb Db => scope.ServiceProvider.GetRequiredService<LinliDb>();
        public ServiceDesk Desk => scope.ServiceProvider.GetRequiredService<ServiceDesk>();
        public ServiceLists Lists => scope.ServiceProvider.GetRequiredService<ServiceLists>();
        public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
        public async Task<UserArea> AreaAsync(string role) =>
            await UserArea.LoadAsync(Db, (await Db.Users.SingleAsync(u => u.UserName == app.Account(role).UserName)).Id, default);
        public async Task<long> ItemAsync(long community, string name) => await Db.Set<ServiceItem>().Where(s => s.CommunityId == community && s.Name == name).Select(s => s.Id).SingleAsync();
        public async Task<long> ProviderAsync(long community, string name) => await Db.Set<Provider>().Where(p => p.CommunityId == community && p.Name == name).Select(p => p.Id).SingleAsync();
        public async Task<long> CommunityAsync(string name) => await Db.OrgUnits.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
        public async Task<ServiceOrder> ActAsync(UserArea who, long id, ServiceDesk.ActForm form)
        {
            var outcome = await Desk.ActAsync(who, id, form, default);
            Assert.NotNull(outcome);
            Assert.True(outcome.Ok, string.Join(" ", outcome.Errors.Values));
            return outcome.Order!;
        }
        public async Task<string> RefusedAsync(UserArea who, long id, ServiceDesk.ActForm form)
        {
            var outcome = await Desk.ActAsync(who, id, form, default);
            Assert.NotNull(outcome);
            Assert.False(outcome.Ok);
            return string.Join(" ", outcome.Errors.Values);
        }
        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheHotlineOrdersAMealForAnEightyYearOldLivingAloneAtTheReducedPriceAndTheOfficeSeesItThrough(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        await using var kit = new Kit(app);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("赵桂芝").Aged(82));
        var hotline = await kit.AreaAsync(Roles.HotlineOperator);
        var social = await kit.AreaAsync(Roles.SocialWorker);
        var community = await kit.CommunityAsync("幸福里社区");

        var quote = await kit.Desk.QuoteAsync(hotline, elder.Id, default);
        Assert.Equal(PriceTier.Reduced, quote!.Tier);
        Assert.Equal("80岁以上独居老人", quote.RuleName);
        Assert.True(quote.RuleShown);

        var help = await kit.Get<ICaseIntake>().OpenAsync(hotline, new CaseIntakeRequest("help", elder.GridId, elder.Id, null, "老人腿脚不便，要求送餐", "hotline", 0), default);
        var meal = await kit.ItemAsync(community, "助餐");
        var wrong = await kit.Desk.PlaceAsync(hotline, new ServiceDesk.PlaceForm { ResidentId = elder.Id, ServiceItemId = meal, Quantity = 0, CaseReference = "XFL-1999-000001" }, default);
        Assert.Contains("数量须大于0", wrong!.Errors["Quantity"]);
        Assert.Contains("没有找到编号为 XFL-1999-000001 的事件", wrong.Errors["CaseReference"]);
        var placed = await kit.Desk.PlaceAsync(hotline, new ServiceDesk.PlaceForm
        {
            ResidentId = elder.Id, ServiceItemId = meal, Quantity = 2, Channel = "热线", CaseReference = help.Reference.ToLowerInvariant(),
        }, default);
        Assert.True(placed!.Ok, string.Join(" ", placed.Errors.Values));
        var order = placed.Order!;
        Assert.Matches(@"^FW-XFL-\d{4}-\d{5}$", order.Number);
        Assert.Equal((PriceTier.Reduced, "80岁以上独居老人", 600L), (order.Tier, order.RuleName, order.ResidentUnitPrice));
        Assert.Equal((help.CaseId, help.Reference), (order.CaseId, order.CaseReference));

        // The hotline places orders and reads back its own; handling them is the office's.
        Assert.Contains("只有社区负责人或社工", await kit.RefusedAsync(hotline, order.Id, new() { Action = "dispatch" }));
        Assert.Contains("请选择服务商或志愿者", await kit.RefusedAsync(social, order.Id, new() { Action = "dispatch" }));
        Assert.Contains("不提供助餐", await kit.RefusedAsync(social, order.Id, new() { Action = "dispatch", ProviderId = await kit.ProviderAsync(community, "邻里便民维修部") }));
        var dispatched = await kit.ActAsync(social, order.Id, new() { Action = "dispatch", ProviderId = await kit.ProviderAsync(community, "幸福里老年助餐点") });
        Assert.Equal((OrderState.Dispatched, 1500L), (dispatched.State, dispatched.StandardUnitPrice));
        Assert.NotNull(dispatched.DispatchedAt);
        Assert.Contains("居民已确认", await kit.RefusedAsync(social, order.Id, new() { Action = "complete" }));
        Assert.Contains("不能回访", await kit.RefusedAsync(social, order.Id, new() { Action = "feedback", Satisfaction = 3 }));
        var done = await kit.ActAsync(social, order.Id, new() { Action = "complete", Quantity = 2, Confirmed = true, Confirmation = "电话确认" });
        Assert.Equal((OrderState.Completed, 1200L, 1800L, "电话确认"), (done.State, done.ResidentPays, done.SubsidyPays, done.Confirmation));
        Assert.Contains("请选择回访满意度", await kit.RefusedAsync(social, order.Id, new() { Action = "feedback", Satisfaction = 5 }));
        var followed = await kit.ActAsync(social, order.Id, new() { Action = "feedback", Satisfaction = 2, Note = "饭菜偏咸" });
        Assert.Equal((OrderState.FollowedUp, 2), (followed.State, followed.Satisfaction));

        var audited = await kit.Db.AuditEntries.CountAsync(a => a.Action == AuditActions.ServiceWrite && a.TargetKind == AuditTargets.ServiceOrder && a.TargetId == order.Id);
        Assert.Equal(4, audited);
        // The hotline's own orders are its list; the resident's page section shows the order.
        var mine = await kit.Lists.PageAsync(hotline, new ServiceLists.Filter(Resident: elder.Id), null, 10, default);
        Assert.Equal([order.Id], mine.Rows.Select(r => r.Id));
        var sections = await kit.Get<IEnumerable<IPersonSections>>().OfType<ServicePersonSections>().Single().ForAsync(social, [elder.Id], PersonView.Resident, default);
        Assert.Contains(order.Number, sections[elder.Id].Facts.Single().Text);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheMonthlySettlementSumsWhatResidentsPaidAndWhatTheSubsidyPaysPerProvider(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        await using var kit = new Kit(app);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var social = await kit.AreaAsync(Roles.SocialWorker);
        var community = await kit.CommunityAsync("幸福里社区");
        var month = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.Local).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var cleaner = await kit.ProviderAsync(community, "安心家政服务中心");
        var before = (await kit.Lists.SettlementAsync(lead, community, month, default)).SingleOrDefault(r => r.ProviderId == cleaner);

        // Three residents, three tiers, one provider: 助洁 at 40 元 an hour (catalogue 0 / 20 / 40).
        var poor = await app.SeedAsync(new ResidentBuilder().InGrid("第二居民组").Aged(60).WithTag("低保户"));
        var old = await app.SeedAsync(new ResidentBuilder().InGrid("第二居民组").Aged(88));
        var young = await app.SeedAsync(new ResidentBuilder().InGrid("第二居民组").Aged(50));
        var clean = await kit.ItemAsync(community, "助洁");
        foreach (var (who, hours) in new[] { (poor, 2m), (old, 1.5m), (young, 3m) })
        {
            var placed = await kit.Desk.PlaceAsync(social, new ServiceDesk.PlaceForm { ResidentId = who.Id, ServiceItemId = clean, Quantity = hours }, default);
            Assert.True(placed!.Ok, string.Join(" ", placed.Errors.Values));
            await kit.ActAsync(social, placed.Order!.Id, new() { Action = "dispatch", ProviderId = cleaner });
            await kit.ActAsync(social, placed.Order.Id, new() { Action = "complete", Quantity = hours, Confirmed = true });
        }
        // One more, cancelled: not settled.
        var cancelled = await kit.Desk.PlaceAsync(social, new ServiceDesk.PlaceForm { ResidentId = young.Id, ServiceItemId = clean }, default);
        await kit.ActAsync(social, cancelled!.Order!.Id, new() { Action = "cancel", Note = "子女已安排" });

        var after = (await kit.Lists.SettlementAsync(lead, community, month, default)).Single(r => r.ProviderId == cleaner);
        // 低保: 2 h × 0 / 40 → 0 + 8000; 88 alone: 1.5 h × 20 / 40 → 3000 + 3000; paid: 3 h × 40 → 12000 + 0.
        Assert.Equal((before?.Orders ?? 0) + 3, after.Orders);
        Assert.Equal((before?.ResidentPays ?? 0) + 15000, after.ResidentPays);
        Assert.Equal((before?.SubsidyPays ?? 0) + 11000, after.SubsidyPays);
        Assert.Equal(after.ResidentPays + after.SubsidyPays, after.Total);
        Assert.Equal(after.ResidentPays, after.Lines.Sum(l => l.ResidentPays));

        // Every provider's sums are the sums of its orders completed that month, read independently.
        var (from, to) = kit.Lists.MonthUtc(month);
        var orders = await kit.Db.Set<ServiceOrder>().AsNoTracking().Where(o => o.CommunityId == community && o.ProviderId != null).ToListAsync();
        var expected = orders.Where(o => o.CompletedAt >= from && o.CompletedAt < to && o.State is OrderState.Completed or OrderState.FollowedUp)
            .GroupBy(o => o.ProviderId!.Value).ToDictionary(g => g.Key, g => (g.Count(), g.Sum(o => o.ResidentPays), g.Sum(o => o.SubsidyPays)));
        var settled = await kit.Lists.SettlementAsync(lead, community, month, default);
        Assert.Equal(expected.OrderBy(e => e.Key), settled.Select(r => KeyValuePair.Create(r.ProviderId, (r.Orders, r.ResidentPays, r.SubsidyPays))).OrderBy(e => e.Key));
        // The settlement's count opens its list: the same orders.
        var listed = await kit.Lists.Filtered(lead, new ServiceLists.Filter(Provider: cleaner, Done: month)).CountAsync();
        Assert.Equal(after.Orders, listed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheApiPlacesInScopeOnlyAndTheExportMasksNames(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        await using var kit = new Kit(app);
        var here = await app.SeedAsync(new ResidentBuilder().InGrid("第五居民组").Named("钱玉兰").Aged(62).WithTag("残疾人"));
        var elsewhere = await app.SeedAsync(new ResidentBuilder().InGrid("第一网格", "和平社区").Named("孙德胜").Aged(81));
        var community = await kit.CommunityAsync("幸福里社区");
        var meal = await kit.ItemAsync(community, "助餐");
        var hotline = await app.LoggedInClientAsync(Roles.HotlineOperator);

        var refused = await hotline.PostAsJsonAsync("/api/v1/services/orders", new { residentId = elsewhere.Id, serviceItemId = meal });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var bad = await hotline.PostAsJsonAsync("/api/v1/services/orders", new { residentId = here.Id, serviceItemId = meal, channel = "微信" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("请选择来源", (await bad.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors").GetProperty("channel")[0].GetString());
        var created = await hotline.PostAsJsonAsync("/api/v1/services/orders", new { residentId = here.Id, serviceItemId = meal, channel = "热线" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var id = body.GetProperty("id").GetInt64();
        // 残疾 is a sensitive label: the hotline sees the tier, not the rule that names it.
        Assert.Equal("低偿", body.GetProperty("tierName").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("rule").ValueKind);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var read = await lead.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/services/orders/{id}");
        Assert.Equal("残疾人", read.GetProperty("rule").GetString());

        // The cadre of another grid does not find it; the hotline may not act on it.
        var cadre = await kit.AreaAsync(Roles.GridCadre);
        Assert.False(cadre.HasInGrid(Permissions.Services.Read, here.GridId));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.LoggedInClientAsync(Roles.GridCadre)).GetAsync($"/api/v1/services/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hotline.PostAsJsonAsync($"/api/v1/services/orders/{id}/actions", new { action = "cancel", note = "x" })).StatusCode);
        var month = await lead.GetAsync("/api/v1/services/orders?month=2026-13");
        Assert.Equal(HttpStatusCode.BadRequest, month.StatusCode);
        Assert.Contains("月份请写成", (await month.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors").GetProperty("month")[0].GetString());

        var export = await lead.GetAsync($"/api/v1/services/orders/export?resident={here.Id}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var rows = MiniExcelLibs.MiniExcel.Query(await export.Content.ReadAsStreamAsync(), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("钱*兰", Assert.Single(rows)["姓名"]);
        Assert.DoesNotContain(rows[0].Values, v => v?.ToString()?.Contains("残疾", StringComparison.Ordinal) == true);
    }
}
