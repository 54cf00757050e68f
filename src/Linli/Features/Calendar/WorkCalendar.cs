using System.Text.Json;
using System.Text.Json.Serialization;

namespace Linli.Features.Calendar;

/// <summary>
/// One year's holiday schedule as the State Council publishes it (国务院办公厅关于某年部分节假日安排的通知), in the
/// shape of the public holiday-cn data set: <c>{year, papers: [notice URLs], days: [{name, date, isOffDay}]}</c>.
/// <see cref="Days"/> lists only the exceptions: holidays (isOffDay true) and the weekend days worked instead (补班).
/// </summary>
public sealed record HolidaySchedule(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("papers")] IReadOnlyList<string> Papers,
    [property: JsonPropertyName("days")] IReadOnlyList<HolidaySchedule.Day> Days)
{
    public sealed record Day(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("date")] DateOnly Date,
        [property: JsonPropertyName("isOffDay")] bool IsOffDay);

    /// <summary>
    /// Reads one year (an object) or several (an array) in holiday-cn's shape, and checks them: every day inside its
    /// year, no date twice, a name on every day, at least one notice. Throws <see cref="FormatException"/> with a
    /// sentence in Chinese that says what is wrong.
    /// </summary>
    public static IReadOnlyList<HolidaySchedule> Parse(string json)
    {
        List<HolidaySchedule?> years;
        try
        {
            using var doc = JsonDocument.Parse(json);
            years = doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.Deserialize<List<HolidaySchedule?>>() ?? []
                : [doc.RootElement.Deserialize<HolidaySchedule>()];
        }
        catch (JsonException e)
        {
            throw new FormatException($"不是节假日安排文件（应为 {{year, papers, days:[{{name, date, isOffDay}}]}} 格式的 JSON）：{e.Message}", e);
        }
        foreach (var y in years) Check(y);
        return years!;
    }

    static void Check(HolidaySchedule? y)
    {
        if (y is null || y.Year is < 2000 or > 2100) throw new FormatException("节假日安排文件缺少有效的年份（year）。");
        if (y.Papers is null || y.Papers.Count == 0 || y.Days is null || y.Days.Count == 0)
            throw new FormatException($"{y.Year} 年的安排没有通知来源（papers）或没有日期（days），可能还未公布。");
        foreach (var d in y.Days)
        {
            if (d.Date.Year != y.Year && !(d.Date.Year == y.Year - 1 && d.Date.Month == 12) && !(d.Date.Year == y.Year + 1 && d.Date.Month == 1))
                throw new FormatException($"{y.Year} 年的安排里有不属于这一年的日期 {d.Date:yyyy-MM-dd}。");
            if (string.IsNullOrWhiteSpace(d.Name)) throw new FormatException($"{d.Date:yyyy-MM-dd} 没有节日名称（name）。");
        }
        if (y.Days.GroupBy(d => d.Date).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new FormatException($"{y.Year} 年的安排里 {twice.Key:yyyy-MM-dd} 出现了两次。");
    }
}

/// <summary>
/// Which days are working days (工作日), by the published schedules, with a provisional rule for years not yet
/// published. Immutable; <see cref="WorkCalendars"/> keeps the current one.
/// A year with a published schedule: its listed days as listed (holidays off, 补班 weekends worked), every other
/// Saturday and Sunday off, every other weekday worked. A year without one is provisional (暂定): weekends and the
/// fixed-date statutory holidays off (全国年节及纪念日放假办法, 2024 revision, art 2: 元旦 1/1, 劳动节 5/1–2,
/// 国庆节 10/1–3); the lunar holidays and 调休 are unknown until the notice, so deadlines on it are marked 暂定.
/// </summary>
public sealed class WorkCalendar
{
    readonly Dictionary<DateOnly, HolidaySchedule.Day> listed = [];
    readonly HashSet<int> official = [];

    public static readonly WorkCalendar ProvisionalOnly = new([]);

    public WorkCalendar(IEnumerable<HolidaySchedule> years)
    {
        foreach (var y in years.OrderBy(y => y.Year))
        {
            official.Add(y.Year);
            // A later year's notice wins for the days it lists (a 元旦 holiday starting on 31 December, say).
            foreach (var d in y.Days) listed[d.Date] = d;
        }
    }

    /// <summary>The years whose schedule has been published and imported.</summary>
    public IReadOnlyCollection<int> OfficialYears => official;

    public bool IsOfficial(int year) => official.Contains(year);

    public bool IsWorkingDay(DateOnly day)
    {
        if (listed.TryGetValue(day, out var d)) return !d.IsOffDay;
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        return official.Contains(day.Year) || FixedHoliday(day) is null;
    }

    /// <summary>What a day is called: the holiday or 补班 it belongs to, or a fixed-date holiday of a provisional year; null for an ordinary day.</summary>
    public string? NameOf(DateOnly day) =>
        listed.TryGetValue(day, out var d) ? (d.IsOffDay ? d.Name : d.Name + "补班") : official.Contains(day.Year) ? null : FixedHoliday(day);

    /// <summary>The day itself when it is a working day, else the first working day after it.</summary>
    public DateOnly OnOrAfter(DateOnly day)
    {
        while (!IsWorkingDay(day)) day = day.AddDays(1);
        return day;
    }

    /// <summary>The <paramref name="n"/>th working day after <paramref name="day"/> (n ≥ 0; 0 is the day itself).</summary>
    public DateOnly AddWorkingDays(DateOnly day, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        while (n > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) n--;
        }
        return day;
    }

    /// <summary>How many working days lie in (<paramref name="after"/>, <paramref name="through"/>]: 0 when through ≤ after.</summary>
    public int WorkingDaysBetween(DateOnly after, DateOnly through)
    {
        var n = 0;
        for (var d = after.AddDays(1); d <= through; d = d.AddDays(1))
            if (IsWorkingDay(d)) n++;
        return n;
    }

    /// <summary>True when any day from <paramref name="from"/> through <paramref name="through"/> falls in a year not yet published.</summary>
    public bool TouchesProvisional(DateOnly from, DateOnly through)
    {
        for (var y = from.Year; y <= through.Year; y++)
            if (!official.Contains(y)) return true;
        return false;
    }

    static string? FixedHoliday(DateOnly d) => (d.Month, d.Day) switch
    {
        (1, 1) => "元旦",
        (5, 1) or (5, 2) => "劳动节",
        (10, 1) or (10, 2) or (10, 3) => "国庆节",
        _ => null,
    };
}
