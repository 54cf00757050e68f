using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>
/// What the office sets for its community: the catalogue with its three prices, the eligibility rules, the providers and
/// their prices. Only where the user holds <see cref="Permissions.Services.Manage"/>; every change is one audit row.
/// </summary>
public sealed class ServiceSettings(LinliDb db, AuditLog audit, UiText say)
{
    /// <summary>The catalogue an office starts with (元 per unit: 无偿, 低偿, 有偿).</summary>
    public static readonly IReadOnlyList<(string Category, string Name, string Unit, decimal Reduced, decimal Paid)> DefaultCatalogue =
    [
        ("居家养老", "助餐", "餐", 6, 15), ("居家养老", "助洁", "小时", 20, 40), ("居家养老", "助浴", "次", 30, 60),
        ("居家养老", "助医", "次", 20, 50), ("居家养老", "陪护", "小时", 15, 35), ("居家养老", "代购", "次", 5, 10),
        ("家政", "家政保洁", "小时", 25, 45), ("小修小补", "小修小补", "次", 10, 30),
    ];

    public sealed class ItemForm
    {
        public long? Id { get; set; }
        public string? Category { get; set; }
        public string? Name { get; set; }
        public string? Unit { get; set; }
        public string? FreePrice { get; set; }
        public string? ReducedPrice { get; set; }
        public string? PaidPrice { get; set; }
        public bool Active { get; set; } = true;
    }

    public sealed class RuleForm
    {
        public long? Id { get; set; }
        public string? Name { get; set; }
        public PriceTier? Tier { get; set; }
        public List<string> Tags { get; set; } = [];
        public string? MinAge { get; set; }
        public bool LivesAlone { get; set; }
        public string? SortOrder { get; set; }
        public bool Active { get; set; } = true;
    }

    public sealed class ProviderForm
    {
        public long? Id { get; set; }
        public string? Name { get; set; }
        public string? Contact { get; set; }
        public string? Phone { get; set; }
        public string? Address { get; set; }
        public bool Active { get; set; } = true;
        /// <summary>Service item id → the provider's price in 元 (empty: does not provide it).</summary>
        public Dictionary<long, string?> Prices { get; set; } = [];
    }

    public sealed record Result(bool Ok, IReadOnlyDictionary<string, string> Errors, string? Message = null)
    {
        public static Result Done(string message) => new(true, new Dictionary<string, string>(), message);
        public static Result Fail(string field, string message) => new(false, new Dictionary<string, string> { [field] = message });
    }

    /// <summary>元 typed by a person (15, 15.5, 15.50) as 分; null and an error when it is not a price.</summary>
    public static long? Fen(string? typed, string label, string field, IDictionary<string, string> errors)
    {
        var say = UiText.Shared;
        var t = (typed ?? "").Trim().Replace("元", "", StringComparison.Ordinal);
        if (t.Length == 0) t = "0";
        if (decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan) && yuan >= 0 && yuan <= 100000 && decimal.Round(yuan, 2) == yuan)
            return (long)(yuan * 100);
        errors[field] = say["{0}请填写0到100000之间的金额（元，最多两位小数），如 15 或 6.50。", say[label]];
        return null;
    }

    static bool Manages(UserArea area, OrgUnit community) => area.HasIn(Permissions.Services.Manage, community);

    async Task<OrgUnit?> CommunityAsync(UserArea area, long communityId, CancellationToken ct)
    {
        var c = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == communityId && o.Kind == OrgUnitKind.Community, ct);
        return c is not null && Manages(area, c) ? c : null;
    }

    /// <summary>Fills an empty community with the default catalogue and rules (载入默认目录和规则).</summary>
    public async Task<Result?> LoadDefaultsAsync(UserArea area, long communityId, CancellationToken ct)
    {
        if (await CommunityAsync(area, communityId, ct) is not { } c) return null;
        if (await db.Set<ServiceItem>().AnyAsync(s => s.CommunityId == c.Id, ct)) return Result.Fail("", "本社区已有服务目录，不再载入默认目录。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.AddRange(DefaultItems(c.Id));
        if (!await db.Set<EligibilityRule>().AnyAsync(r => r.CommunityId == c.Id, ct)) db.AddRange(DefaultRules(c.Id));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ServiceWrite, new AuditTarget(AuditTargets.OrgUnit, c.Id), c.Id, $"载入默认服务目录和资格规则：{c.Name}", ct: ct);
        await tx.CommitAsync(ct);
        return Result.Done("已载入默认服务目录和资格规则。");
    }

    public static IEnumerable<ServiceItem> DefaultItems(long communityId) => DefaultCatalogue.Select((d, i) => new ServiceItem
    {
        CommunityId = communityId, Category = d.Category, Name = d.Name, Unit = d.Unit, FreePrice = 0, ReducedPrice = (long)(d.Reduced * 100), PaidPrice = (long)(d.Paid * 100), SortOrder = i + 1,
    });

    public static IEnumerable<EligibilityRule> DefaultRules(long communityId) => Eligibility.Defaults.Select(r => new EligibilityRule
    {
        CommunityId = communityId, Name = r.Name, Tier = r.Tier, Tags = string.Join(",", r.Tags), MinAge = r.MinAge, LivesAlone = r.LivesAlone, SortOrder = r.SortOrder,
    });

    public async Task<Result?> SaveItemAsync(UserArea area, long communityId, ItemForm f, CancellationToken ct)
    {
        if (await CommunityAsync(area, communityId, ct) is not { } c) return null;
        var errors = new Dictionary<string, string>();
        var name = (f.Name ?? "").Trim();
        if (name.Length is 0 or > 32) errors[nameof(f.Name)] = "服务名称必填，最多32个字。";
        var category = (f.Category ?? "").Trim();
        if (category.Length is 0 or > 16) errors[nameof(f.Category)] = "服务类别必填，最多16个字。";
        var unit = (f.Unit ?? "").Trim();
        if (unit.Length is 0 or > 8) errors[nameof(f.Unit)] = "计量单位必填（如 次、小时、餐），最多8个字。";
        var free = Fen(f.FreePrice, "无偿价格", nameof(f.FreePrice), errors);
        var reduced = Fen(f.ReducedPrice, "低偿价格", nameof(f.ReducedPrice), errors);
        var paid = Fen(f.PaidPrice, "有偿价格", nameof(f.PaidPrice), errors);
        if (errors.Count == 0 && !(free <= reduced && reduced <= paid)) errors[nameof(f.ReducedPrice)] = "价格须满足：无偿 ≤ 低偿 ≤ 有偿。";
        if (errors.Count == 0 && await db.Set<ServiceItem>().AnyAsync(s => s.CommunityId == c.Id && s.Name == name && s.Id != (f.Id ?? 0), ct))
            errors[nameof(f.Name)] = say["本社区已有名为“{0}”的服务。", name];
        if (errors.Count > 0) return new Result(false, errors);
        ServiceItem item;
        if (f.Id is { } id)
        {
            var found = await db.Set<ServiceItem>().FirstOrDefaultAsync(s => s.Id == id && s.CommunityId == c.Id, ct);
            if (found is null) return null;
            item = found;
        }
        else
        {
            item = new ServiceItem { CommunityId = c.Id, Category = category, Name = name, Unit = unit, SortOrder = await db.Set<ServiceItem>().CountAsync(s => s.CommunityId == c.Id, ct) + 1 };
            db.Add(item);
        }
        (item.Category, item.Name, item.Unit, item.FreePrice, item.ReducedPrice, item.PaidPrice, item.Active) = (category, name, unit, free!.Value, reduced!.Value, paid!.Value, f.Active);
        return await SaveAsync(c, $"服务目录：{name} 无偿{ServiceText.Yuan(item.FreePrice)} 低偿{ServiceText.Yuan(item.ReducedPrice)} 有偿{ServiceText.Yuan(item.PaidPrice)}{(f.Active ? "" : "（停用）")}", ct);
    }

    public async Task<Result?> SaveRuleAsync(UserArea area, long communityId, RuleForm f, CancellationToken ct)
    {
        if (await CommunityAsync(area, communityId, ct) is not { } c) return null;
        var errors = new Dictionary<string, string>();
        var name = (f.Name ?? "").Trim();
        if (name.Length is 0 or > 32) errors[nameof(f.Name)] = "规则名称必填，最多32个字。";
        if (f.Tier is null) errors[nameof(f.Tier)] = "请选择规则给出的收费类别。";
        int? minAge = null;
        if (!string.IsNullOrWhiteSpace(f.MinAge))
        {
            if (int.TryParse(f.MinAge.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a is >= 0 and <= 120) minAge = a;
            else errors[nameof(f.MinAge)] = "年龄请填写0到120之间的整数。";
        }
        var order = 0;
        if (!string.IsNullOrWhiteSpace(f.SortOrder) && !int.TryParse(f.SortOrder.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out order))
            errors[nameof(f.SortOrder)] = "顺序请填写非负整数。";
        var known = await db.Tags.AsNoTracking().Select(t => t.Code).ToListAsync(ct);
        var tags = f.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct().ToList();
        // 特困 may not be a label yet; the default rule keeps it so that the benefits module's label counts when it comes.
        if (tags.Any(t => !known.Contains(t) && t != Eligibility.ExtremeHardshipTag)) errors[nameof(f.Tags)] = "所选标签不存在，请重新选择。";
        if (errors.Count == 0 && tags.Count == 0 && minAge is null && !f.LivesAlone && f.Tier != PriceTier.Paid)
            errors[nameof(f.Tags)] = "减免规则至少要有一个条件：标签、年龄或独居。";
        if (errors.Count > 0) return new Result(false, errors);
        EligibilityRule rule;
        var existing = await db.Set<EligibilityRule>().AnyAsync(r => r.CommunityId == c.Id, ct);
        // The first change of a community that still runs on the defaults makes the defaults its own rules first.
        if (!existing) { db.AddRange(DefaultRules(c.Id)); await db.SaveChangesAsync(ct); }
        if (f.Id is { } id)
        {
            var found = await db.Set<EligibilityRule>().FirstOrDefaultAsync(r => r.Id == id && r.CommunityId == c.Id, ct);
            if (found is null) return null;
            rule = found;
        }
        else
        {
            rule = new EligibilityRule { CommunityId = c.Id, Name = name };
            db.Add(rule);
        }
        (rule.Name, rule.Tier, rule.Tags, rule.MinAge, rule.LivesAlone, rule.SortOrder, rule.Active) = (name, f.Tier!.Value, string.Join(",", tags), minAge, f.LivesAlone, order, f.Active);
        return await SaveAsync(c, $"资格规则：{name} → {ServiceText.Of(rule.Tier)}{(f.Active ? "" : "（停用）")}", ct);
    }

    public async Task<Result?> SaveProviderAsync(UserArea area, long communityId, ProviderForm f, CancellationToken ct)
    {
        if (await CommunityAsync(area, communityId, ct) is not { } c) return null;
        var errors = new Dictionary<string, string>();
        var name = (f.Name ?? "").Trim();
        if (name.Length is 0 or > 64) errors[nameof(f.Name)] = "服务商名称必填，最多64个字。";
        var contact = (f.Contact ?? "").Trim();
        if (contact.Length > 32) errors[nameof(f.Contact)] = "联系人最多32个字。";
        var phone = (f.Phone ?? "").Trim();
        if (phone.Length > 0 && (phone.Length > 20 || !phone.All(ch => char.IsAsciiDigit(ch) || ch is '-' or ' ')))
            errors[nameof(f.Phone)] = "联系电话只能有数字和“-”，最多20位。";
        var address = (f.Address ?? "").Trim();
        if (address.Length > 200) errors[nameof(f.Address)] = "地址最多200个字。";
        var items = await db.Set<ServiceItem>().AsNoTracking().Where(s => s.CommunityId == c.Id).ToDictionaryAsync(s => s.Id, ct);
        var prices = new Dictionary<long, long>();
        foreach (var (itemId, typed) in f.Prices)
        {
            if (string.IsNullOrWhiteSpace(typed)) continue;
            if (!items.TryGetValue(itemId, out var item)) { errors[nameof(f.Prices)] = "所选服务项目不在本社区目录中。"; continue; }
            if (Fen(typed, say["{0}的结算价", item.Name], $"Prices[{itemId}]", errors) is { } fen) prices[itemId] = fen;
        }
        if (errors.Count == 0 && await db.Set<Provider>().AnyAsync(p => p.CommunityId == c.Id && p.Name == name && p.Id != (f.Id ?? 0), ct))
            errors[nameof(f.Name)] = say["本社区已有名为“{0}”的服务商。", name];
        if (errors.Count > 0) return new Result(false, errors);
        Provider provider;
        if (f.Id is { } id)
        {
            var found = await db.Set<Provider>().FirstOrDefaultAsync(p => p.Id == id && p.CommunityId == c.Id, ct);
            if (found is null) return null;
            provider = found;
        }
        else
        {
            provider = new Provider { CommunityId = c.Id, Name = name };
            db.Add(provider);
        }
        (provider.Name, provider.Contact, provider.Phone, provider.Address, provider.Active) = (name, contact.Length == 0 ? null : contact, phone.Length == 0 ? null : phone, address.Length == 0 ? null : address, f.Active);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await db.Set<ProviderPrice>().Where(p => p.ProviderId == provider.Id).ExecuteDeleteAsync(ct);
        db.AddRange(prices.Select(p => new ProviderPrice { ProviderId = provider.Id, ServiceItemId = p.Key, Price = p.Value }));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ServiceWrite, new AuditTarget(AuditTargets.OrgUnit, c.Id), c.Id,
            $"服务商：{name}，{prices.Count}项服务{(f.Active ? "" : "（停用）")}", ct: ct);
        await tx.CommitAsync(ct);
        return Result.Done(say["已保存服务商“{0}”。", name]);
    }

    async Task<Result> SaveAsync(OrgUnit community, string what, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ServiceWrite, new AuditTarget(AuditTargets.OrgUnit, community.Id), community.Id, $"{what}", ct: ct);
        await tx.CommitAsync(ct);
        return Result.Done("已保存。");
    }
}
