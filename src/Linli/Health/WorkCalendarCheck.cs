using Linli.Data;
using Linli.Features.Calendar;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linli.Health;

/// <summary>
/// From 1 November, whether next year's holiday schedule is in the working-day calendar: the State Council publishes
/// it between late October and early December, and until it is imported every deadline reaching into that year is
/// provisional (暂定). A warning (注意), never a failure: Linli works on, counting weekends and fixed holidays only.
/// Asked by `linli doctor`, not by /readyz.
/// </summary>
sealed class WorkCalendarCheck(WorkCalendars calendars, LinliDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        int? missing;
        string known;
        try
        {
            missing = await calendars.MissingNextYearAsync(db, ct);
            known = string.Join("、", (await calendars.YearsAsync(db, ct)).Select(y => y.Year));
        }
        catch (Exception e) when (DatabaseErrors.Transient(e) is not null || e is Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            return HealthCheckResult.Healthy("工作日历：数据库打不开，未检查（见数据库一项）。");
        }
        return missing is { } year
            ? HealthCheckResult.Degraded($"工作日历缺少 {year} 年的节假日安排（已有 {known} 年）。国务院公布后请运行 linli calendar import 文件 导入；在此之前，跨入 {year} 年的办理时限按周末和固定节日暂定。")
            : HealthCheckResult.Healthy($"工作日历：已有 {known} 年的节假日安排。");
    }
}
