using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linli.Health;

/// <summary>
/// Whether the clock's zone keeps Beijing time (UTC+08:00, China's one standard time, without summer time since 1991).
/// Every time a page shows and every "today" the work is counted from (overdue visits, case deadlines, the working-day
/// calendar) is the clock's local time (Features/Calendar/OfficeTime). A server left in UTC, as many Linux servers and
/// containers are, shows each time 8 hours early and starts each day at 08:00 Beijing time. A warning (注意), asked by
/// `linli doctor`, not by /readyz.
/// </summary>
sealed class TimeZoneCheck(TimeProvider clock) : IHealthCheck
{
    static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var zone = clock.LocalTimeZone;
        var offset = zone.GetUtcOffset(clock.GetUtcNow());
        var name = $"{zone.Id}（UTC{Signed(offset)}）";
        if (offset == Beijing) return Task.FromResult(HealthCheckResult.Healthy($"时区：{name}，即北京时间。"));

        var behind = Beijing - offset;
        var hours = Math.Abs(behind.TotalHours).ToString("0.##", CultureInfo.InvariantCulture);
        // Local midnight is UTC −offset, so Beijing time +8 h −offset: 08:00 for a server in UTC.
        var dayTurns = TimeOnly.FromTimeSpan(TimeSpan.FromTicks(((behind.Ticks % TimeSpan.TicksPerDay) + TimeSpan.TicksPerDay) % TimeSpan.TicksPerDay));
        return Task.FromResult(HealthCheckResult.Degraded(
            $"时区：本机为 {name}，不是北京时间（UTC+08:00）：页面上的时间比北京时间{(behind > TimeSpan.Zero ? "早" : "晚")} {hours} 小时，"
            + $"到期、逾期所按的“今天”要到北京时间 {dayTurns:HH\\:mm} 才换日。请把系统时区设为 Asia/Shanghai"
            + "（timedatectl set-timezone Asia/Shanghai），或在启动 linli 前设置环境变量 TZ=Asia/Shanghai，然后重启。"));
    }

    static string Signed(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture);
}
