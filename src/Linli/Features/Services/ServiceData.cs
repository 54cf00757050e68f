using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Services;

/// <summary>无偿 / 低偿 / 有偿: what a resident pays for a service, chosen by the office's eligibility rules. Lower is more favourable.</summary>
public enum PriceTier { Free, Reduced, Paid }

/// <summary>待派单 → 已派单 → 已完成（居民确认） → 已回访; 已取消 before completion.</summary>
public enum OrderState { Registered, Dispatched, Completed, FollowedUp, Cancelled }

/// <summary>
/// One service of a community's catalogue (服务目录): 助餐, 助洁 … with what a resident pays per unit in each tier, in 分
/// (money is kept in whole 分 so sums are exact on both engines). The standard price a provider is paid is the provider's
/// own price for it, or <see cref="PaidPrice"/> when the provider names none.
/// </summary>
public sealed class ServiceItem
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    /// <summary>居家养老, 家政, 小修小补 …</summary>
    public required string Category { get; set; }
    public required string Name { get; set; }
    /// <summary>餐, 次, 小时 …</summary>
    public required string Unit { get; set; }
    public long FreePrice { get; set; }
    public long ReducedPrice { get; set; }
    public long PaidPrice { get; set; }
    public bool Active { get; set; } = true;
    public int SortOrder { get; set; }

    public long PriceOf(PriceTier tier) => tier switch { PriceTier.Free => FreePrice, PriceTier.Reduced => ReducedPrice, _ => PaidPrice };
}

/// <summary>服务商: an organisation that delivers services for a community, with its contact and its prices.</summary>
public sealed class Provider
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required string Name { get; set; }
    public string? Contact { get; set; }
    /// <summary>The organisation's own service number, not a person's: shown as kept.</summary>
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public bool Active { get; set; } = true;
}

/// <summary>A service a provider delivers and the standard price per unit it is paid (分).</summary>
public sealed class ProviderPrice
{
    public required long ProviderId { get; set; }
    public required long ServiceItemId { get; set; }
    public long Price { get; set; }
}

/// <summary>
/// One eligibility rule of a community (资格规则): when every condition it states holds — any of the labels, at least the
/// age, living alone — the resident may have its tier. The most favourable tier of the rules that hold wins
/// (<see cref="Eligibility.Choose"/>).
/// </summary>
public sealed class EligibilityRule
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required string Name { get; set; }
    public PriceTier Tier { get; set; }
    /// <summary>Label codes, comma-separated; the rule holds when the resident has any of them. Empty: no label condition.</summary>
    public string Tags { get; set; } = "";
    public int? MinAge { get; set; }
    /// <summary>Lives alone: the only member of the household, or labelled 独居老人.</summary>
    public bool LivesAlone { get; set; }
    public int SortOrder { get; set; }
    public bool Active { get; set; } = true;
}

/// <summary>
/// 服务单: a service ordered for a resident, priced by the tier their eligibility gave when it was placed (the tier and the
/// rule are kept on the order), dispatched to a provider or a volunteer, completed with the resident's confirmation and
/// followed up (回访) with a satisfaction. Belongs to the resident's grid: scope checks use it.
/// </summary>
public sealed class ServiceOrder
{
    public long Id { get; set; }
    /// <summary>The number read to the caller, e.g. FW-XFL-2026-00012.</summary>
    public required string Number { get; set; }
    public required long CommunityId { get; set; }
    public required long GridId { get; set; }
    public required long ResidentId { get; set; }
    public required string ResidentName { get; set; }
    public required long ServiceItemId { get; set; }
    public required string ServiceName { get; set; }
    public required string Unit { get; set; }
    /// <summary>Units asked for; the actual units on completion.</summary>
    public decimal Quantity { get; set; } = 1;
    public PriceTier Tier { get; set; }
    public long? RuleId { get; set; }
    /// <summary>The rule that chose the tier, as it was named then.</summary>
    public required string RuleName { get; set; }
    /// <summary>The rule reads a sensitive label (低保, 残疾): its name is shown only to those granted sensitive labels there.</summary>
    public bool RuleSensitive { get; set; }
    /// <summary>What the resident pays per unit (分), from the catalogue at the tier.</summary>
    public long ResidentUnitPrice { get; set; }
    /// <summary>What the provider is paid per unit (分), fixed on dispatch; 0 for a volunteer (no fees from those served).</summary>
    public long StandardUnitPrice { get; set; }
    /// <summary>On completion: the resident's share and the subsidy's, in 分.</summary>
    public long ResidentPays { get; set; }
    public long SubsidyPays { get; set; }
    /// <summary>热线, 办公室, 走访.</summary>
    public required string Channel { get; set; }
    public long? CaseId { get; set; }
    public string? CaseReference { get; set; }
    public string? Note { get; set; }
    public DateTime? WantedAt { get; set; }

    public OrderState State { get; set; }
    public required long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public long? ProviderId { get; set; }
    public long? VolunteerId { get; set; }
    public string? VolunteerName { get; set; }
    public DateTime? DispatchedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>响应时长 (placed → first dispatched) and 完成时长 (placed → completed), as ticks: kept so the lists filter and chart by them on both engines.</summary>
    public long ResponseTicks { get; set; }
    public long CompletionTicks { get; set; }
    /// <summary>How the resident confirmed the service (签字, 电话确认 …).</summary>
    public string? Confirmation { get; set; }
    public decimal? VolunteerHours { get; set; }
    /// <summary>回访: 3 满意, 2 基本满意, 1 不满意.</summary>
    public int? Satisfaction { get; set; }
    public string? FeedbackNote { get; set; }
    public DateTime? FollowedUpAt { get; set; }
    public string? CancelReason { get; set; }
    public int Version { get; set; }
}

sealed class ServiceItemConfiguration : IEntityTypeConfiguration<ServiceItem>
{
    public void Configure(EntityTypeBuilder<ServiceItem> b)
    {
        b.ToTable("ServiceItems");
        b.Property(x => x.Category).HasMaxLength(16);
        b.Property(x => x.Name).HasMaxLength(32);
        b.Property(x => x.Unit).HasMaxLength(8);
        b.HasIndex(x => new { x.CommunityId, x.Name }).IsUnique();
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ProviderConfiguration : IEntityTypeConfiguration<Provider>
{
    public void Configure(EntityTypeBuilder<Provider> b)
    {
        b.ToTable("ServiceProviders");
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Contact).HasMaxLength(32);
        b.Property(x => x.Phone).HasMaxLength(32);
        b.Property(x => x.Address).HasMaxLength(200);
        b.HasIndex(x => new { x.CommunityId, x.Name }).IsUnique();
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ProviderPriceConfiguration : IEntityTypeConfiguration<ProviderPrice>
{
    public void Configure(EntityTypeBuilder<ProviderPrice> b)
    {
        b.ToTable("ServiceProviderPrices");
        b.HasKey(x => new { x.ProviderId, x.ServiceItemId });
        b.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ServiceItem>().WithMany().HasForeignKey(x => x.ServiceItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class EligibilityRuleConfiguration : IEntityTypeConfiguration<EligibilityRule>
{
    public void Configure(EntityTypeBuilder<EligibilityRule> b)
    {
        b.ToTable("ServiceEligibilityRules");
        b.Property(x => x.Name).HasMaxLength(32);
        b.Property(x => x.Tier).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Tags).HasMaxLength(400);
        b.HasIndex(x => x.CommunityId);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ServiceOrderConfiguration : IEntityTypeConfiguration<ServiceOrder>
{
    public void Configure(EntityTypeBuilder<ServiceOrder> b)
    {
        b.ToTable("ServiceOrders");
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.ResidentName).HasMaxLength(64);
        b.Property(x => x.ServiceName).HasMaxLength(32);
        b.Property(x => x.Unit).HasMaxLength(8);
        b.Property(x => x.Quantity).HasPrecision(8, 2);
        b.Property(x => x.VolunteerHours).HasPrecision(8, 2);
        b.Property(x => x.Tier).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.RuleName).HasMaxLength(32);
        b.Property(x => x.Channel).HasMaxLength(8);
        b.Property(x => x.CaseReference).HasMaxLength(32);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.VolunteerName).HasMaxLength(64);
        b.Property(x => x.Confirmation).HasMaxLength(32);
        b.Property(x => x.FeedbackNote).HasMaxLength(500);
        b.Property(x => x.CancelReason).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Number).IsUnique();
        // The list: a community's or grid's orders newest first, paged by id.
        b.HasIndex(x => new { x.GridId, x.Id });
        b.HasIndex(x => new { x.CommunityId, x.State, x.Id });
        b.HasIndex(x => new { x.ProviderId, x.CompletedAt });
        b.HasIndex(x => new { x.ResidentId, x.Id });
        b.HasIndex(x => x.CreatedById);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ServiceItem>().WithMany().HasForeignKey(x => x.ServiceItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The office's words for the module's codes.</summary>
public static class ServiceText
{
    public static string Of(PriceTier t) => t switch { PriceTier.Free => "无偿", PriceTier.Reduced => "低偿", _ => "有偿" };
    public static string Of(OrderState s) => s switch
    {
        OrderState.Registered => "待派单", OrderState.Dispatched => "已派单", OrderState.Completed => "已完成待回访",
        OrderState.FollowedUp => "已回访", _ => "已取消",
    };
    public static string Css(OrderState s) => s switch { OrderState.Registered => "due", OrderState.Cancelled => "", _ => "ok" };
    public static string Satisfaction(int? s) => s switch { 3 => "满意", 2 => "基本满意", 1 => "不满意", _ => "—" };
    /// <summary>分 as 元 with two decimals: 1500 → 15.00.</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
    public static readonly IReadOnlyList<string> Channels = ["热线", "办公室", "走访"];
    public static readonly IReadOnlyList<string> Categories = ["居家养老", "家政", "小修小补"];
}
