namespace Linli.Features.Calendar;

/// <summary>
/// The office's local time and the stored UTC, one way of converting between them for every module. Times are stored in
/// UTC; SQLite gives them back with an unspecified kind, which is read as UTC here. The zone is the clock's
/// (<see cref="TimeProvider.LocalTimeZone"/>), so tests that move the clock move the local time with it.
/// </summary>
public static class OfficeTime
{
    /// <summary>A stored UTC time as UTC (SQLite gives it back unspecified).</summary>
    public static DateTime AsUtc(DateTime t) => t.Kind == DateTimeKind.Utc ? t : DateTime.SpecifyKind(t, DateTimeKind.Utc);

    /// <summary>A stored UTC time in the zone's local time.</summary>
    public static DateTime LocalOf(this TimeZoneInfo zone, DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(AsUtc(utc), zone);

    /// <summary>The local date of a stored UTC time.</summary>
    public static DateOnly LocalDateOf(this TimeZoneInfo zone, DateTime utc) => DateOnly.FromDateTime(zone.LocalOf(utc));

    /// <summary>A local wall-clock time in the zone (a deadline the calendar worked out) as UTC, to store.</summary>
    public static DateTime UtcOf(this TimeZoneInfo zone, DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);

    /// <summary>The UTC time of a day's start (00:00 local), the lower bound of "on or after this day" in a query.</summary>
    public static DateTime UtcStartOf(this TimeZoneInfo zone, DateOnly day) => zone.UtcOf(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>A stored UTC time in the clock's local time.</summary>
    public static DateTime LocalOf(this TimeProvider clock, DateTime utc) => clock.LocalTimeZone.LocalOf(utc);

    /// <summary>The local date of a stored UTC time in the clock's zone.</summary>
    public static DateOnly LocalDateOf(this TimeProvider clock, DateTime utc) => clock.LocalTimeZone.LocalDateOf(utc);

    /// <summary>The UTC time of a day's start in the clock's zone.</summary>
    public static DateTime UtcStartOf(this TimeProvider clock, DateOnly day) => clock.LocalTimeZone.UtcStartOf(day);

    /// <summary>Today's local date by the clock.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
