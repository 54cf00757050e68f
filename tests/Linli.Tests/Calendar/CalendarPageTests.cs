using Linli.Features.Calendar;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Calendar;

/// <summary>The administrator's 工作日历 page, and the warning from 1 November while next year is missing.</summary>
public class CalendarPageTests
{
    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }

    [Fact]
    public async Task TheSystemAdministratorSeesEachYearWithItsSourceAndStatus()
    {
        await using var app = await AuditKit.StartAsync(TestDatabase.Sqlite);
        var admin = await AuditKit.LoggedInClientAsync(app, Roles.SystemAdmin);
        var page = await admin.GetStringAsync("/Admin/Calendar");
        Assert.Contains("data-year=\"2026\"", page);
        Assert.Contains("https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm", page);
        Assert.Matches(Row(2026, "<span class=\"status ok\">已公布"), page);
        Assert.Contains("随程序发布", page);
        var thisYear = DateTime.Now.Year;
        if (thisYear + 1 > 2026)
            Assert.Matches(Row(thisYear + 1, "<span class=\"status due\">暂定"), page);
    }

    /// <summary>The table row of a year holding the given markup.</summary>
    static string Row(int year, string markup) => $"data-year=\"{year}\">(?:(?!</tr>)[\\s\\S])*{System.Text.RegularExpressions.Regex.Escape(markup)}";

    [Fact]
    public async Task FromNovemberTheMissingNextYearIsNamed()
    {
        await using var database = await TestDatabase.CreateAsync();
        await Linli.Data.Migrator.ApplyAsync(database.Target, default);
        await using var db = database.Target.CreateContext();
        Assert.Null(await new WorkCalendars(new FixedClock(new(2026, 10, 31, 12, 0, 0, TimeSpan.Zero))).MissingNextYearAsync(db, default));
        Assert.Equal(2027, await new WorkCalendars(new FixedClock(new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero))).MissingNextYearAsync(db, default));
        // 2026 was shipped, so in November 2025 nothing was missing.
        Assert.Null(await new WorkCalendars(new FixedClock(new(2025, 11, 20, 8, 0, 0, TimeSpan.Zero))).MissingNextYearAsync(db, default));
    }

    [Fact]
    public async Task DoctorWarnsFromNovemberWhileNextYearIsMissing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await Linli.Data.Migrator.ApplyAsync(database.Target, default);
        await using var db = database.Target.CreateContext();
        async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckOn(DateTimeOffset now) =>
            await new Linli.Health.WorkCalendarCheck(new WorkCalendars(new FixedClock(now)), db).CheckHealthAsync(new(), default);

        var november = await CheckOn(new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, november.Status);
        Assert.Contains("工作日历缺少 2027 年的节假日安排（已有 2025、2026 年）", november.Description);
        var october = await CheckOn(new(2026, 10, 30, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, october.Status);

        // And the verb says it as one line, whatever today is; a warning is never a failure.
        var output = new StringWriter();
        var exit = await Linli.Cli.Verbs.RunAsync(["doctor", "--data", database.DataDir], output, new StringWriter());
        Assert.Matches("(正常  工作日历：已有 2025、2026|注意  工作日历缺少 \\d{4} 年)", output.ToString());
        Assert.Equal(0, exit);
    }
}
