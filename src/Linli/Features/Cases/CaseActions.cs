namespace Linli.Features.Cases;

/// <summary>The actions of the workflow, as stored in the history and named on the page.</summary>
public static class CaseActions
{
    public const string Open = "open", Dispatch = "dispatch", Accept = "accept", Handle = "handle", Answer = "answer",
        FollowUp = "followup", Reopen = "reopen", Archive = "archive", Escalate = "escalate", Extend = "extend",
        Pause = "pause", Resume = "resume", Link = "link", Linked = "linked", Terminate = "terminate", Withdraw = "withdraw",
        Note = "note", Visit = "visit", Review = "review", Recompute = "recompute",
        RequestExtension = "extend-request", ApproveExtension = "extend-approve", RefuseExtension = "extend-refuse";

    public static readonly IReadOnlyDictionary<string, string> Words = new Dictionary<string, string>
    {
        [Open] = "登记",
        [Dispatch] = "转派",
        [Accept] = "受理",
        [Handle] = "办理",
        [Answer] = "答复办结",
        [FollowUp] = "回访",
        [Reopen] = "退回再办",
        [Archive] = "归档",
        [Escalate] = "上报街道",
        [Extend] = "延期",
        [Pause] = "暂停",
        [Resume] = "恢复计时",
        [Link] = "关联重复",
        [Linked] = "重复件并入",
        [Terminate] = "终止调解",
        [Withdraw] = "退单",
        [Note] = "补充记录",
        [Visit] = "记录走访",
        [Review] = "复查/复核申请",
        [Recompute] = "期限重算",
        [RequestExtension] = "申请延期",
        [ApproveExtension] = "批准延期",
        [RefuseExtension] = "不批准延期",
    };

    public static string Word(string action) => Words.GetValueOrDefault(action, action);
}
