using Linli.Features.Calendar;

namespace Linli.Tests.Calendar;

/// <summary>The deadline arithmetic pinned on the real, published calendar (DOMAIN.md §3: 2025 and 2026 as the State Council published them).</summary>
public class DeadlineTests
{
    static readonly WorkCalendar Published = new(WorkCalendars.Shipped);

    static DateOnly Due(string start, int amount, DeadlineUnit unit, bool countStartDay = false, bool rollForward = true) =>
        Deadline.Compute(new TimeLimit(DateTime.Parse(start), amount, unit, countStartDay, rollForward), Published).LastDay;

    [Fact]
    public void TheShippedCalendarHoldsThePublishedYears()
    {
        Assert.True(Published.IsOfficial(2025));
        Assert.True(Published.IsOfficial(2026));
        Assert.False(Published.IsOfficial(2027));
    }

    [Theory]
    [InlineData("2026-02-13 16:00", 1, "2026-02-14")]   // Friday + 1 working day = Saturday, a 补班 before 春节
    [InlineData("2026-02-13 16:00", 2, "2026-02-24")]   // then 2/15–23 off: the Tuesday after 春节
    [InlineData("2026-09-30 09:00", 1, "2026-10-08")]   // 国庆 10/1–7 off
    [InlineData("2026-09-18 09:00", 1, "2026-09-20")]   // Sunday 9/20 is a 补班
    [InlineData("2026-04-30 09:00", 5, "2026-05-11")]   // 5/1–5 off, 5/9 (Sat) worked
    [InlineData("2025-01-24 09:00", 1, "2025-01-26")]   // 2025: Sunday 1/26 worked before 春节
    [InlineData("2026-12-25 09:00", 5, "2027-01-04")]   // into a year not yet published: 1/1 off provisionally
    public void WorkingDaysCountOnTheCalendar(string start, int amount, string due) =>
        Assert.Equal(DateOnly.Parse(due), Due(start, amount, DeadlineUnit.WorkingDays));

    [Fact]
    public void FiveWorkingDaysFromAWorkingDayCountingItEndFourLater() =>
        Assert.Equal(new DateOnly(2026, 3, 6), Due("2026-03-02 09:00", 5, DeadlineUnit.WorkingDays, countStartDay: true));

    [Fact]
    public void CalendarDaysDoNotCountTheStartDayAndRollOverAHoliday()
    {
        Assert.Equal(new DateOnly(2026, 1, 20), Due("2026-01-05 10:00", 15, DeadlineUnit.Days));
        // 15 日 from 9/20 ends on 10/5, inside 国庆: rolled to the first working day after it (民事诉讼法 art 85).
        Assert.Equal(new DateOnly(2026, 10, 8), Due("2026-09-20 10:00", 15, DeadlineUnit.Days));
        Assert.Equal(new DateOnly(2026, 10, 5), Due("2026-09-20 10:00", 15, DeadlineUnit.Days, rollForward: false));
        Assert.Equal(new DateOnly(2026, 9, 20), Due("2026-09-20 10:00", 1, DeadlineUnit.Days, countStartDay: true, rollForward: false));
    }

    [Fact]
    public void SixtyDaysAcrossSpringFestivalAreCalendarDays() =>
        // 信访 60 日 (信访工作条例 art 34): 1/20 + 60 = 3/21, a Saturday, so the next Monday.
        Assert.Equal(new DateOnly(2026, 3, 23), Due("2026-01-20 11:00", 60, DeadlineUnit.Days));

    [Fact]
    public void HoursAreExactTime()
    {
        var due = Deadline.Compute(new TimeLimit(new DateTime(2026, 10, 1, 10, 30, 0), 24, DeadlineUnit.Hours), Published);
        Assert.Equal(new DateTime(2026, 10, 2, 10, 30, 0), due.Until);
        Assert.Equal(new DateOnly(2026, 10, 2), due.LastDay);
        Assert.False(due.Provisional);
    }

    [Fact]
    public void APauseMovesTheDueDateByTheWorkingDaysPaused()
    {
        var limit = new TimeLimit(new DateTime(2026, 3, 2, 9, 0, 0), 5, DeadlineUnit.WorkingDays);
        Assert.Equal(new DateOnly(2026, 3, 9), Deadline.Compute(limit, Published).LastDay);
        // Waiting on the resident from Wednesday morning to Friday evening: Thursday and Friday do not count.
        var paused = Deadline.Compute(limit, Published, [new Pause(new DateTime(2026, 3, 4, 9, 0, 0), new DateTime(2026, 3, 6, 17, 0, 0))]);
        Assert.Equal(new DateOnly(2026, 3, 11), paused.LastDay);
        // A pause inside one day moves nothing.
        Assert.Equal(new DateOnly(2026, 3, 9), Deadline.Compute(limit, Published, [new Pause(new DateTime(2026, 3, 4, 9, 0, 0), new DateTime(2026, 3, 4, 17, 0, 0))]).LastDay);
    }

    [Fact]
    public void AnExtensionAddsToTheDueDateInTheLimitsUnit()
    {
        // 信访: 60 日, extended by at most 30 日 with the head's approval (art 34).
        var limit = new TimeLimit(new DateTime(2026, 4, 1, 9, 0, 0), 60, DeadlineUnit.Days);
        Assert.Equal(new DateOnly(2026, 6, 1), Deadline.Compute(limit, Published).LastDay);   // day 60 is Sunday 5/31
        Assert.Equal(new DateOnly(2026, 6, 30), Deadline.Compute(limit, Published, extensions: [new Extension(30)]).LastDay);
    }

    [Fact]
    public void ADeadlineOverAnUnpublishedYearIsProvisionalUntilTheYearArrives()
    {
        var limit = new TimeLimit(new DateTime(2026, 12, 30, 9, 0, 0), 3, DeadlineUnit.WorkingDays);
        var before = Deadline.Compute(limit, Published);
        Assert.True(before.Provisional);
        Assert.Equal(new DateOnly(2027, 1, 5), before.LastDay);   // 12/31, (1/1 off, weekend), 1/4, 1/5

        // A made-up 2027 notice: 1/1–3 off and Monday 1/4 too, Saturday 1/9 worked instead.
        var year2027 = new HolidaySchedule(2027, ["测试通知"],
        [
            new("元旦", new DateOnly(2027, 1, 1), true), new("元旦", new DateOnly(2027, 1, 2), true),
            new("元旦", new DateOnly(2027, 1, 3), true), new("元旦", new DateOnly(2027, 1, 4), true),
            new("元旦", new DateOnly(2027, 1, 9), false),
        ]);
        var after = Deadline.Compute(limit, new WorkCalendar([.. WorkCalendars.Shipped, year2027]));
        Assert.False(after.Provisional);
        Assert.Equal(new DateOnly(2027, 1, 6), after.LastDay);
    }

    [Fact]
    public void AProvisionalYearKnowsOnlyWeekendsAndTheFixedHolidays()
    {
        Assert.False(Published.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.False(Published.IsWorkingDay(new DateOnly(2027, 5, 1)));
        // 劳动节 2027 falls on a weekend; without the notice nothing moves it to Monday.
        Assert.True(Published.IsWorkingDay(new DateOnly(2027, 5, 3)));
        Assert.False(Published.IsWorkingDay(new DateOnly(2027, 9, 30).AddDays(1)));
        Assert.False(Published.IsWorkingDay(new DateOnly(2027, 10, 1)));
        Assert.Equal("国庆节", Published.NameOf(new DateOnly(2027, 10, 2)));
        // 春节 2027 is a lunar holiday: unknown until the notice, so a provisional working day.
        Assert.True(Published.IsWorkingDay(new DateOnly(2027, 2, 8)));
    }

    [Fact]
    public void AScheduleThatIsNotOneIsRefusedInWords()
    {
        var e = Assert.Throws<FormatException>(() => HolidaySchedule.Parse("{\"year\":2027,\"papers\":[],\"days\":[]}"));
        Assert.Contains("还未公布", e.Message);
        e = Assert.Throws<FormatException>(() => HolidaySchedule.Parse("not json"));
        Assert.Contains("不是节假日安排文件", e.Message);
        e = Assert.Throws<FormatException>(() => HolidaySchedule.Parse(
            "{\"year\":2027,\"papers\":[\"x\"],\"days\":[{\"name\":\"元旦\",\"date\":\"2025-06-01\",\"isOffDay\":true}]}"));
        Assert.Contains("2025-06-01", e.Message);
    }
}
