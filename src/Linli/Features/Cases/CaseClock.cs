using Linli.Features.Calendar;

namespace Linli.Features.Cases;

/// <summary>绿 / 黄 / 红 on every list row by the share of the stage's time left; 暂停 while paused; none when no clock runs.</summary>
public enum ClockColour { None, Green, Yellow, Red, Paused }

/// <summary>
/// A case's clock on the working-day calendar: the stage's limit from <see cref="CaseType"/>, counted by
/// <see cref="Deadline.Compute"/> from the stage's start (office local time), with the stage's closed pauses and its
/// extensions. The result is stored on the case in UTC (due and yellow line), so lists sort and count by it in SQL. The
/// yellow line is the type's for the case's level: the community's, or the street's once escalated.
/// </summary>
public static class CaseClock
{
    public static TimeLimit Limit(CaseType type, CaseStage stage, DateTime startLocal) => stage == CaseStage.Accept
        ? new TimeLimit(startLocal, type.AcceptAmount, type.AcceptUnit)
        : new TimeLimit(startLocal, type.HandleAmount, type.HandleUnit);

    /// <summary>Sets the due date and yellow line of the running stage from its start, pauses and extensions.</summary>
    public static void Apply(Case c, CaseType type, WorkCalendar calendar, TimeZoneInfo zone, IEnumerable<CasePause> pauses, IEnumerable<CaseExtension> extensions)
    {
        if (c.ClockStage is not { } stage || c.ClockStart is not { } startUtc) return;
        var local = (DateTime utc) => zone.LocalOf(utc);
        var startLocal = local(startUtc);
        var due = Deadline.Compute(Limit(type, stage, startLocal), calendar,
            pauses.Where(p => p.Stage == stage && p.To is not null).Select(p => new Pause(local(p.From), local(p.To!.Value))),
            extensions.Where(e => e.Stage == stage).Select(e => new Extension(e.Amount)));
        var untilUtc = zone.UtcOf(due.Until);
        var percent = type.YellowPercent(stage, street: c.Escalated);
        c.DueAt = untilUtc;
        c.YellowAt = untilUtc - TimeSpan.FromTicks((untilUtc - startUtc).Ticks * Math.Clamp(percent, 0, 100) / 100);
        c.DueProvisional = due.Provisional;
    }

    /// <summary>Starts <paramref name="stage"/>'s clock at <paramref name="startUtc"/>.</summary>
    public static void Start(Case c, CaseType type, CaseStage stage, DateTime startUtc, WorkCalendar calendar, TimeZoneInfo zone,
        IEnumerable<CasePause> pauses, IEnumerable<CaseExtension> extensions)
    {
        c.ClockStage = stage;
        c.ClockStart = startUtc;
        c.PausedSince = null;
        Apply(c, type, calendar, zone, pauses, extensions);
    }

    /// <summary>Stops the clock; the due date stays as the deadline the case was judged by.</summary>
    public static void Stop(Case c)
    {
        c.ClockStage = null;
        c.PausedSince = null;
    }

    public static ClockColour Colour(CaseStage? stage, DateTime? pausedSince, DateTime? dueAt, DateTime? yellowAt, DateTime nowUtc) =>
        stage is null || dueAt is null ? ClockColour.None
        : pausedSince is not null ? ClockColour.Paused
        : nowUtc >= dueAt ? ClockColour.Red
        : yellowAt is { } y && nowUtc >= y ? ClockColour.Yellow
        : ClockColour.Green;

    public static ClockColour Colour(Case c, DateTime nowUtc) => Colour(c.ClockStage, c.PausedSince, c.DueAt, c.YellowAt, nowUtc);

    public static string Word(ClockColour colour) => colour switch
    {
        ClockColour.Green => "正常",
        ClockColour.Yellow => "临期",
        ClockColour.Red => "超期",
        ClockColour.Paused => "暂停",
        _ => "—",
    };

    /// <summary>The CSS status class of linli.css.</summary>
    public static string Css(ClockColour colour) => colour switch
    {
        ClockColour.Green => "ok",
        ClockColour.Yellow => "due",
        ClockColour.Red => "overdue",
        _ => "",
    };

    public static Tone Tone(ClockColour colour) => colour switch
    {
        ClockColour.Green => Features.Tone.Ok,
        ClockColour.Yellow => Features.Tone.Due,
        ClockColour.Red => Features.Tone.Overdue,
        _ => Features.Tone.Normal,
    };

    public static string StateWord(CaseState s) => s switch
    {
        CaseState.Registered => "登记",
        CaseState.Accepted => "受理",
        CaseState.Handling => "办理",
        CaseState.Answered => "已答复",
        CaseState.FollowedUp => "已回访",
        CaseState.Archived => "归档",
        CaseState.Terminated => "终止",
        CaseState.Withdrawn => "退单",
        CaseState.Merged => "已并案",
        _ => s.ToString(),
    };

    public static string StageWord(CaseStage? s) => s switch { CaseStage.Accept => "受理时限", CaseStage.Handle => "办理时限", _ => "—" };
}
