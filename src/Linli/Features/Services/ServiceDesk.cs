using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>
/// The steps of a service order, shared by the pages and the API: place (priced by the resident's tier), dispatch to a
/// provider or a volunteer, complete with the resident's confirmation (the amounts fixed, a volunteer's hours credited in the same transaction),
/// follow up with a satisfaction, cancel. Each step checks scope, writes the order and one audit row in one transaction.
/// </summary>
public sealed class ServiceDesk(LinliDb db, AuditLog audit, TimeProvider clock, IEnumerable<ICaseLinks> caseLinks, IEnumerable<IVolunteerDesk> volunteers, UiText say)
{
    public sealed class PlaceForm
    {
        public long? ResidentId { get; set; }
        public long? ServiceItemId { get; set; }
        public decimal? Quantity { get; set; }
        public string? Channel { get; set; }
        /// <summary>The 求助 case's reference (XFL-2026-000123), when the order answers one.</summary>
        public string? CaseReference { get; set; }
        public DateTime? WantedAt { get; set; }
        public string? Note { get; set; }
    }

    public sealed class ActForm
    {
        /// <summary>dispatch, complete, feedback, cancel.</summary>
        public string? Action { get; set; }
        public long? ProviderId { get; set; }
        public long? VolunteerId { get; set; }
        public decimal? Quantity { get; set; }
        public string? Confirmation { get; set; }
        public bool Confirmed { get; set; }
        public decimal? Hours { get; set; }
        public int? Satisfaction { get; set; }
        public string? Note { get; set; }
    }

    public sealed record Outcome(ServiceOrder? Order, IReadOnlyDictionary<string, string> Errors)
    {
        public bool Ok => Order is not null && Errors.Count == 0;
        public static Outcome Fail(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });
    }

    /// <summary>The tier a resident would have now, the rule that chose it, and whether the rule's name may be shown to this user.</summary>
    public sealed record Quote(PriceTier Tier, long? RuleId, string RuleName, bool RuleSensitive, bool RuleShown, long CommunityId);

    DateTime Now => clock.GetUtcNow().UtcDateTime;
    DateOnly Today => clock.Today();

    public async Task<Quote?> QuoteAsync(UserArea area, long residentId, CancellationToken ct)
    {
        var r = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Services.Order).Where(x => x.Id == residentId && x.Status == ResidentStatus.Active)
            .Join(db.OrgUnits, x => x.GridId, g => g.Id, (x, g) => new { x.Id, x.GridId, CommunityId = g.ParentId!.Value }).FirstOrDefaultAsync(ct);
        if (r is null) return null;
        var rules = await Eligibility.RulesAsync(db, r.CommunityId, ct);
        var choice = Eligibility.Choose(rules, await Eligibility.FactsAsync(db, r.Id, Today, ct));
        var rule = rules.FirstOrDefault(x => x.Name == choice.RuleName && x.Id == choice.RuleId);
        var sensitive = rule is not null && await Eligibility.IsSensitiveAsync(db, rule, ct);
        return new Quote(choice.Tier, choice.RuleId, choice.RuleName, sensitive, !sensitive || area.HasInGrid(Permissions.Registry.Sensitive, r.GridId), r.CommunityId);
    }

    /// <summary>Places an order; null when the resident is not in the user's scope for ordering.</summary>
    public async Task<Outcome?> PlaceAsync(UserArea area, PlaceForm f, CancellationToken ct)
    {
        if (f.ResidentId is not { } rid) return Outcome.Fail(nameof(f.ResidentId), "请先用查找框找到居民，再下服务单。");
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Services.Order).Where(x => x.Id == rid)
            .Select(x => new { x.Id, x.Name, x.GridId, x.Status }).FirstOrDefaultAsync(ct);
        if (resident is null) return null;
        var errors = new Dictionary<string, string>();
        if (resident.Status != ResidentStatus.Active) errors[nameof(f.ResidentId)] = "该居民已迁出或死亡，不能下服务单。";
        var quote = await QuoteAsync(area, rid, ct);
        var item = f.ServiceItemId is { } sid && quote is not null
            ? await db.Set<ServiceItem>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sid && s.CommunityId == quote.CommunityId && s.Active, ct)
            : null;
        if (item is null) errors[nameof(f.ServiceItemId)] = "请选择服务项目。";
        var quantity = f.Quantity ?? 1;
        if (quantity <= 0 || quantity > 999 || decimal.Round(quantity, 2) != quantity) errors[nameof(f.Quantity)] = "数量须大于0、不超过999，最多两位小数。";
        var channel = string.IsNullOrWhiteSpace(f.Channel) ? "办公室" : f.Channel.Trim();
        if (!ServiceText.Channels.Contains(channel)) errors[nameof(f.Channel)] = "请选择来源：热线、办公室或走访。";
        var note = Clean(f.Note);
        if (note is { Length: > 500 }) errors[nameof(f.Note)] = "备注最多500个字。";
        if (f.WantedAt is { } w && (w < Now.AddDays(-30) || w > Now.AddDays(90))) errors[nameof(f.WantedAt)] = "期望服务时间须在前30天到后90天之内。";
        CaseLink? link = null;
        var reference = Clean(f.CaseReference)?.ToUpperInvariant();
        if (reference is not null)
        {
            if (reference.Length > 32) errors[nameof(f.CaseReference)] = "事件编号最多32个字符。";
            else if (caseLinks.FirstOrDefault() is { } links)
            {
                link = await links.FindAsync(area, reference, ct);
                if (link is null) errors[nameof(f.CaseReference)] = say["没有找到编号为 {0} 的事件，请核对编号。", reference];
                else if (link.ResidentId is { } cr && cr != rid) errors[nameof(f.CaseReference)] = "这个事件的求助人不是所选居民，请核对。";
            }
        }
        if (errors.Count > 0) return new Outcome(null, errors);

        var now = Now;
        var community = await db.OrgUnits.AsNoTracking().FirstAsync(o => o.Id == quote!.CommunityId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var order = new ServiceOrder
        {
            Number = await NextNumberAsync(community, now, ct), CommunityId = community.Id, GridId = resident.GridId, ResidentId = rid, ResidentName = resident.Name,
            ServiceItemId = item!.Id, ServiceName = item.Name, Unit = item.Unit, Quantity = quantity,
            Tier = quote!.Tier, RuleId = quote.RuleId, RuleName = quote.RuleName, RuleSensitive = quote.RuleSensitive,
            ResidentUnitPrice = item.PriceOf(quote.Tier), StandardUnitPrice = item.PaidPrice, Channel = channel,
            CaseId = link?.CaseId, CaseReference = link?.Reference ?? reference, Note = note, WantedAt = f.WantedAt?.ToUniversalTime(),
            State = OrderState.Registered, CreatedById = area.UserId, CreatedAt = now,
        };
        db.Add(order);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ServiceWrite, AuditTarget.ServiceOrder(order.Id), order.GridId,
            $"下服务单 {order.Number} {order.ServiceName}（{ServiceText.Of(order.Tier)}）", ct: ct);
        await tx.CommitAsync(ct);
        return new Outcome(order, new Dictionary<string, string>());
    }

    /// <summary>FW-XFL-2026-00012: the community's code, the year, the next number of that year.</summary>
    async Task<string> NextNumberAsync(OrgUnit community, DateTime now, CancellationToken ct)
    {
        var year = clock.LocalOf(now).Year;
        var prefix = $"FW-{community.Code.Split('-').Last()}-{year}-";
        var last = await db.Set<ServiceOrder>().AsNoTracking().Where(o => o.CommunityId == community.Id && o.Number.StartsWith(prefix))
            .OrderByDescending(o => o.Number).Select(o => o.Number).FirstOrDefaultAsync(ct);
        var next = last is null ? 1 : int.Parse(last[prefix.Length..], CultureInfo.InvariantCulture) + 1;
        return prefix + next.ToString("D5", CultureInfo.InvariantCulture);
    }

    /// <summary>The steps a user may take on an order now; <see cref="ActAsync"/> checks each again.</summary>
    public static IReadOnlyList<string> Available(UserArea area, ServiceOrder o)
    {
        if (!area.HasInGrid(Permissions.Services.Manage, o.GridId)) return [];
        return o.State switch
        {
            OrderState.Registered => ["dispatch", "cancel"],
            OrderState.Dispatched => ["complete", "dispatch", "cancel"],
            OrderState.Completed => ["feedback"],
            _ => [],
        };
    }

    public static string Word(string action) => action switch
    {
        "dispatch" => "派单", "complete" => "完成服务", "feedback" => "回访", "cancel" => "取消服务单", _ => action,
    };

    /// <summary>One step on an order the user sees; null when it is not in the user's scope.</summary>
    public async Task<Outcome?> ActAsync(UserArea area, long id, ActForm f, CancellationToken ct)
    {
        var o = await db.Set<ServiceOrder>().VisibleTo(area).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (o is null) return null;
        if (!area.HasInGrid(Permissions.Services.Manage, o.GridId)) return Outcome.Fail("", "只有社区负责人或社工可以办理服务单。");
        if (f.Action is not { } action || !Available(area, o).Contains(action))
            return Outcome.Fail("", say["服务单{0}，不能{1}。", say[ServiceText.Of(o.State)], say[Word(f.Action ?? "")]]);
        var note = Clean(f.Note);
        if (note is { Length: > 500 }) return Outcome.Fail(nameof(f.Note), "说明最多500个字。");
        var now = Now;
        string said;
        switch (action)
        {
            case "dispatch":
                if (f.ProviderId is { } pid)
                {
                    var provider = await db.Set<Provider>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid && p.CommunityId == o.CommunityId && p.Active, ct);
                    if (provider is null) return Outcome.Fail(nameof(f.ProviderId), "请选择本社区的服务商。");
                    var price = await db.Set<ProviderPrice>().AsNoTracking().Where(p => p.ProviderId == pid && p.ServiceItemId == o.ServiceItemId).Select(p => (long?)p.Price).FirstOrDefaultAsync(ct);
                    if (price is null) return Outcome.Fail(nameof(f.ProviderId), say["{0}不提供{1}，请另选服务商。", provider.Name, o.ServiceName]);
                    // The resident pays the catalogue's price at the tier (again, if a volunteer had it before); the provider its own price.
                    var item = await db.Set<ServiceItem>().AsNoTracking().FirstAsync(s => s.Id == o.ServiceItemId, ct);
                    (o.ProviderId, o.VolunteerId, o.VolunteerName, o.StandardUnitPrice, o.ResidentUnitPrice) = (pid, null, null, price.Value, item.PriceOf(o.Tier));
                    said = $"派给服务商 {provider.Name}";
                }
                else if (f.VolunteerId is { } vid)
                {
                    if (volunteers.FirstOrDefault() is not { } desk) return Outcome.Fail(nameof(f.VolunteerId), "志愿者模块未启用，请派给服务商。");
                    var choice = (await desk.ChoicesAsync(area, o.CommunityId, null, ct)).FirstOrDefault(v => v.VolunteerId == vid);
                    if (choice is null) return Outcome.Fail(nameof(f.VolunteerId), "请选择本社区的志愿者。");
                    // 志愿服务条例: no fees from those served. A volunteer's order costs the resident and the subsidy nothing.
                    (o.ProviderId, o.VolunteerId, o.VolunteerName, o.StandardUnitPrice, o.ResidentUnitPrice) = (null, vid, choice.Name, 0, 0);
                    said = $"派给志愿者 {choice.Name}";
                }
                else return Outcome.Fail(nameof(f.ProviderId), "请选择服务商或志愿者。");
                o.State = OrderState.Dispatched;
                if (o.DispatchedAt is null) (o.DispatchedAt, o.ResponseTicks) = (now, (now - o.CreatedAt).Ticks);
                break;
            case "complete":
                var quantity = f.Quantity ?? o.Quantity;
                if (quantity <= 0 || quantity > 999 || decimal.Round(quantity, 2) != quantity) return Outcome.Fail(nameof(f.Quantity), "实际数量须大于0、不超过999，最多两位小数。");
                if (!f.Confirmed) return Outcome.Fail(nameof(f.Confirmed), "请先请居民确认服务已完成（签字或电话确认），再勾选“居民已确认”。");
                var confirmation = Clean(f.Confirmation) ?? "签字确认";
                if (confirmation.Length > 32) return Outcome.Fail(nameof(f.Confirmation), "确认方式最多32个字。");
                if (o.VolunteerId is not null)
                {
                    if (f.Hours is not { } h || h <= 0 || h > 24 || decimal.Round(h, 1) != h) return Outcome.Fail(nameof(f.Hours), "请填写志愿服务时长（小时，0.1–24，不含路途）。");
                    o.VolunteerHours = h;
                }
                o.Quantity = quantity;
                (o.ResidentPays, o.SubsidyPays) = Amounts(quantity, o.ResidentUnitPrice, o.StandardUnitPrice);
                o.Confirmation = confirmation;
                o.CompletedAt = now;
                o.CompletionTicks = (now - o.CreatedAt).Ticks;
                o.State = OrderState.Completed;
                said = $"完成服务（{confirmation}），居民付 {ServiceText.Yuan(o.ResidentPays)} 元，补贴 {ServiceText.Yuan(o.SubsidyPays)} 元";
                break;
            case "feedback":
                if (f.Satisfaction is not (1 or 2 or 3)) return Outcome.Fail(nameof(f.Satisfaction), "请选择回访满意度：满意、基本满意或不满意。");
                o.Satisfaction = f.Satisfaction;
                o.FeedbackNote = note;
                o.FollowedUpAt = now;
                o.State = OrderState.FollowedUp;
                said = $"回访：{ServiceText.Satisfaction(f.Satisfaction)}";
                break;
            default:
                if (note is null) return Outcome.Fail(nameof(f.Note), "请写明取消原因。");
                o.CancelReason = note;
                o.State = OrderState.Cancelled;
                said = "取消";
                break;
        }
        o.Version++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ServiceWrite, AuditTarget.ServiceOrder(o.Id), o.GridId, $"{Word(action)} {o.Number}：{said}", ct: ct);
        // A volunteer's hours are credited inside the completion's transaction (the volunteer desk joins it): the order is done
        // with its hours or not at all. A credit the desk refuses leaves the order as it was and says why, beside the hours.
        if (action == "complete" && o.VolunteerId is { } volunteer && o.VolunteerHours is { } hours && volunteers.FirstOrDefault() is { } d)
        {
            string? refused;
            try
            {
                await d.CreditAsync(area, new VolunteerHoursEntry(volunteer, clock.LocalDateOf(now),
                    hours, $"{o.ServiceName}（服务单 {o.Number}）", 1, "service-order", o.Id), ct);
                refused = null;
            }
            catch (UnauthorizedAccessException e) { refused = $"服务单未完成：不能为志愿者 {o.VolunteerName} 计入服务时长（{Said(e.Message)}）。请改派本社区的志愿者或服务商后再完成。"; }
            catch (ArgumentException e) { refused = $"服务单未完成：志愿服务时长未能计入（{Said(e.Message)}）。"; }
            if (refused is not null)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return Outcome.Fail(nameof(f.Hours), refused);
            }
        }
        await tx.CommitAsync(ct);
        return new Outcome(o, new Dictionary<string, string>());
    }

    /// <summary>
    /// The resident's share and the subsidy's for <paramref name="quantity"/> units, in 分, each rounded half away from zero:
    /// the resident pays quantity × their price; the subsidy pays the rest of the standard price, never less than nothing.
    /// </summary>
    public static (long Resident, long Subsidy) Amounts(decimal quantity, long residentUnit, long standardUnit)
    {
        var resident = (long)decimal.Round(quantity * residentUnit, 0, MidpointRounding.AwayFromZero);
        var total = (long)decimal.Round(quantity * standardUnit, 0, MidpointRounding.AwayFromZero);
        return (resident, Math.Max(0, total - resident));
    }

    /// <summary>The volunteer desk's sentence without .NET's "(Parameter 'x')" tail and its full stop, to sit inside brackets.</summary>
    static string Said(string message) => message.Split(" (Parameter", 2)[0].TrimEnd('。', '.', ' ');

    static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : new string(s.Trim().Where(c => !char.IsControl(c) || c == '\n').ToArray());
}

/// <summary>Who sees which order, inside the query: the grids where the user reads orders, and the orders the user placed where they may order.</summary>
public static class ServiceScope
{
    public static IQueryable<ServiceOrder> VisibleTo(this IQueryable<ServiceOrder> q, UserArea area)
    {
        var me = area.UserId;
        var read = area.GridsWhere(Permissions.Services.Read);
        var order = area.GridsWhere(Permissions.Services.Order);
        if (read.Count == 0) return q.Where(o => o.CreatedById == me && EF.Parameter(order).Contains(o.GridId));
        // Where the user reads every grid they order in (the office, the cadre), one IN keeps the grid index usable.
        if (order.All(read.Contains)) return q.Where(o => EF.Parameter(read).Contains(o.GridId));
        return q.Where(o => EF.Parameter(read).Contains(o.GridId) || (o.CreatedById == me && EF.Parameter(order).Contains(o.GridId)));
    }
}
