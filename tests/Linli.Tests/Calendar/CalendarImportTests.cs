using Linli.Cli;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Calendar;

/// <summary>`linli calendar import` and `show` on both engines: a year imported is official, audited, and overrides nothing else.</summary>
public class CalendarImportTests
{
    const string Year2027 = """
        {"year": 2027, "papers": ["https://example.invalid/2027-notice"], "days": [
          {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
          {"name": "春节", "date": "2027-02-06", "isOffDay": false},
          {"name": "春节", "date": "2027-02-07", "isOffDay": true}
        ]}
        """;

    static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await Verbs.RunAsync(args, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    static string[] On(TestDatabase database, params string[] args) =>
        database.Options.Db is { } db ? [.. args, "--data", database.DataDir, "--db", db] : [.. args, "--data", database.DataDir];

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnImportedYearIsOfficialAndAudited(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await Linli.Data.Migrator.ApplyAsync(database.Target, default);

        var before = await Run(On(database, "calendar", "show", "2027"));
        Assert.Equal(0, before.Exit);
        Assert.Contains("2027 年：暂定", before.Out);

        var file = Path.Combine(database.DataDir, "2027.json");
        await File.WriteAllTextAsync(file, Year2027);
        var import = await Run(On(database, "calendar", "import", file));
        Assert.Equal(0, import.Exit);
        Assert.Contains("已导入 2027 年节假日安排：放假 2 天，补班 1 天", import.Out);

        var after = await Run(On(database, "calendar", "show", "2027"));
        Assert.Contains("2027 年：已公布", after.Out);
        Assert.Contains("由 cli 导入", after.Out);
        Assert.Contains("2027-02-06 六  上班  春节补班", after.Out);

        await using var db = database.Target.CreateContext();
        var calendar = await new WorkCalendars(TimeProvider.System).CurrentAsync(db, default);
        Assert.True(calendar.IsOfficial(2027));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 2, 6)));
        Assert.True(calendar.IsOfficial(2026));   // the shipped years stay
        var row = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.CalendarImport);
        Assert.Contains("2027 年，此前为暂定", row.Detail);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AFileThatIsNotAScheduleChangesNothing(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await Linli.Data.Migrator.ApplyAsync(database.Target, default);
        var file = Path.Combine(database.DataDir, "bad.json");
        await File.WriteAllTextAsync(file, """{"year": 2027, "papers": [], "days": []}""");

        var import = await Run(On(database, "calendar", "import", file));
        Assert.Equal(1, import.Exit);
        Assert.Contains("bad.json：2027 年的安排没有通知来源", import.Err);
        await using var db = database.Target.CreateContext();
        Assert.Equal(0, await db.CalendarYears.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.CalendarImport));
    }

    [Fact]
    public async Task ShowListsThePublishedYearWithItsMakeUpDays()
    {
        await using var database = await TestDatabase.CreateAsync();
        // A verb never creates a database: a mistyped --data is said, not filled.
        Assert.Equal(1, (await Run(On(database, "calendar", "show", "2026"))).Exit);
        await Linli.Data.Migrator.ApplyAsync(database.Target, default);
        var show = await Run(On(database, "calendar", "show", "2026"));
        Assert.Equal(0, show.Exit);
        Assert.Contains("2026 年：已公布。来源：https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm（随程序发布）", show.Out);
        Assert.Contains("2026-02-14 六  上班  春节补班", show.Out);
        Assert.Contains("2026-10-01 四  放假  国庆节", show.Out);
        var bad = await Run(On(database, "calendar", "show", "明年"));
        Assert.Equal(2, bad.Exit);
    }
}
