using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>The steps of an application, their words, and which of them the user may take now.</summary>
public static class BenefitSteps
{
    public const string Open = "open", Investigate = "investigate", Review = "review", Publish = "publish", Forward = "forward",
        Decide = "decide", NotifyRefusal = "notify-refusal", Check = "check", End = "end", Withdraw = "withdraw", Extend = "extend",
        Objection = "objection", ObjectionToCase = "objection-case", Answer = "answer", Label = "label";

    public static string Word(string step) => step switch
    {
        Open => "受理",
        Investigate => "入户调查",
        Review => "民主评议",
        Publish => "公示",
        Forward => "报街道审批",
        Decide => "审批",
        NotifyRefusal => "书面告知",
        Check => "核查",
        End => "终止",
        Withdraw => "撤回",
        Extend => "延长时限",
        Objection => "登记异议",
        ObjectionToCase => "异议转事件",
        Answer => "答复异议",
        Label => "人员标签",
        _ => step,
    };

    public static string StateWord(BenefitState s) => s switch
    {
        BenefitState.Intake => "已受理",
        BenefitState.Investigated => "已入户调查",
        BenefitState.Reviewed => "已民主评议",
        BenefitState.OnNotice => "公示中",
        BenefitState.Forwarded => "待街道审批",
        BenefitState.Granted => "享受中",
        BenefitState.Refused => "不予批准",
        BenefitState.Ended => "已终止",
        _ => "已撤回",
    };

    public static readonly IReadOnlyList<string> AllStateWords = Enum.GetValues<BenefitState>().Select(StateWord).ToList();

    /// <summary>The steps of the 居委会's part, in order, for a kind: each with the state it leads to.</summary>
    public static IReadOnlyList<(string Step, BenefitState To)> Path(BenefitKind kind)
    {
        var path = new List<(string, BenefitState)>();
        if (kind.NeedsInvestigation) path.Add((Investigate, BenefitState.Investigated));
        if (kind.NeedsReview) path.Add((Review, BenefitState.Reviewed));
        if (kind.NeedsNotice) path.Add((Publish, BenefitState.OnNotice));
        path.Add((Forward, BenefitState.Forwarded));
        path.Add((Decide, BenefitState.Granted));
        return path;
    }

    /// <summary>The next step of the path, or null when the application is decided or closed.</summary>
    public static string? Next(BenefitKind kind, BenefitState state) =>
        state is BenefitState.Granted or BenefitState.Refused or BenefitState.Ended or BenefitState.Withdrawn ? null
            : Path(kind).FirstOrDefault(p => p.To > state).Step;

    /// <summary>
    /// What the user may do now (the workflow asks again). The community's workers (<c>benefits.write</c>) take every step,
    /// including recording the decision received; the street (<c>benefits.decide</c>) decides what was forwarded to it.
    /// A notice must have come down, and every objection to it been answered, before the application goes to the street.
    /// </summary>
    public static IReadOnlyList<string> Allowed(UserArea area, BenefitApplication a, BenefitKind kind)
    {
        var works = area.HasInGrid(Permissions.Benefits.Write, a.GridId);
        var decides = area.HasInGrid(Permissions.Benefits.Decide, a.GridId);
        var steps = new List<string>();
        var next = Next(kind, a.State);
        if (works && next is not null && next != Decide) steps.Add(next);
        if ((works || decides) && next == Decide) steps.Add(Decide);
        if (works && a.State == BenefitState.OnNotice)
        {
            steps.Add(Publish);      // a corrected version
            steps.Add(Objection);
            steps.Add(Forward);
        }
        if (works && a.IsOpen) { steps.Add(Withdraw); if (a.ExtendedReason is null && kind.LimitWorkingDays < 45) steps.Add(Extend); }
        if (works && a.State == BenefitState.Refused && a.RefusalNotifiedOn is null) steps.Add(NotifyRefusal);
        if (works && a.State == BenefitState.Granted) { steps.Add(Check); steps.Add(End); }
        if (works) { steps.Add(ObjectionToCase); steps.Add(Answer); }
        return steps.Distinct().ToList();
    }
}

/// <summary>
/// Who sees which application, inside the query: the community's workers (<c>benefits.read</c> where the household lives),
/// and the street (<c>benefits.decide</c>) once it has been forwarded to it. Anything else is not found.
/// </summary>
public static class BenefitScope
{
    public static IQueryable<BenefitApplication> VisibleTo(this IQueryable<BenefitApplication> q, UserArea area)
    {
        var read = area.GridsWhere(Permissions.Benefits.Read);
        var decide = area.GridsWhere(Permissions.Benefits.Decide);
        if (decide.Count == 0) return q.Where(a => EF.Parameter(read).Contains(a.GridId));
        return q.Where(a => EF.Parameter(read).Contains(a.GridId)
            || (EF.Parameter(decide).Contains(a.GridId) && (a.State == BenefitState.Forwarded || a.State == BenefitState.Granted
                || a.State == BenefitState.Refused || a.State == BenefitState.Ended)));
    }
}
