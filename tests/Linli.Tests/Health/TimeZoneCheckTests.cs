using Linli.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linli.Tests.Health;

/// <summary>doctor's time-zone line: Beijing time is 正常; any other zone is a 注意 saying how far off, and how to set it.</summary>
public class TimeZoneCheckTests
{
    sealed class ClockIn(TimeZoneInfo zone) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 1, 2, 30, 0, TimeSpan.Zero);
        public override TimeZoneInfo LocalTimeZone => zone;
    }

    static Task<HealthCheckResult> In(TimeZoneInfo zone) => new TimeZoneCheck(new ClockIn(zone)).CheckHealthAsync(new());

    static TimeZoneInfo Fixed(string id, double hours) => TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(hours), id, id);

    [Fact]
    public async Task BeijingTimeIsRightAndAServerLeftInUtcIsToldHowFarOffAndHowToSetIt()
    {
        var beijing = await In(Fixed("Asia/Shanghai", 8));
        Assert.Equal(HealthStatus.Healthy, beijing.Status);
        Assert.Equal("时区：Asia/Shanghai（UTC+08:00），即北京时间。", beijing.Description);

        var utc = await In(TimeZoneInfo.Utc);
        Assert.Equal(HealthStatus.Degraded, utc.Status);
        Assert.Contains("本机为 UTC（UTC+00:00），不是北京时间", utc.Description);
        Assert.Contains("比北京时间早 8 小时", utc.Description);
        Assert.Contains("要到北京时间 08:00 才换日", utc.Description);
        Assert.Contains("TZ=Asia/Shanghai", utc.Description);

        var tokyo = await In(Fixed("Asia/Tokyo", 9));
        Assert.Contains("比北京时间晚 1 小时", tokyo.Description);
        Assert.Contains("要到北京时间 23:00 才换日", tokyo.Description);

        var india = await In(Fixed("Asia/Kolkata", 5.5));
        Assert.Contains("比北京时间早 2.5 小时", india.Description);
        Assert.Contains("要到北京时间 02:30 才换日", india.Description);

        var newYork = await In(Fixed("America/New_York", -5));
        Assert.Contains("（UTC-05:00）", newYork.Description);
        Assert.Contains("比北京时间早 13 小时", newYork.Description);
        Assert.Contains("要到北京时间 13:00 才换日", newYork.Description);
    }
}
