namespace Linli.Features.Activities;

/// <summary>The words of activities: kinds and audiences as the office names them (stored as written), and limits.</summary>
public static class ActivityText
{
    public static readonly IReadOnlyList<string> Kinds = ["讲座", "文体", "我们的节日", "道德讲堂", "社区党日", "志愿服务", "培训", "其他"];

    public static readonly IReadOnlyList<string> Audiences = ["全体居民", "老年人", "青少年", "儿童", "妇女", "党员", "残疾人", "志愿者", "其他"];

    /// <summary>A series generates at most this many sessions (two years of weekly ones).</summary>
    public const int MaxSessions = 104;

    public const int MaxText = 2000;

    public static string Of(ActivityState s) => s switch
    {
        ActivityState.Planned => "未结束",
        ActivityState.Closed => "已结束",
        _ => "已取消",
    };

    public static string Of(SignupState s) => s switch
    {
        SignupState.Confirmed => "已报名",
        SignupState.Waiting => "候补",
        _ => "已取消",
    };

    public static string Of(AttendanceWay? w) => w switch
    {
        AttendanceWay.List => "名单签到",
        AttendanceWay.Code => "签到码",
        AttendanceWay.WalkIn => "现场加入",
        _ => "未签到",
    };

    public static string Of(HoursState s) => s switch
    {
        HoursState.Proposed => "待确认",
        HoursState.Confirmed => "已确认",
        _ => "未通过",
    };

    public static string Of(OpportunityMode m) => m switch
    {
        OpportunityMode.Shift => "固定班次",
        OpportunityMode.Window => "时段内任选",
        _ => "长期",
    };

    public static string Weekday(DayOfWeek d) => d switch
    {
        DayOfWeek.Monday => "周一", DayOfWeek.Tuesday => "周二", DayOfWeek.Wednesday => "周三", DayOfWeek.Thursday => "周四",
        DayOfWeek.Friday => "周五", DayOfWeek.Saturday => "周六", _ => "周日",
    };
}
