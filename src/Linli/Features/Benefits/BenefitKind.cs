namespace Linli.Features.Benefits;

/// <summary>
/// What a public notice (公示) of a kind may show. Strict by default (DOMAIN.md §8): never ID number, phone, exact address,
/// bank account, health or disability detail — those are not even fields here, so no policy can switch them on.
/// </summary>
public sealed record NoticePolicy(bool HeadName = true, bool MaskName = true, bool HouseholdSize = true, bool MonthlyAmount = true,
    bool Grid = true, bool Category = false)
{
    /// <summary>北京 publishes 户主姓名, 家庭人口, 月保障金额 and the place; the 居民组 stands for the place inside a community.</summary>
    public static readonly NoticePolicy Default = new();
}

/// <summary>
/// A kind of benefit the office helps with (DOMAIN.md §2), with its clock and steps. Presets in code; a community or its
/// street may set its own time limit, 公示 days, optional steps and review cycle (<see cref="BenefitKinds"/>). <see cref="LabelCode"/>: the registry label a granted benefit sets on the applicant
/// (低保户), ended when the benefit ends; null when the kind sets none.
/// </summary>
public sealed record BenefitKind(
    string Code, string Name, string Prefix, int LimitWorkingDays, bool NeedsInvestigation, bool NeedsReview, bool NeedsNotice,
    int? ReviewMonths, int? UnstableReviewMonths, string? LabelCode, bool UrgentFirst, NoticePolicy Policy, IReadOnlyList<string> Documents,
    string Department, int SortOrder)
{
    public const string Dibao = "dibao", Tekun = "tekun", Temporary = "temporary", Housing = "housing", Elderly = "elderly", Disability = "disability";

    /// <summary>The days a 公示 stays up unless the worker sets another (社会救助暂行办法 art 11: 7 days in the community).</summary>
    public const int NoticeDays = 7;
    /// <summary>The days this kind's 公示 stays up unless the worker sets another: <see cref="NoticeDays"/>, or the office's setting.</summary>
    public int DefaultNoticeDays { get; init; } = NoticeDays;
    /// <summary>An objection to a notice is answered within 5 days (DOMAIN.md §8, 山东 2018 model).</summary>
    public const int ObjectionAnswerDays = 5;
    /// <summary>A refusal is notified in writing, with reasons, within 3 working days of the decision.</summary>
    public const int RefusalNoticeWorkingDays = 3;

    static readonly string[] CommonDocuments = ["书面申请书", "户口簿", "身份证", "家庭收入证明", "家庭财产申报表", "授权核对经济状况承诺书"];

    public static readonly IReadOnlyList<BenefitKind> Presets =
    [
        // 社会救助暂行办法 art 11; 最低生活保障审核确认办法 (2021): 30 working days, 45 in special cases; review yearly, half-yearly for unstable income.
        new(Dibao, "低保", "DB", 30, true, true, true, 12, 6, Demo.DemoTags.MinimumLivingAllowance.Code, false, NoticePolicy.Default, CommonDocuments, "民政", 1),
        new(Tekun, "特困供养", "TK", 30, true, true, true, 12, null, Demo.DemoTags.HardshipHousehold.Code, false, NoticePolicy.Default,
            [.. CommonDocuments, "无劳动能力证明"], "民政", 2),
        // 临时救助: ≤15 working days; urgent cases helped first, paperwork after; no 公示 of an urgent grant.
        new(Temporary, "临时救助", "LS", 15, true, false, false, null, null, null, true, NoticePolicy.Default with { HouseholdSize = false },
            ["书面申请书", "身份证", "困难情况说明", "医疗费用票据等证明"], "民政", 3),
        // 公租房 (廉租房 merged into it): apply → housing office review → 公示 → waiting list → allocation.
        new(Housing, "公租房/廉租房", "ZF", 45, true, false, true, 12, null, null, false, NoticePolicy.Default with { MonthlyAmount = false },
            ["书面申请书", "户口簿", "身份证", "家庭收入证明", "住房情况证明"], "住建", 4),
        new(Elderly, "高龄津贴", "GL", 30, false, false, true, 12, null, null, false, NoticePolicy.Default with { HouseholdSize = false },
            ["书面申请书", "身份证", "户口簿"], "老龄", 5),
        // 残疾人两项补贴 (困难残疾人生活补贴、重度残疾人护理补贴): the notice never shows disability detail.
        new(Disability, "残疾人两项补贴", "CJ", 30, true, false, true, 12, null, null, false, NoticePolicy.Default with { HouseholdSize = false },
            ["书面申请书", "身份证", "残疾人证", "家庭收入证明"], "残联", 6),
    ];

    public static BenefitKind? Find(string? code) => Presets.FirstOrDefault(k => k.Code == code);

    public static string NameOf(string code) => Find(code)?.Name ?? code;

    /// <summary>保障类别 of a 低保 grant (A/B/C by how much of the standard the household needs), the words offices use.</summary>
    public static readonly IReadOnlyList<string> Categories = ["A类", "B类", "C类", "全额", "差额", "一次性"];
}
