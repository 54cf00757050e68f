using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>The ledger subject of this module: one row per service order completed in the ledger's period.</summary>
public static class ServiceLedgerSubject
{
    public const string Order = "service-order";
}

/// <summary>
/// The rows of <see cref="ServiceLedgerSubject.Order"/>: the orders completed (or followed up) in the period, in the unit, that
/// the user reads, by completion time. <see cref="LedgerFilter.Kinds"/> are service names (助餐, 助洁 …).
/// </summary>
public sealed class ServiceLedgerRows(LinliDb db, TimeProvider clock) : ILedgerRows
{
    public string Subject => ServiceLedgerSubject.Order;
    public string Name => "服务单";
    public string Permission => Permissions.Services.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        var grids = scope.Area.GridsWhere(Permissions.Services.Read);
        var (from, to) = (clock.UtcStartOf(scope.From), clock.UtcStartOf(scope.To.AddDays(1)));
        var q = db.Set<ServiceOrder>().AsNoTracking()
            .Where(o => EF.Parameter(grids).Contains(o.GridId) && (o.GridId == scope.UnitId || o.CommunityId == scope.UnitId)
                && o.CompletedAt >= from && o.CompletedAt < to && (o.State == OrderState.Completed || o.State == OrderState.FollowedUp));
        if (filter.Kinds is { Count: > 0 } kinds) q = q.Where(o => kinds.Contains(o.ServiceName));
        return await q.OrderBy(o => o.CompletedAt).ThenBy(o => o.Id).Select(o => o.Id).ToListAsync(ct);
    }
}

/// <summary>The fields a service order offers to ledgers.</summary>
public sealed class ServiceLedgerFields(LinliDb db, TimeProvider clock) : ILedgerFields
{
    static LedgerField F(string key, string name, LedgerValueKind kind, params string[] words) => new("services." + key, name, ServiceLedgerSubject.Order, kind, words);

    public static readonly IReadOnlyList<LedgerField> All =
    [
        F("number", "服务单号", LedgerValueKind.Text, "服务单号", "单号", "编号"),
        F("resident-name", "姓名", LedgerValueKind.Text, "姓名", "服务对象", "老人姓名"),
        F("grid", "居民组", LedgerValueKind.Text, "居民组", "网格", "所属网格"),
        F("service", "服务项目", LedgerValueKind.Text, "服务项目", "服务内容", "项目"),
        F("quantity", "数量", LedgerValueKind.Amount, "数量", "服务数量", "次数"),
        F("unit", "单位", LedgerValueKind.Text, "单位"),
        F("tier", "收费类别", LedgerValueKind.Text, "收费类别", "服务类别", "无偿/低偿/有偿"),
        F("rule", "减免依据", LedgerValueKind.Text, "减免依据", "资格依据") with { Grant = Permissions.Registry.Sensitive },
        F("done-by", "服务提供方", LedgerValueKind.Text, "服务商", "服务提供方", "服务人员", "志愿者"),
        F("completed", "服务日期", LedgerValueKind.Date, "服务日期", "完成日期", "日期"),
        F("resident-pays", "个人支付（元）", LedgerValueKind.Money, "个人支付", "自付金额", "个人承担"),
        F("subsidy-pays", "补贴金额（元）", LedgerValueKind.Money, "补贴金额", "政府补贴", "补贴"),
        F("satisfaction", "回访满意度", LedgerValueKind.Text, "满意度", "回访满意度", "回访情况"),
    ];

    public IReadOnlyList<LedgerField> Fields => All;

    public async Task<IReadOnlyDictionary<long, object?[]>> ValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, IReadOnlyCollection<long> rowIds, CancellationToken ct)
    {
        var grids = scope.Area.GridsWhere(Permissions.Services.Read);
        var ids = rowIds.ToList();
        var rows = await db.Set<ServiceOrder>().AsNoTracking().Where(o => ids.Contains(o.Id) && EF.Parameter(grids).Contains(o.GridId))
            .Select(o => new
            {
                o.Id, o.Number, o.ResidentName, o.GridId, o.ServiceName, o.Quantity, o.Unit, o.Tier, o.RuleName, o.CompletedAt, o.ResidentPays, o.SubsidyPays, o.Satisfaction,
                DoneBy = db.Set<Provider>().Where(p => p.Id == o.ProviderId).Select(p => p.Name).FirstOrDefault() ?? o.VolunteerName,
                Grid = db.OrgUnits.Where(g => g.Id == o.GridId).Select(g => g.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => fields.Select(f => (object?)(f.Key switch
        {
            "services.number" => r.Number,
            "services.resident-name" => r.ResidentName,
            "services.grid" => r.Grid,
            "services.service" => r.ServiceName,
            "services.quantity" => r.Quantity,
            "services.unit" => r.Unit,
            "services.tier" => ServiceText.Of(r.Tier),
            "services.rule" => r.RuleName,
            "services.done-by" => r.DoneBy,
            "services.completed" => r.CompletedAt is { } c ? clock.LocalDateOf(c) : null,
            "services.resident-pays" => r.ResidentPays / 100m,
            "services.subsidy-pays" => r.SubsidyPays / 100m,
            "services.satisfaction" => r.Satisfaction is null ? null : ServiceText.Satisfaction(r.Satisfaction),
            _ => null,
        })).ToArray());
    }
}

/// <summary>
/// 居家养老服务记录 (民政, monthly): the register the office keeps of home services delivered. ledger-layouts.txt lists no
/// such register, so the columns are the ones 民政's subsidy settlement asks for; 居民签字 is typed (signed on paper).
/// </summary>
public sealed class ServiceLedgerDeclarations : ILedgerDeclarations
{
    public IReadOnlyList<LedgerDeclaration> Ledgers { get; } =
    [
        new("services.home-care-record", "民政", "居家养老服务记录", "monthly", 25, ServiceLedgerSubject.Order, LedgerFilter.None,
        [
            new("服务单号", "services.number"), new("姓名", "services.resident-name"), new("居民组", "services.grid"), new("服务项目", "services.service"),
            new("数量", "services.quantity"), new("单位", "services.unit"), new("收费类别", "services.tier"), new("服务提供方", "services.done-by"),
            new("服务日期", "services.completed"), new("个人支付（元）", "services.resident-pays"), new("补贴金额（元）", "services.subsidy-pays"),
            new("回访满意度", "services.satisfaction"), new("居民签字", null),
        ]),
    ];
}
