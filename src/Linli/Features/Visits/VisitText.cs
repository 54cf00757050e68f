namespace Linli.Features.Visits;

/// <summary>The words of a visit record as the office writes them.</summary>
public static class VisitText
{
    /// <summary>Each text field of a visit.</summary>
    public const int MaxLength = 1000;
    /// <summary>The author corrects a visit within this many days of entering it; after that a note is added.</summary>
    public const int CorrectionDays = 7;
    /// <summary>How far back a visit may be dated: a year of paper books.</summary>
    public const int BackDateDays = 366;

    public static string Of(VisitMethod m) => m switch
    {
        VisitMethod.Door => "上门",
        VisitMethod.Phone => "电话",
        VisitMethod.Video => "视频",
        VisitMethod.CameToOffice => "来访",
        _ => "其他",
    };

    public static readonly IReadOnlyList<VisitMethod> Methods = [VisitMethod.Door, VisitMethod.Phone, VisitMethod.Video, VisitMethod.CameToOffice, VisitMethod.Other];

    public static readonly IReadOnlyList<(CareChecks Check, string Name, string Hint)> Checks =
    [
        (CareChecks.Health, "身体状况", "健康、就医、用药"),
        (CareChecks.Money, "经济状况", "吃穿住、照料、待遇领取"),
        (CareChecks.FamilySupport, "家庭赡养", "子女是否常来探望"),
        (CareChecks.HomeSafety, "居家安全", "燃气、用电、用水、取暖"),
        (CareChecks.ServiceNeeds, "服务需求", "照护、康复、陪伴、适老化改造"),
    ];

    public static string Of(DueState s) => s switch
    {
        DueState.Overdue => "逾期",
        DueState.InWindow => "待走访",
        DueState.Never => "从未走访",
        _ => "正常",
    };

    public static Tone ToneOf(DueState s) => s switch
    {
        DueState.Overdue or DueState.Never => Tone.Overdue,
        DueState.InWindow => Tone.Due,
        _ => Tone.Ok,
    };
}
