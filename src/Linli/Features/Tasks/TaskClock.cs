using Linli.Features.Calendar;

namespace Linli.Features.Tasks;

public enum ReminderKind { None, DueSoon, DueToday, Overdue }

/// <summary>A 催办 line for a community's open part: how it stands against the deadline, in working days.</summary>
public sealed record Reminder(ReminderKind Kind, int WorkingDays, string Text)
{
    public static readonly Reminder None = new(ReminderKind.None, 0, "");
    public Tone Tone => Kind switch { ReminderKind.Overdue => Tone.Overdue, ReminderKind.None => Tone.Normal, _ => Tone.Due };
    public string Css => Kind switch { ReminderKind.Overdue => "overdue", ReminderKind.None => "ok", _ => "due" };
}

/// <summary>
/// Task deadlines on the working-day calendar (Features/Calendar): a deadline given as a number of working days is counted
/// by <see cref="Deadline.Compute"/> from the day of assignment; one given as a date that falls on a rest day moves to the
/// next working day. Reminders (催办) come <see cref="RemindBefore"/> working days before the deadline and every day after it.
/// </summary>
public static class TaskClock
{
    public const int RemindBefore = 2;

    public static DateOnly DueIn(DateOnly assignedOn, int workingDays, WorkCalendar calendar) =>
        Deadline.Compute(new TimeLimit(assignedOn.ToDateTime(TimeOnly.MinValue), workingDays, DeadlineUnit.WorkingDays), calendar).LastDay;

    public static DateOnly DueOn(DateOnly date, WorkCalendar calendar) => calendar.OnOrAfter(date);

    /// <summary>Open parts only (待办, 进行中, 退回); submitted and accepted ones need no reminder.</summary>
    public static Reminder For(TaskState state, DateOnly due, DateOnly today, WorkCalendar calendar)
    {
        if (state is TaskState.Submitted or TaskState.Accepted) return Reminder.None;
        if (today > due)
        {
            var late = Math.Max(1, calendar.WorkingDaysBetween(due, today));
            return new(ReminderKind.Overdue, late, $"已逾期 {late} 个工作日");
        }
        if (today == due) return new(ReminderKind.DueToday, 0, "今天到期");
        var left = calendar.WorkingDaysBetween(today, due);
        return left <= RemindBefore ? new(ReminderKind.DueSoon, left, $"还剩 {left} 个工作日") : Reminder.None;
    }

    /// <summary>Whether a submitted part came in time: on or before the deadline.</summary>
    public static bool OnTime(DateOnly? submittedOn, DateOnly due) => submittedOn is { } d && d <= due;

    public static string StateName(TaskState s) => s switch
    {
        TaskState.Todo => "待办",
        TaskState.InProgress => "进行中",
        TaskState.Submitted => "已提交",
        TaskState.Accepted => "已验收",
        _ => "退回",
    };

    public static string StateCss(TaskState s) => s switch
    {
        TaskState.Accepted => "ok",
        TaskState.Returned => "overdue",
        TaskState.Submitted => "submitted",
        _ => "due",
    };

    public static string EventName(TaskEventKind k) => k switch
    {
        TaskEventKind.Assigned => "下达",
        TaskEventKind.Started => "开始办理",
        TaskEventKind.Submitted => "提交",
        TaskEventKind.Accepted => "验收",
        TaskEventKind.Returned => "退回",
        TaskEventKind.Rescheduled => "期限调整",
        TaskEventKind.DueEarlier => "期限提前",
        _ => "催办",
    };
}
