using Linli.Data;

namespace Linli.Features.Calendar;

/// <summary>
/// A module whose open deadlines were computed on the calendar (issue 13: "importing a year recomputes open deadlines,
/// writes each change to the audit log and tells the owners whose deadline moved earlier; closed cases keep theirs").
/// <see cref="WorkCalendars.ImportAsync"/> calls every registered one after a year is imported, so the calendar knows no
/// module. Registered as a singleton; it is handed the importer's database context.
/// </summary>
public interface IOpenDeadlines
{
    /// <returns>How many deadlines moved.</returns>
    Task<int> RecomputeAsync(LinliDb db, WorkCalendar calendar, IReadOnlyCollection<int> years, CancellationToken ct);
}
