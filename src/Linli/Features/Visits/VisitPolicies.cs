using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// 走访周期 as they apply in a community: the street's label definitions (<see cref="Registry.Tag.VisitIntervalDays"/>,
/// window <see cref="VisitDue.DefaultWindow"/>) unless the community set its own (<see cref="Registry.CommunityVisitCycle"/>,
/// interval and window). These two tables are the only source; the visits module adds the per-person override
/// (<see cref="VisitOverride"/>) and the ordinary household's rhythm, and stores no schedule.
/// </summary>
public static class VisitPolicies
{
    /// <summary>Every household of a grid twice a year (网格入户走访制度), ±30 days.</summary>
    public static readonly VisitRhythm OrdinaryHousehold = new(182, 30);

    /// <summary>The tiers of 探访关爱 (内蒙古 2022), offered when a person's rhythm is set by hand.</summary>
    public static readonly IReadOnlyList<(string Name, VisitRhythm Rhythm)> Tiers =
    [
        ("高风险", new VisitRhythm(7, 1)),
        ("重点", new VisitRhythm(30, 7)),
        ("一般", new VisitRhythm(90, 15)),
    ];

    /// <summary>A label's policy in a community; <paramref name="WithinHours"/>: 首次走访时限 after the label is put on someone (<see cref="VisitTriggers"/>).</summary>
    public sealed record LabelPolicy(long TagId, string Name, bool IsSensitive, VisitRhythm Rhythm, bool SetByCommunity, int? WithinHours = null)
    {
        public string Reason => WithinHours is { } h ? $"{Name}（{Describe(Rhythm)}；新增后{h}小时内走访）" : $"{Name}（{Describe(Rhythm)}）";
    }

    /// <summary>每周 / 每月 / 每季度 / 每半年 / 每年 / 每N天.</summary>
    public static string Describe(VisitRhythm r) => r.IntervalDays switch
    {
        7 => "每周",
        _ when VisitDue.MonthsOf(r.IntervalDays) is { } m => m switch { 1 => "每月", 3 => "每季度", 6 => "每半年", 12 => "每年", _ => $"每{m}个月" },
        _ => $"每{r.IntervalDays}天",
    };

    /// <summary>The labels with a rhythm in each of the given communities, by community id.</summary>
    public static async Task<Dictionary<long, List<LabelPolicy>>> ForCommunitiesAsync(LinliDb db, IReadOnlyCollection<long> communityIds, CancellationToken ct)
    {
        var tags = await TagsAsync(db, ct);
        var cycles = await db.CommunityVisitCycles.AsNoTracking().Where(c => communityIds.Contains(c.CommunityId)).ToListAsync(ct);
        return Build(tags, cycles, communityIds);
    }

    /// <summary>A label as the policies read it.</summary>
    public sealed record TagRhythm(long Id, string Name, bool IsSensitive, int? VisitIntervalDays, int? VisitWithinHours = null);

    /// <summary>Every label as the policies read it, as stored (the save hook overlays what a save is about to change).</summary>
    public static Task<List<TagRhythm>> TagsAsync(LinliDb db, CancellationToken ct) =>
        db.Tags.AsNoTracking().Select(t => new TagRhythm(t.Id, t.Name, t.IsSensitive, t.VisitIntervalDays, t.VisitWithinHours)).ToListAsync(ct);

    /// <summary>The policies of each community from the labels and the communities' own cycles (the database's, or those a save is about to write).</summary>
    public static Dictionary<long, List<LabelPolicy>> Build(IReadOnlyList<TagRhythm> tags, IReadOnlyList<Registry.CommunityVisitCycle> cycles, IReadOnlyCollection<long> communityIds)
    {
        var result = new Dictionary<long, List<LabelPolicy>>();
        foreach (var community in communityIds)
        {
            var own = cycles.Where(c => c.CommunityId == community).ToDictionary(c => c.TagId);
            result[community] = tags.Select(t => own.TryGetValue(t.Id, out var c)
                    ? new LabelPolicy(t.Id, t.Name, t.IsSensitive, new VisitRhythm(c.IntervalDays, c.WindowDays), true, c.VisitWithinHours ?? t.VisitWithinHours)
                    : t.VisitIntervalDays is { } d ? new LabelPolicy(t.Id, t.Name, t.IsSensitive, new VisitRhythm(d, VisitDue.DefaultWindow(d)), false, t.VisitWithinHours) : null)
                .OfType<LabelPolicy>().ToList();
        }
        return result;
    }

    /// <summary>The community of each grid.</summary>
    public static async Task<Dictionary<long, long>> CommunityOfGridsAsync(LinliDb db, IReadOnlyCollection<long> gridIds, CancellationToken ct) =>
        await db.OrgUnits.AsNoTracking().Where(o => gridIds.Contains(o.Id) && o.ParentId != null).ToDictionaryAsync(o => o.Id, o => o.ParentId!.Value, ct);

    /// <summary>
    /// The rhythm that applies to one person, as this viewer may know it: the override when there is one (hidden from a
    /// viewer without the sensitive grant when the person has a sensitive label, since its reason may say why), otherwise
    /// the most frequent rhythm among the labels the viewer may see. Null: no policy asks for visits to this person.
    /// </summary>
    public static (VisitRhythm Rhythm, string Reason)? Resolve(IEnumerable<LabelPolicy> labels, VisitOverride? personal, bool seesSensitive)
    {
        var all = labels.ToList();
        if (personal is not null && (seesSensitive || !all.Any(l => l.IsSensitive)))
            return (new VisitRhythm(personal.IntervalDays, personal.WindowDays), $"个人设置：{personal.Reason}（{Describe(new VisitRhythm(personal.IntervalDays, personal.WindowDays))}）");
        var best = all.Where(l => seesSensitive || !l.IsSensitive).OrderBy(l => l.Rhythm.IntervalDays).ThenBy(l => l.Name, StringComparer.Ordinal).FirstOrDefault();
        return best is null ? null : (best.Rhythm, best.Reason);
    }
}
