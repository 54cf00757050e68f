using System.Globalization;
using Linli.Data;
using Linli.Features.Audit;
using Linli.Features.Calendar;

namespace Linli.Cli;

/// <summary>
/// `linli calendar import FILE` and `linli calendar show YEAR`: the working-day calendar's years. The file is a State
/// Council schedule in holiday-cn's shape ({year, papers, days:[{name, date, isOffDay}]}, or a list of such years).
/// </summary>
static class CalendarVerbs
{
    public const string Usage = "linli calendar import FILE | show YEAR";

    public static async Task<int> ImportAsync(LinliOptions options, AuditLog audit, string file, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            await errors.WriteLineAsync($"找不到文件 {file}。");
            return 1;
        }
        var target = DatabaseTarget.From(options);
        if (!target.IsPostgres) await Migrator.ApplyAsync(target, ct);
        await using var db = target.CreateContext();
        var calendars = new WorkCalendars(TimeProvider.System);
        var before = await calendars.CurrentAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        IReadOnlyList<HolidaySchedule> years;
        try
        {
            years = await calendars.ImportAsync(db, await File.ReadAllTextAsync(file, ct), "cli", ct);
        }
        catch (FormatException e)
        {
            await errors.WriteLineAsync($"{Path.GetFileName(file)}：{e.Message}");
            return 1;
        }
        foreach (var y in years)
            await audit.WriteAsync(db, AuditActions.CalendarImport,
                detail: $"{y.Year} 年，{(before.IsOfficial(y.Year) ? "替换已有安排" : "此前为暂定")}，放假 {y.Days.Count(d => d.IsOffDay)} 天、补班 {y.Days.Count(d => !d.IsOffDay)} 天，来源 {string.Join(" ", y.Papers)}", ct: ct);
        await tx.CommitAsync(ct);
        foreach (var y in years)
            await output.WriteLineAsync($"已导入 {y.Year} 年节假日安排：放假 {y.Days.Count(d => d.IsOffDay)} 天，补班 {y.Days.Count(d => !d.IsOffDay)} 天（{(before.IsOfficial(y.Year) ? "替换了此前的安排" : "此前按暂定日历计算")}）。");
        return 0;
    }

    public static async Task<int> ShowAsync(LinliOptions options, string yearText, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            await errors.WriteLineAsync($"“{yearText}”不是年份。用法：{Usage}");
            return 2;
        }
        var target = DatabaseTarget.From(options);
        if (!target.IsPostgres) await Migrator.ApplyAsync(target, ct);
        await using var db = target.CreateContext();
        var calendars = new WorkCalendars(TimeProvider.System);
        var calendar = await calendars.CurrentAsync(db, ct);
        var source = (await calendars.YearsAsync(db, ct)).FirstOrDefault(y => y.Year == year);
        if (source is null)
            await output.WriteLineAsync($"{year} 年：暂定（国务院的安排尚未导入）。只按周末和固定日期的节日（元旦、劳动节、国庆节）计算，据此算出的期限都标为“暂定”。");
        else
            await output.WriteLineAsync($"{year} 年：已公布。来源：{string.Join(" ", source.Papers)}（{(source.Imported ? $"{source.ImportedAt:yyyy-MM-dd} 由 {source.ImportedBy} 导入" : "随程序发布")}）");
        var start = new DateOnly(year, 1, 1);
        var workingDays = 0;
        for (var d = start; d.Year == year; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d)) workingDays++;
            if (calendar.NameOf(d) is { } name)
                await output.WriteLineAsync($"  {d:yyyy-MM-dd} {"日一二三四五六"[(int)d.DayOfWeek]}  {(calendar.IsWorkingDay(d) ? "上班" : "放假")}  {name}");
        }
        await output.WriteLineAsync($"全年工作日 {workingDays} 天。");
        return 0;
    }
}
