using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linli.Health;

/// <summary>
/// What `/readyz` and `linli doctor` both ask: the data directory, the database, the key files, the disk; doctor also
/// asks the working-day calendar and the time zone. Each check says its verdict in one Chinese sentence (the result's
/// Description). Healthy is 正常, Degraded is 注意 (works, but something needs a look), Unhealthy is 错误 (/readyz
/// answers 503, doctor exits 1). Writes that fail for such a fault answer 503 (DatabaseFaultAnswers).
/// </summary>
public static class LinliHealthChecks
{
    /// <summary>The checks /readyz asks (the key files' permissions are doctor's only: a loose mode does not stop work).</summary>
    public const string Ready = "ready";

    public static IServiceCollection AddLinliHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DataDirectoryCheck>("data-directory", tags: [Ready])
            .AddCheck<DatabaseCheck>("database", tags: [Ready])
            .Add(new HealthCheckRegistration("field-key", KeyFileCheck.FieldKey, null, null))
            .Add(new HealthCheckRegistration("audit-anchor-key", KeyFileCheck.AuditAnchorKey, null, null))
            .AddCheck<DiskSpaceCheck>("disk", tags: [Ready])
            .AddCheck<WorkCalendarCheck>("work-calendar")
            .AddCheck<TimeZoneCheck>("time-zone");
        services.AddExceptionHandler<DatabaseFaultAnswers>();
        return services;
    }
}
