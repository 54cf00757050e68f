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

    public static VerbCommand Command()
    {
        var file = Args.Word("FILE", "holiday-cn 格式的 JSON 文件：{year, papers, days:[{name, date, isOffDay}]}，或这样的若干年组成的数组");
        var import = new VerbCommand("import", "导入国务院公布的某年节假日安排（记入审计日志）；导入的年份取代随程序发布的同一年") { file };
        import.Run = run => ImportAsync(run, run.Value(file)!);
        var year = Args.Word("YEAR", "年份，如 2026");
        var show = new VerbCommand("show", "列出某年的放假和补班日、全年工作日数，以及安排的来源；未公布的年份说明按暂定规则计算") { year };
        show.Run = run => ShowAsync(run, run.Value(year)!);
        return new VerbCommand("calendar", "工作日历：导入或查看国务院公布的节假日安排；未公布的年份按周末和固定日期节日（元旦、劳动节、国庆节）暂定") { import, show };
    }

    static async Task<int> ImportAsync(VerbRun run, string file)
    {
        var (output, errors, ct) = (run.Output, run.Errors, run.Ct);
        if (!File.Exists(file))
        {
            await errors.WriteLineAsync($"找不到文件 {file}。");
            return 1;
        }
        if (!await run.DatabaseReadyAsync()) return 1;
        var db = run.Get<LinliDb>();
        var calendars = run.Get<WorkCalendars>();
        var audit = run.Get<AuditLog>();
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

    static async Task<int> ShowAsync(VerbRun run, string yearText)
    {
        var (output, errors, ct) = (run.Output, run.Errors, run.Ct);
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            await errors.WriteLineAsync($"“{yearText}”不是年份。用法：{Usage}");
            return 2;
        }
        if (!await run.DatabaseReadyAsync()) return 1;
        var db = run.Get<LinliDb>();
        var calendars = run.Get<WorkCalendars>();
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
