using Linli.Data;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>
/// Which tier a resident's service is priced at, and the rule that chose it. One pure function (<see cref="Choose"/>)
/// over the resident's facts — age, labels, living alone — and the community's rules; the facts are read from the
/// registry by <see cref="FactsAsync"/>. A community that has set no rules uses <see cref="Defaults"/>:
/// 低保/特困 → 无偿; 80 岁以上独居 or 残疾 → 低偿; everyone else 有偿.
/// </summary>
public static class Eligibility
{
    public sealed record Facts(int? Age, IReadOnlySet<string> Tags, bool LivesAlone);

    public sealed record Rule(long? Id, string Name, PriceTier Tier, IReadOnlyList<string> Tags, int? MinAge, bool LivesAlone, int SortOrder = 0)
    {
        public static Rule From(EligibilityRule r) => new(r.Id, r.Name, r.Tier,
            SplitTags(r.Tags).Select(t => t == LegacyExtremeHardshipTag ? ExtremeHardshipTag : t).Distinct().ToList(), r.MinAge, r.LivesAlone, r.SortOrder);

        /// <summary>Every condition the rule states holds (a rule that states none holds for everyone).</summary>
        public bool Holds(Facts f) =>
            (Tags.Count == 0 || Tags.Any(f.Tags.Contains))
            && (MinAge is not { } min || f.Age >= min)
            && (!LivesAlone || f.LivesAlone);

        /// <summary>The rule in words: 低保户或特困人员; 80岁以上、独居.</summary>
        public string Describe(IReadOnlyDictionary<string, string> tagNames)
        {
            var parts = new List<string>();
            if (Tags.Count > 0) parts.Add(string.Join("或", Tags.Select(t => tagNames.GetValueOrDefault(t, t))));
            if (MinAge is { } a) parts.Add($"{a}岁以上");
            if (LivesAlone) parts.Add("独居");
            return parts.Count == 0 ? "所有居民" : string.Join("、", parts);
        }
    }

    public sealed record Choice(PriceTier Tier, long? RuleId, string RuleName);

    /// <summary>What applies when no rule holds.</summary>
    public const string NoRule = "其他居民（有偿）";

    /// <summary>
    /// The registry's built-in labels the defaults read (<see cref="Demo.DemoTags"/>). 特困: the registry has no label of its
    /// own for it; a granted 特困供养 sets 困难户 (the benefits module's kind), so 困难户 is what the free tier reads.
    /// </summary>
    public static readonly string DibaoTag = Demo.DemoTags.MinimumLivingAllowance.Code, ExtremeHardshipTag = Demo.DemoTags.HardshipHousehold.Code,
        DisabledTag = Demo.DemoTags.Disabled.Code;

    /// <summary>What the first defaults named 特困 by, a label no office has: rules saved with it read it as <see cref="ExtremeHardshipTag"/>.</summary>
    const string LegacyExtremeHardshipTag = "SpecialHardship";

    public static readonly IReadOnlyList<Rule> Defaults =
    [
        new(null, "低保户、特困（困难户）", PriceTier.Free, [DibaoTag, ExtremeHardshipTag], null, false, 1),
        new(null, "80岁以上独居老人", PriceTier.Reduced, [], 80, true, 2),
        new(null, "残疾人", PriceTier.Reduced, [DisabledTag], null, false, 3),
    ];

    /// <summary>
    /// The most favourable tier among the rules that hold (无偿 before 低偿 before 有偿), and the first such rule in the
    /// office's order; 有偿 with <see cref="NoRule"/> when none holds.
    /// </summary>
    public static Choice Choose(IEnumerable<Rule> rules, Facts facts)
    {
        var best = rules.Where(r => r.Holds(facts)).OrderBy(r => r.Tier).ThenBy(r => r.SortOrder).ThenBy(r => r.Id ?? 0).FirstOrDefault();
        return best is null ? new Choice(PriceTier.Paid, null, NoRule) : new Choice(best.Tier, best.Id, best.Name);
    }

    public static IReadOnlyList<string> SplitTags(string? tags) =>
        (tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The community's active rules in order, or the defaults when it has set none.</summary>
    public static async Task<IReadOnlyList<Rule>> RulesAsync(LinliDb db, long communityId, CancellationToken ct)
    {
        var rows = await db.Set<EligibilityRule>().AsNoTracking().Where(r => r.CommunityId == communityId)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync(ct);
        return rows.Count == 0 ? Defaults : rows.Where(r => r.Active).Select(Rule.From).ToList();
    }

    /// <summary>A resident's facts on <paramref name="today"/>: age in whole years, every label (sensitive ones too: the rule needs them), and whether they live alone.</summary>
    public static async Task<Facts> FactsAsync(LinliDb db, long residentId, DateOnly today, CancellationToken ct)
    {
        var r = await db.Residents.AsNoTracking().Where(x => x.Id == residentId).Select(x => new { x.BirthDate, x.HouseholdId }).FirstAsync(ct);
        var tags = await db.ResidentTags.AsNoTracking().Where(t => t.ResidentId == residentId)
            .Join(db.Tags, rt => rt.TagId, t => t.Id, (rt, t) => t.Code).ToListAsync(ct);
        var members = r.HouseholdId is { } h
            ? await db.Residents.AsNoTracking().CountAsync(x => x.HouseholdId == h && x.Status == ResidentStatus.Active, ct)
            : 1;
        return new Facts(AgeOn(r.BirthDate, today), tags.ToHashSet(StringComparer.Ordinal), members == 1 || tags.Contains("ElderlyLivingAlone"));
    }

    public static int? AgeOn(DateOnly? birth, DateOnly today)
    {
        if (birth is not { } b) return null;
        var age = today.Year - b.Year;
        return today < b.AddYears(age) ? age - 1 : age;
    }

    /// <summary>Whether a rule reads a sensitive label: then only those granted sensitive labels in the grid read its name.</summary>
    public static async Task<bool> IsSensitiveAsync(LinliDb db, Rule rule, CancellationToken ct)
    {
        if (rule.Tags.Count == 0) return false;
        var codes = rule.Tags.ToList();
        return await db.Tags.AsNoTracking().AnyAsync(t => codes.Contains(t.Code) && t.IsSensitive, ct);
    }
}
