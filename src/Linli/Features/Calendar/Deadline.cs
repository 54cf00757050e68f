namespace Linli.Features.Calendar;

/// <summary>The unit a time limit is counted in: 日 (calendar days), 工作日 (working days), 小时 (hours).</summary>
public enum DeadlineUnit { Days, WorkingDays, Hours }

/// <summary>
/// A time limit: from <see cref="Start"/>, <see cref="Amount"/> units. <see cref="CountStartDay"/>: whether the day the clock
/// starts counts as the first day — by default it does not (民事诉讼法 art 85: 期间开始的时和日，不计算在期间内).
/// <see cref="RollForward"/>: whether a limit in calendar days whose last day is a rest day ends on the next working day
/// instead — by default it does (art 85: 期间届满的最后一日是节假日的，以节假日后的第一日为期间届满的日期).
/// </summary>
public sealed record TimeLimit(DateTime Start, int Amount, DeadlineUnit Unit, bool CountStartDay = false, bool RollForward = true);

/// <summary>A stretch of time the clock stood still (暂停), e.g. waiting on the resident; <see cref="To"/> is when it went on.</summary>
public sealed record Pause(DateTime From, DateTime To);

/// <summary>An approved extension (延期) of a limit, counted in the limit's own unit from its due date.</summary>
public sealed record Extension(int Amount);

/// <summary>
/// When a limit runs out. <see cref="LastDay"/> is the last day of the limit (inclusive); <see cref="Until"/> the moment it
/// is over (the start of the next day for limits in days, the exact time for hours). <see cref="Provisional"/>: computed
/// over a year whose holiday schedule is not yet published, so it may move (show 暂定).
/// </summary>
public sealed record Due(DateOnly LastDay, DateTime Until, bool Provisional)
{
    /// <summary>The part of the whole limit still left at <paramref name="now"/>, 1 at the start, 0 when due, negative when overdue.</summary>
    public double FractionLeft(DateTime start, DateTime now) =>
        Until <= start ? 0 : (Until - now).TotalMinutes / (Until - start).TotalMinutes;
}

/// <summary>
/// The deadline arithmetic, in one place (DOMAIN.md §2–3): a pure function of the limit, the calendar, the pauses and the
/// extensions. Pauses move the due date by the time paused, counted in the limit's unit (whole days for 日: the dates
/// after the pause began through the date it ended; working days in the same span for 工作日; exact time for 小时).
/// Extensions add their amount to the limit. A limit in calendar days is rolled past a rest day once, at the end.
/// </summary>
public static class Deadline
{
    public static Due Compute(TimeLimit limit, WorkCalendar calendar, IEnumerable<Pause>? pauses = null, IEnumerable<Extension>? extensions = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit.Amount);
        var start = DateOnly.FromDateTime(limit.Start);
        if (limit.Unit == DeadlineUnit.Hours)
        {
            var until = limit.Start.AddHours(limit.Amount);
            foreach (var p in pauses ?? []) if (p.To > p.From) until += p.To - p.From;
            foreach (var e in extensions ?? []) until = until.AddHours(e.Amount);
            var lastDay = DateOnly.FromDateTime(until.AddTicks(-1));
            return new Due(lastDay, until, calendar.TouchesProvisional(start, lastDay));
        }

        DateOnly last;
        if (limit.Unit == DeadlineUnit.Days)
        {
            // Pauses and extensions lengthen the limit itself; only its final last day is rolled past a rest day.
            var raw = start.AddDays(limit.CountStartDay ? limit.Amount - 1 : limit.Amount);
            foreach (var p in pauses ?? [])
                raw = raw.AddDays(Math.Max(0, DateOnly.FromDateTime(p.To).DayNumber - DateOnly.FromDateTime(p.From).DayNumber));
            foreach (var e in extensions ?? []) raw = raw.AddDays(e.Amount);
            last = limit.RollForward ? calendar.OnOrAfter(raw) : raw;
        }
        else
        {
            last = calendar.AddWorkingDays(start, limit.Amount - (limit.CountStartDay && calendar.IsWorkingDay(start) ? 1 : 0));
            foreach (var p in pauses ?? [])
                last = calendar.AddWorkingDays(last, calendar.WorkingDaysBetween(DateOnly.FromDateTime(p.From), DateOnly.FromDateTime(p.To)));
            foreach (var e in extensions ?? []) last = calendar.AddWorkingDays(last, e.Amount);
        }
        return new Due(last, last.AddDays(1).ToDateTime(TimeOnly.MinValue), calendar.TouchesProvisional(start, last));
    }
}
