namespace Linli.Features.Visits;

/// <summary>How often, and how wide the window around the due day: a visit from <c>due − window</c> to <c>due + window</c> is on time.</summary>
public readonly record struct VisitRhythm(int IntervalDays, int WindowDays);

/// <summary>应走访期: a visit in [<see cref="Opens"/>, <see cref="Closes"/>] is on time; overdue only after <see cref="Closes"/>.</summary>
public readonly record struct DueWindow(DateOnly Opens, DateOnly Due, DateOnly Closes);

/// <summary>Where a person or household stands on a day: not yet due, in the window, overdue, or never visited.</summary>
public enum DueState { NotYet, InWindow, Overdue, Never }

/// <summary>
/// The due arithmetic, in one pure place. An interval of whole months as the office says them (30 = monthly, 90 =
/// quarterly, 182 = half-yearly, 365 = yearly) counts in calendar months, so a monthly visit on 31 January is due on the
/// last day of February (28 or 29) and a yearly one from 29 February on 28 February; other intervals (7, 14, 45 …)
/// count in days. The window is calendar days on either side of the due day: visits are done on weekends too.
/// </summary>
public static class VisitDue
{
    /// <summary>The calendar months an interval of days stands for, or null when it is a count of days.</summary>
    public static int? MonthsOf(int intervalDays) => intervalDays switch
    {
        >= 28 and <= 31 => 1,
        >= 59 and <= 62 => 2,
        >= 89 and <= 92 => 3,
        >= 180 and <= 184 => 6,
        >= 365 and <= 366 => 12,
        _ => null,
    };

    /// <summary>The due day after a visit on <paramref name="last"/>.</summary>
    public static DateOnly NextDue(DateOnly last, int intervalDays) =>
        MonthsOf(intervalDays) is { } months ? last.AddMonths(months) : last.AddDays(intervalDays);

    public static DueWindow WindowAfter(DateOnly last, VisitRhythm rhythm)
    {
        var due = NextDue(last, rhythm.IntervalDays);
        return new DueWindow(due.AddDays(-rhythm.WindowDays), due, due.AddDays(rhythm.WindowDays));
    }

    public static DueState StateOn(DateOnly today, DateOnly? last, VisitRhythm rhythm)
    {
        if (last is not { } l) return DueState.Never;
        var w = WindowAfter(l, rhythm);
        return today > w.Closes ? DueState.Overdue : today >= w.Opens ? DueState.InWindow : DueState.NotYet;
    }

    /// <summary>The window the street's default interval gets when no community set one: a week's visits ±1 day, a month's ±7, a quarter's ±15, longer ±30.</summary>
    public static int DefaultWindow(int intervalDays) => intervalDays switch
    {
        <= 7 => 1,
        <= 31 => 7,
        <= 92 => 15,
        _ => 30,
    };
}
