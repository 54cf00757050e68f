namespace Linli.Features.Party;

/// <summary>The branch's meetings (DOMAIN.md §4, 《中国共产党支部工作条例(试行)》2018).</summary>
public enum MeetingKind { MembersMeeting, CommitteeMeeting, GroupMeeting, PartyClass, ThemeDay, OrganisationalLife, DemocraticEvaluation }

/// <summary>How often a kind of meeting is required.</summary>
public enum RhythmPeriod { Month, Quarter, Year }

/// <summary>What one period shows on the branch page: held (已开), not held and the period is over (未开·缺), or still open (待开).</summary>
public enum PeriodState { Done, Missing, Pending }

/// <summary>One kind of meeting in one period: how many were held, how many are required, and what that amounts to.</summary>
public sealed record PeriodStatus(MeetingKind Kind, RhythmPeriod Period, int Year, int Number, int Held, int Required, PeriodState State);

/// <summary>The quorum of a meeting: whether it was met, and the sentence that says why (e.g. 应到12人，实到7人，超过半数).</summary>
public sealed record QuorumResult(bool Met, bool Required, string Text);

/// <summary>
/// The required rhythm of each meeting kind and the two pure functions the branch page and the tests rely on: whether a
/// meeting met its quorum (<see cref="Quorum"/>) and which periods of a year are done or missing (<see cref="Status"/>).
/// </summary>
public static class MeetingRhythm
{
    public sealed record Rule(MeetingKind Kind, string Name, RhythmPeriod Period, string Basis);

    /// <summary>支部党员大会 quarterly; 支委会 monthly; 党小组会 monthly (each group); 党课 quarterly in practice; 主题党日 monthly;
    /// 组织生活会 and 民主评议 yearly.</summary>
    public static readonly IReadOnlyList<Rule> Rules =
    [
        new(MeetingKind.MembersMeeting, "支部党员大会", RhythmPeriod.Quarter, "一般每季度召开1次"),
        new(MeetingKind.CommitteeMeeting, "支委会", RhythmPeriod.Month, "一般每月召开1次"),
        new(MeetingKind.GroupMeeting, "党小组会", RhythmPeriod.Month, "一般每月召开1次（每个党小组）"),
        new(MeetingKind.PartyClass, "党课", RhythmPeriod.Quarter, "每季度至少1次（书记每年至少讲1次）"),
        new(MeetingKind.ThemeDay, "主题党日", RhythmPeriod.Month, "每月相对固定1天"),
        new(MeetingKind.OrganisationalLife, "组织生活会", RhythmPeriod.Year, "每年至少召开1次，一般在第四季度"),
        new(MeetingKind.DemocraticEvaluation, "民主评议党员", RhythmPeriod.Year, "每年开展1次"),
    ];

    public static Rule Of(MeetingKind kind) => Rules.First(r => r.Kind == kind);
    public static string NameOf(MeetingKind kind) => Of(kind).Name;

    public static string PeriodWord(RhythmPeriod p) => p switch { RhythmPeriod.Month => "每月", RhythmPeriod.Quarter => "每季度", _ => "每年" };

    public static string StateWord(PeriodState s) => s switch { PeriodState.Done => "已开", PeriodState.Missing => "缺", _ => "待开" };

    /// <summary>
    /// Whether a meeting met its quorum. 支部党员大会 (and 组织生活会, 民主评议, which are held as members' meetings): more than half of the
    /// members expected; 支委会: more than half of the committee; others have no quorum rule. <paramref name="expected"/> is 应到,
    /// <paramref name="present"/> 实到.
    /// </summary>
    public static QuorumResult Quorum(MeetingKind kind, int expected, int present)
    {
        if (present < 0 || expected < 0 || present > expected) return new(false, true, $"实到人数（{present}）不能多于应到人数（{expected}）。");
        var rule = kind is MeetingKind.MembersMeeting or MeetingKind.OrganisationalLife or MeetingKind.DemocraticEvaluation or MeetingKind.CommitteeMeeting;
        if (!rule) return new(true, false, $"应到{expected}人，实到{present}人");
        var who = kind == MeetingKind.CommitteeMeeting ? "支委" : "党员";
        var met = expected > 0 && present * 2 > expected;
        return new(met, true, $"应到{who}{expected}人，实到{present}人，" + (met ? "超过半数，符合规定" : "未超过半数，不足法定人数"));
    }

    /// <summary>The period (month 1–12, quarter 1–4, or 1 for the year) of a day.</summary>
    public static int PeriodOf(RhythmPeriod p, DateOnly d) => p switch { RhythmPeriod.Month => d.Month, RhythmPeriod.Quarter => (d.Month - 1) / 3 + 1, _ => 1 };

    static DateOnly LastDay(RhythmPeriod p, int year, int n) => p switch
    {
        RhythmPeriod.Month => new DateOnly(year, n, DateTime.DaysInMonth(year, n)),
        RhythmPeriod.Quarter => new DateOnly(year, n * 3, DateTime.DaysInMonth(year, n * 3)),
        _ => new DateOnly(year, 12, 31),
    };

    /// <summary>
    /// Every period of <paramref name="year"/> up to <paramref name="today"/> for every kind, with what was held: done when the
    /// period has its meeting (党小组会: one per group, so <paramref name="groups"/> are required each month), missing when the
    /// period is over without it, pending while it is still open. Periods after today are left out.
    /// </summary>
    public static IReadOnlyList<PeriodStatus> Status(int year, DateOnly today, IEnumerable<(MeetingKind Kind, DateOnly Date, long? GroupId)> held, int groups)
    {
        var meetings = held.Where(m => m.Date.Year == year).ToList();
        var result = new List<PeriodStatus>();
        foreach (var rule in Rules)
        {
            var periods = rule.Period switch { RhythmPeriod.Month => 12, RhythmPeriod.Quarter => 4, _ => 1 };
            for (var n = 1; n <= periods; n++)
            {
                var first = rule.Period switch { RhythmPeriod.Month => new DateOnly(year, n, 1), RhythmPeriod.Quarter => new DateOnly(year, n * 3 - 2, 1), _ => new DateOnly(year, 1, 1) };
                if (first > today) break;
                var these = meetings.Where(m => m.Kind == rule.Kind && PeriodOf(rule.Period, m.Date) == n).ToList();
                var required = rule.Kind == MeetingKind.GroupMeeting ? Math.Max(1, groups) : 1;
                var count = rule.Kind == MeetingKind.GroupMeeting && groups > 0 ? these.Select(m => m.GroupId).Distinct().Count() : these.Count;
                var state = count >= required ? PeriodState.Done : LastDay(rule.Period, year, n) < today ? PeriodState.Missing : PeriodState.Pending;
                result.Add(new PeriodStatus(rule.Kind, rule.Period, year, n, count, required, state));
            }
        }
        return result;
    }

    /// <summary>The current period of each kind (this month, this quarter, this year) out of <see cref="Status"/>.</summary>
    public static IReadOnlyList<PeriodStatus> Current(IReadOnlyList<PeriodStatus> status, DateOnly today) =>
        status.Where(s => s.Year == today.Year && s.Number == PeriodOf(s.Period, today)).ToList();
}
