namespace Linli.Features.Party;

/// <summary>
/// 党费 bands, by the rule in force: 中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》(中组发〔2008〕3号):
/// members on a wage pay on their monthly after-tax wage income — up to 3000 元 0.5 %, over 3000 up to 5000 1 %, over 5000 up
/// to 10000 1.5 %, over 10000 2 % (the whole income at the band's rate, not band by band); retired members on their monthly
/// pension — up to 5000 元 0.5 %, over 5000 1 %; students, the unemployed (下岗失业) and 低保 recipients 0.2 元 a month.
/// Amounts in 元 with two decimals (分), as the benefits module keeps money. Arrears: unpaid months are flagged from the third
/// (催缴, the issue's rule) and warned at six in a row — 党章 art 9: six months without paying dues without good reason counts
/// as leaving the party (自行脱党).
/// </summary>
public static class DuesRules
{
    public const decimal FixedMonthly = 0.20m;
    public const int FlagAt = 3;
    public const int WarnAt = 6;

    public sealed record Band(decimal UpTo, decimal Percent);

    public static readonly IReadOnlyList<Band> WageBands = [new(3000m, 0.5m), new(5000m, 1m), new(10000m, 1.5m), new(decimal.MaxValue, 2m)];
    public static readonly IReadOnlyList<Band> PensionBands = [new(5000m, 0.5m), new(decimal.MaxValue, 1m)];

    /// <summary>The rate in percent for an income of this kind (null for the fixed and waived kinds).</summary>
    public static decimal? Percent(DuesKind kind, decimal? income) => kind switch
    {
        DuesKind.Wage when income is { } i => WageBands.First(b => i <= b.UpTo).Percent,
        DuesKind.Pension when income is { } i => PensionBands.First(b => i <= b.UpTo).Percent,
        _ => null,
    };

    /// <summary>The monthly amount the bands give, rounded to the 分.</summary>
    public static decimal Monthly(DuesKind kind, decimal? income) => kind switch
    {
        DuesKind.Wage or DuesKind.Pension => Math.Round((income ?? 0m) * Percent(kind, income ?? 0m)!.Value / 100m, 2, MidpointRounding.AwayFromZero),
        DuesKind.Student or DuesKind.Unemployed or DuesKind.Dibao => FixedMonthly,
        _ => 0m,
    };

    public static bool TakesIncome(DuesKind kind) => kind is DuesKind.Wage or DuesKind.Pension;

    public static string KindWord(DuesKind kind) => kind switch
    {
        DuesKind.Wage => "在岗（工资收入）", DuesKind.Pension => "离退休（养老金）", DuesKind.Student => "学生",
        DuesKind.Unemployed => "下岗失业", DuesKind.Dibao => "享受低保", _ => "困难减免",
    };

    public static string RateWord(DuesKind kind, decimal? income) =>
        Percent(kind, income) is { } p ? p.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%" : kind == DuesKind.Waived ? "免交" : "0.2元/月";

    public static DateOnly MonthOf(DateOnly d) => new(d.Year, d.Month, 1);

    /// <summary>One month of a member's dues: what was due (by the declaration then in force), whether paid.</summary>
    public sealed record MonthDue(DateOnly Month, decimal Due, bool Paid, bool Waived);

    /// <summary>The member's months from the first declaration through <paramref name="through"/> (a month's first day).</summary>
    public static IReadOnlyList<MonthDue> Months(IReadOnlyList<(DateOnly FromMonth, DuesKind Kind, decimal Amount)> declarations,
        IReadOnlyList<(DateOnly From, DateOnly To)> payments, DateOnly through)
    {
        var ordered = declarations.OrderBy(d => d.FromMonth).ToList();
        if (ordered.Count == 0) return [];
        var list = new List<MonthDue>();
        for (var m = ordered[0].FromMonth; m <= through; m = m.AddMonths(1))
        {
            var d = ordered.Last(x => x.FromMonth <= m);
            var waived = d.Kind == DuesKind.Waived || d.Amount == 0m;
            list.Add(new MonthDue(m, d.Amount, payments.Any(p => p.From <= m && m <= p.To), waived));
        }
        return list;
    }

    /// <summary>Months unpaid (not waived) up to the last month that is over, and the longest unbroken run of them ending there.</summary>
    public static (int Unpaid, int InARow, decimal Owed) Arrears(IReadOnlyList<MonthDue> months, DateOnly today)
    {
        var lastOver = MonthOf(today).AddMonths(-1);
        var owing = months.Where(m => m.Month <= lastOver && !m.Paid && !m.Waived).ToList();
        var row = 0;
        foreach (var m in months.Where(m => m.Month <= lastOver).Reverse())
        {
            if (m.Paid || m.Waived) break;
            row++;
        }
        return (owing.Count, row, owing.Sum(m => m.Due));
    }
}

/// <summary>Members in hardship, their holiday visits, and the words of the forms.</summary>
public static class Care
{
    public const int PhotoMaxBytes = 2 * 1024 * 1024;

    public static readonly IReadOnlyList<string> HardshipKinds = ["生活困难", "患病", "残疾", "高龄独居", "因灾因意外", "老党员", "因公牺牲干部家属", "其他"];

    /// <summary>
    /// The visiting rounds (DOMAIN.md §4): 元旦–春节, funded from centrally managed dues with money in hand before 春节 (from
    /// 1 December), and 七一 (June); 中秋 and 重阳 where the branch also visits. Key, name, and the window of the round of a year.
    /// </summary>
    public sealed record Festival(string Key, string Name, Func<int, (DateOnly From, DateOnly To)> Window);

    public static readonly IReadOnlyList<Festival> Festivals =
    [
        new("spring", "元旦春节", y => (new DateOnly(y - 1, 12, 1), SpringFestival(y))),
        new("july1", "七一", y => (new DateOnly(y, 6, 1), new DateOnly(y, 7, 1))),
        new("mid-autumn", "中秋", y => (new DateOnly(y, 9, 1), new DateOnly(y, 10, 10))),
        new("double-ninth", "重阳", y => (new DateOnly(y, 10, 1), new DateOnly(y, 11, 5))),
    ];

    public static Festival? FestivalOf(string? key) => Festivals.FirstOrDefault(f => f.Key == key);

    /// <summary>春节 (正月初一) by year; a year not in the table falls back to 10 February (only the 元旦春节 window's end moves).</summary>
    static readonly Dictionary<int, DateOnly> SpringDays = new()
    {
        [2024] = new(2024, 2, 10), [2025] = new(2025, 1, 29), [2026] = new(2026, 2, 17), [2027] = new(2027, 2, 6), [2028] = new(2028, 1, 26),
        [2029] = new(2029, 2, 13), [2030] = new(2030, 2, 3), [2031] = new(2031, 1, 23), [2032] = new(2032, 2, 11), [2033] = new(2033, 1, 31),
        [2034] = new(2034, 2, 19), [2035] = new(2035, 2, 8),
    };

    public static DateOnly SpringFestival(int year) => SpringDays.TryGetValue(year, out var d) ? d : new DateOnly(year, 2, 10);

    /// <summary>
    /// The round the branch prepares for now: the 元旦春节 round from 1 December until 春节, then 七一 until 1 July, then the next
    /// 元旦春节 (the two rounds every branch makes; 中秋 and 重阳 are recorded when made).
    /// </summary>
    public static (Festival Festival, int Year) Coming(DateOnly today)
    {
        var spring = Festivals[0];
        var july = Festivals[1];
        if (today <= SpringFestival(today.Year)) return (spring, today.Year);
        if (today <= new DateOnly(today.Year, 7, 1)) return (july, today.Year);
        return (spring, today.Year + 1);
    }

    public static string RoundName(string festival, int year) => $"{year}年{FestivalOf(festival)?.Name ?? festival}";

    /// <summary>谈心谈话 at least once a year with every member (支部工作条例; DOMAIN.md §4).</summary>
    public const int TalksPerYear = 1;
}
