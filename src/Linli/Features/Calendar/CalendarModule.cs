namespace Linli.Features.Calendar;

/// <summary>
/// The working-day calendar as a module of the base (like Access and Registry, not a work module): every module's
/// deadlines are computed by <see cref="Deadline"/> on <see cref="WorkCalendars"/>' current calendar.
/// </summary>
public static class CalendarModule
{
    public static IServiceCollection AddCalendar(this IServiceCollection services) => services.AddSingleton<WorkCalendars>();
}
