namespace Linli.Features.Party;

/// <summary>
/// The references a problem cites (DOMAIN.md §5), the words of the 整改台账, and the rules of its statuses: overdue, and
/// 销号 by the reviewer only.
/// </summary>
public static class Rectifications
{
    /// <summary>The three sets of headings: the 12 parts of the 2016 准则, the six disciplines (纪律处分条例, rev. 2023), the seed's 四个合格.</summary>
    public static readonly IReadOnlyList<(string Set, IReadOnlyList<string> Headings)> RuleSets =
    [
        ("《关于新形势下党内政治生活的若干准则》", ["坚定理想信念", "坚持党的基本路线", "坚决维护党中央权威", "严明党的政治纪律", "保持党同人民群众的血肉联系",
            "坚持民主集中制原则", "发扬党内民主和保障党员权利", "坚持正确选人用人导向", "严格党的组织生活制度", "开展批评和自我批评",
            "加强对权力运行的制约和监督", "保持清正廉洁的政治本色"]),
        ("《中国共产党纪律处分条例》", ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"]),
        ("四个合格", ["政治合格", "品德合格", "个人担当作为", "圈子文化", "组织生活"]),
    ];

    /// <summary>Short names of the sets for the stored key, e.g. <c>准则·严格党的组织生活制度</c>.</summary>
    static readonly string[] SetKeys = ["准则", "纪律", "四个合格"];

    /// <summary>Every rule a problem may cite: key (stored) → the heading with its set, as the ledger prints it.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> Rules =
        RuleSets.SelectMany((s, i) => s.Headings.Select(h => ($"{SetKeys[i]}·{h}", $"{s.Set}：{h}"))).ToList();

    public static string RuleLabel(string key) => Rules.FirstOrDefault(r => r.Key == key).Label ?? key;

    public static readonly IReadOnlyList<string> Occasions = ["年度组织生活会", "民主生活会", "专题组织生活会", "巡察反馈", "其他"];

    public static readonly IReadOnlyList<string> Sources = ["征求意见", "谈心谈话", "自己查摆", "相互批评", "巡察反馈", "群众反映"];

    /// <summary>The team's problems are the 班子's.</summary>
    public const string Team = "班子";

    public static string ProgressWord(RectificationProgress p) => p switch
    {
        RectificationProgress.NotStarted => "未启动",
        RectificationProgress.InProgress => "进行中",
        RectificationProgress.Done => "已完成",
        _ => "已销号",
    };

    /// <summary>Not yet 已完成 and the deadline has passed.</summary>
    public static bool IsOverdue(RectificationProgress progress, DateOnly deadline, DateOnly today) =>
        progress is RectificationProgress.NotStarted or RectificationProgress.InProgress && deadline < today;

    /// <summary>Completed by the deadline (for the "on time" number).</summary>
    public static bool OnTime(RectificationProgress progress, DateOnly deadline, DateOnly? doneOn) =>
        progress is RectificationProgress.Done or RectificationProgress.SignedOff && doneOn is { } d && d <= deadline;

    /// <summary>
    /// Whether <paramref name="userId"/> may 销号 the item, and if not the sentence that says why. Only the reviewer, never the
    /// owner (even an owner who is also named reviewer: the two must be different people), and only once it is 已完成.
    /// </summary>
    public static string? SignOffRefusal(long userId, long ownerId, long reviewerId, RectificationProgress progress)
    {
        if (userId == ownerId) return "责任人不能为自己的整改事项销号，须由复核人销号。";
        if (userId != reviewerId) return "只有本事项的复核人可以销号。";
        if (progress == RectificationProgress.SignedOff) return "此事项已经销号。";
        if (progress != RectificationProgress.Done) return "整改完成（进度为“已完成”）后才能销号。";
        return null;
    }

    /// <summary>The three lists (三单) as views of the same rows: which columns each shows.</summary>
    public static readonly IReadOnlyList<(string Key, string Name)> Lists = [("problems", "问题清单"), ("tasks", "任务清单"), ("duties", "责任清单")];
}
