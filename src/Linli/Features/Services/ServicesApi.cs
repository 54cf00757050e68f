using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>/api/v1/services: orders (list, one, place, act, export masked), the tier a resident would have, the catalogue, rules, providers, numbers and the settlement.</summary>
public static class ServicesApi
{
    public sealed record OrderDto(long Id, string Number, long CommunityId, long GridId, long ResidentId, string ResidentName, long ServiceItemId, string ServiceName,
        decimal Quantity, string Unit, PriceTier Tier, string TierName, string? Rule, OrderState State, string StateName, string Channel, string? CaseReference,
        decimal ResidentUnitPrice, decimal StandardUnitPrice, decimal ResidentPays, decimal SubsidyPays, long? ProviderId, long? VolunteerId, string? VolunteerName,
        DateTime CreatedAt, DateTime? DispatchedAt, DateTime? CompletedAt, string? Confirmation, decimal? VolunteerHours, int? Satisfaction, string? FeedbackNote, int Version)
    {
        public static OrderDto From(ServiceOrder o, bool ruleShown) => new(o.Id, o.Number, o.CommunityId, o.GridId, o.ResidentId, o.ResidentName, o.ServiceItemId, o.ServiceName,
            o.Quantity, o.Unit, o.Tier, ServiceText.Of(o.Tier), ruleShown ? o.RuleName : null, o.State, ServiceText.Of(o.State), o.Channel, o.CaseReference,
            o.ResidentUnitPrice / 100m, o.StandardUnitPrice / 100m, o.ResidentPays / 100m, o.SubsidyPays / 100m, o.ProviderId, o.VolunteerId, o.VolunteerName,
            o.CreatedAt, o.DispatchedAt, o.CompletedAt, o.Confirmation, o.VolunteerHours, o.Satisfaction, o.FeedbackNote, o.Version);
    }

    public sealed record RowDto(long Id, string Number, string ResidentName, string Grid, string ServiceName, decimal Quantity, string Unit, string Tier, string? Rule,
        string State, string? DoneBy, DateTime CreatedAt, DateTime? CompletedAt, decimal ResidentPays, decimal SubsidyPays, int? Satisfaction);
    public sealed record PageDto(IReadOnlyList<RowDto> Rows, long? Next, IReadOnlyList<ServiceLists.Count> ByState);
    public sealed record QuoteDto(PriceTier Tier, string TierName, string? Rule, IReadOnlyList<ItemDto> Prices);
    public sealed record ItemDto(long Id, string Category, string Name, string Unit, decimal FreePrice, decimal ReducedPrice, decimal PaidPrice, bool Active);
    public sealed record RuleDto(long? Id, string Name, PriceTier Tier, IReadOnlyList<string> Tags, int? MinAge, bool LivesAlone, int SortOrder);
    public sealed record ProviderDto(long Id, string Name, string? Contact, string? Phone, string? Address, bool Active, IReadOnlyDictionary<string, decimal> Prices);
    public sealed record SettlementDto(long ProviderId, string Provider, int Orders, decimal ResidentPays, decimal SubsidyPays, decimal Total,
        IReadOnlyList<SettlementLineDto> Lines);
    public sealed record SettlementLineDto(string Service, string Tier, int Orders, decimal Quantity, decimal ResidentPays, decimal SubsidyPays);

    public static RouteGroupBuilder MapServicesApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/services").WithTags("Services").RequireAuthorization(ServicePolicies.AnyServiceWork);
        g.MapGet("/orders", List).WithSummary("服务单列表：unit、state、tier、service、provider、month(yyyy-MM)、resident、satisfaction、time(r:0-4 / c:24-72 …)；新的在前，按 after（id）翻页");
        g.MapGet("/orders/{id:long}", Get).WithSummary("一张服务单");
        g.MapPost("/orders", Place).RequireAuthorization(Permissions.Services.Order)
            .WithSummary("下服务单：residentId、serviceItemId、quantity、channel（热线/办公室/走访）、caseReference（求助事件编号）；收费类别按资格规则确定");
        g.MapPost("/orders/{id:long}/actions", Act).RequireAuthorization(Permissions.Services.Manage)
            .WithSummary("办理服务单：action = dispatch（providerId 或 volunteerId）、complete（quantity、confirmed、confirmation、hours）、feedback（satisfaction 1–3）、cancel（note）");
        g.MapGet("/orders/export", Export).RequireAuthorization(Permissions.Services.Read).WithSummary("按筛选条件导出服务单（xlsx，姓名脱敏，不含减免依据）");
        g.MapGet("/quote", QuoteFor).RequireAuthorization(Permissions.Services.Order).WithSummary("居民现在的收费类别、确定它的规则，以及各服务项目的价格");
        g.MapGet("/catalogue", Catalogue).WithSummary("社区的服务目录（元/单位：无偿、低偿、有偿）");
        g.MapGet("/rules", Rules).WithSummary("社区的资格规则（未设置时为默认规则）");
        g.MapGet("/providers", Providers).WithSummary("社区的服务商及其结算价（元/单位）");
        g.MapGet("/numbers", NumbersOf).RequireAuthorization(Permissions.Services.Read).WithSummary("服务单统计：按服务、收费类别、网格；响应与完成时长；满意度");
        g.MapGet("/settlement", Settlement).RequireAuthorization(Permissions.Services.Read).WithSummary("服务商月度结算：month（yyyy-MM）、community；居民支付与补贴金额");
        return api;
    }

    static async Task<Results<Ok<PageDto>, ValidationProblem>> List(HttpContext http, CurrentUser me, ServiceLists lists, CancellationToken ct, long? after = null, int limit = 50)
    {
        var errors = new Dictionary<string, string>();
        var f = ServiceLists.Parse(http.Request.Query, errors);
        if (errors.Count > 0) return Invalid(errors);
        var area = await me.AreaAsync(ct);
        var page = await lists.PageAsync(area, f, after, Math.Clamp(limit, 1, 500), ct);
        return TypedResults.Ok(new PageDto(page.Rows.Select(r => new RowDto(r.Id, r.Number, r.ResidentName, r.Grid, r.ServiceName, r.Quantity, r.Unit, ServiceText.Of(r.Tier),
            r.RuleShown ? r.RuleName : null, ServiceText.Of(r.State), r.DoneBy, r.CreatedAt, r.CompletedAt, r.ResidentPays / 100m, r.SubsidyPays / 100m, r.Satisfaction)).ToList(),
            page.Next, await lists.ByStateAsync(area, f, ct)));
    }

    static async Task<Results<Ok<OrderDto>, NotFound>> Get(long id, CurrentUser me, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var o = await db.Set<ServiceOrder>().AsNoTracking().VisibleTo(area).FirstOrDefaultAsync(x => x.Id == id, ct);
        return o is null ? TypedResults.NotFound() : TypedResults.Ok(OrderDto.From(o, RuleShown(area, o)));
    }

    public static bool RuleShown(UserArea area, ServiceOrder o) => !o.RuleSensitive || area.HasInGrid(Permissions.Registry.Sensitive, o.GridId);

    static async Task<Results<Created<OrderDto>, NotFound, ValidationProblem>> Place(ServiceDesk.PlaceForm body, CurrentUser me, ServiceDesk desk, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await desk.PlaceAsync(area, body, ct);
        if (outcome is null) return TypedResults.NotFound();
        if (!outcome.Ok) return Invalid(outcome.Errors);
        return TypedResults.Created($"/api/v1/services/orders/{outcome.Order!.Id}", OrderDto.From(outcome.Order, RuleShown(area, outcome.Order)));
    }

    static async Task<Results<Ok<OrderDto>, NotFound, ValidationProblem>> Act(long id, ServiceDesk.ActForm body, CurrentUser me, ServiceDesk desk, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await desk.ActAsync(area, id, body, ct);
        if (outcome is null) return TypedResults.NotFound();
        if (!outcome.Ok) return Invalid(outcome.Errors);
        return TypedResults.Ok(OrderDto.From(outcome.Order!, RuleShown(area, outcome.Order!)));
    }

    static async Task<Results<Ok<QuoteDto>, NotFound, ProblemHttpResult>> QuoteFor(long? residentId, CurrentUser me, ServiceDesk desk, LinliDb db, CancellationToken ct)
    {
        if (residentId is not { } rid) return TypedResults.Problem("请用 residentId 参数指明居民。", statusCode: StatusCodes.Status400BadRequest);
        var area = await me.AreaAsync(ct);
        if (await desk.QuoteAsync(area, rid, ct) is not { } q) return TypedResults.NotFound();
        var items = await db.Set<ServiceItem>().AsNoTracking().Where(s => s.CommunityId == q.CommunityId && s.Active).OrderBy(s => s.SortOrder).ToListAsync(ct);
        return TypedResults.Ok(new QuoteDto(q.Tier, ServiceText.Of(q.Tier), q.RuleShown ? q.RuleName : null, items.Select(Item).ToList()));
    }

    static ItemDto Item(ServiceItem s) => new(s.Id, s.Category, s.Name, s.Unit, s.FreePrice / 100m, s.ReducedPrice / 100m, s.PaidPrice / 100m, s.Active);

    static async Task<Results<Ok<List<ItemDto>>, NotFound>> Catalogue(long? community, CurrentUser me, LinliDb db, CancellationToken ct) =>
        await CommunityAsync(me, db, community, ct) is { } c
            ? TypedResults.Ok((await db.Set<ServiceItem>().AsNoTracking().Where(s => s.CommunityId == c).OrderBy(s => s.SortOrder).ThenBy(s => s.Id).ToListAsync(ct)).Select(Item).ToList())
            : TypedResults.NotFound();

    static async Task<Results<Ok<List<RuleDto>>, NotFound>> Rules(long? community, CurrentUser me, LinliDb db, CancellationToken ct) =>
        await CommunityAsync(me, db, community, ct) is { } c
            ? TypedResults.Ok((await Eligibility.RulesAsync(db, c, ct)).Select(r => new RuleDto(r.Id, r.Name, r.Tier, r.Tags, r.MinAge, r.LivesAlone, r.SortOrder)).ToList())
            : TypedResults.NotFound();

    static async Task<Results<Ok<List<ProviderDto>>, NotFound>> Providers(long? community, CurrentUser me, LinliDb db, CancellationToken ct)
    {
        if (await CommunityAsync(me, db, community, ct) is not { } c) return TypedResults.NotFound();
        var providers = await db.Set<Provider>().AsNoTracking().Where(p => p.CommunityId == c).OrderBy(p => p.Name).ToListAsync(ct);
        var ids = providers.Select(p => p.Id).ToList();
        var prices = await db.Set<ProviderPrice>().AsNoTracking().Where(p => ids.Contains(p.ProviderId))
            .Join(db.Set<ServiceItem>(), p => p.ServiceItemId, s => s.Id, (p, s) => new { p.ProviderId, s.Name, p.Price }).ToListAsync(ct);
        return TypedResults.Ok(providers.Select(p => new ProviderDto(p.Id, p.Name, p.Contact, p.Phone, p.Address, p.Active,
            prices.Where(x => x.ProviderId == p.Id).ToDictionary(x => x.Name, x => x.Price / 100m))).ToList());
    }

    static async Task<Results<Ok<ServiceLists.Numbers>, ValidationProblem>> NumbersOf(HttpContext http, CurrentUser me, ServiceLists lists, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var f = ServiceLists.Parse(http.Request.Query, errors);
        if (errors.Count > 0) return Invalid(errors);
        return TypedResults.Ok(await lists.NumbersAsync(await me.AreaAsync(ct), f, ct));
    }

    static async Task<Results<Ok<List<SettlementDto>>, NotFound, ValidationProblem>> Settlement(string? month, long? community, CurrentUser me, LinliDb db, ServiceLists lists, CancellationToken ct)
    {
        if (month is null || !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            return Invalid(new Dictionary<string, string> { ["month"] = "请用 month 参数指明月份，如 2026-11。" });
        if (await CommunityAsync(me, db, community, ct) is not { } c) return TypedResults.NotFound();
        var rows = await lists.SettlementAsync(await me.AreaAsync(ct), c, month, ct);
        return TypedResults.Ok(rows.Select(r => new SettlementDto(r.ProviderId, r.Provider, r.Orders, r.ResidentPays / 100m, r.SubsidyPays / 100m, r.Total / 100m,
            r.Lines.Select(l => new SettlementLineDto(l.Service, ServiceText.Of(l.Tier), l.Orders, l.Quantity, l.ResidentPays / 100m, l.SubsidyPays / 100m)).ToList())).ToList());
    }

    static async Task<Results<FileContentHttpResult, ValidationProblem>> Export(HttpContext http, CurrentUser me, ServiceLists lists, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var f = ServiceLists.Parse(http.Request.Query, errors);
        if (errors.Count > 0) return Invalid(errors);
        var area = await me.AreaAsync(ct);
        var bytes = await ServiceExport.WriteAsync(lists, area, f, clock.LocalTimeZone, ct);
        await audit.WriteAsync(AuditActions.Export, null, f.Unit, $"导出服务单（姓名脱敏）：{bytes.Rows} 条", ct: ct);
        return TypedResults.File(bytes.Content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"服务单-{clock.GetLocalNow():yyyyMMdd}.xlsx");
    }

    /// <summary>The one community a request is about: the one named (where the user works with services), or the user's only one.</summary>
    public static async Task<long?> CommunityAsync(CurrentUser me, LinliDb db, long? community, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var mine = await CommunitiesAsync(db, area, ct);
        if (community is { } c) return mine.Any(m => m.Id == c) ? c : null;
        return mine.Count == 1 ? mine[0].Id : null;
    }

    /// <summary>The communities in which the user reads or places orders, in the office's order.</summary>
    public static async Task<IReadOnlyList<OrgUnit>> CommunitiesAsync(LinliDb db, UserArea area, CancellationToken ct)
    {
        var grids = area.GridsWhere(Permissions.Services.Read).Concat(area.GridsWhere(Permissions.Services.Order)).Distinct().ToList();
        var ids = await db.OrgUnits.AsNoTracking().Where(g => grids.Contains(g.Id)).Select(g => g.ParentId!.Value).Distinct().ToListAsync(ct);
        return await db.OrgUnits.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).ToListAsync(ct);
    }

    static ValidationProblem Invalid(IReadOnlyDictionary<string, string> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key.Length == 0 ? "order" : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }), title: "服务单有误");
}

/// <summary>The order list as xlsx: names masked (王*明), no rule (it may name a sensitive label), texts that could run as formulas neutralised.</summary>
public static class ServiceExport
{
    public const int Limit = 20000;

    public static async Task<(byte[] Content, int Rows)> WriteAsync(ServiceLists lists, UserArea area, ServiceLists.Filter f, TimeZoneInfo zone, CancellationToken ct)
    {
        var page = await lists.PageAsync(area, f, null, Limit, ct);
        static string Safe(string s) => s.Length > 0 && s[0] is '=' or '+' or '-' or '@' ? "'" + s : s;
        var rows = page.Rows.Select(r => new Dictionary<string, object?>
        {
            ["服务单号"] = r.Number, ["姓名"] = Safe(RegistryAuditNames.MaskedName(r.ResidentName)), ["居民组"] = r.Grid, ["服务项目"] = r.ServiceName,
            ["数量"] = r.Quantity, ["单位"] = r.Unit, ["收费类别"] = ServiceText.Of(r.Tier), ["状态"] = ServiceText.Of(r.State), ["服务提供方"] = Safe(r.DoneBy ?? ""),
            ["下单时间"] = zone.LocalOf(r.CreatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            ["完成时间"] = r.CompletedAt is { } c ? zone.LocalOf(c).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
            ["个人支付（元）"] = r.ResidentPays / 100m, ["补贴金额（元）"] = r.SubsidyPays / 100m, ["满意度"] = r.Satisfaction is null ? "" : ServiceText.Satisfaction(r.Satisfaction),
        }).ToList();
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: "服务单", cancellationToken: ct);
        return (stream.ToArray(), rows.Count);
    }
}
