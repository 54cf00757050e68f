using System.Globalization;
using Linli.Features.Calendar;

namespace Linli.Features.Visits;

/// <summary>
/// 首次走访时限 (DOMAIN.md §1: 高风险 weekly and within 24 h of a major change). The trigger is the label being put on the
/// person (<see cref="Registry.ResidentTag.AddedAtUtc"/>, e.g. 独居老人 after a spouse's death); a label with
/// <see cref="VisitPolicies.LabelPolicy.WithinHours"/> = N then asks for a visit by T + N h. It is pending while the person
/// has no visit dated on or after T's local date (a visit is dated by day, so the day of the trigger counts), and such a
/// visit clears it: the ordinary rhythm goes on from that visit. Derived like the rest of the schedule, nothing stored.
/// A person's own rhythm (<see cref="VisitOverride"/>) replaces the labels' interval but not this: the trigger is about the
/// change in the person's life, not about how often they are visited.
/// <para>
/// The workbench is exact to the minute (overdue once the deadline has passed); <see cref="VisitStanding"/> and the
/// street's counts are by day, as every window there is: the window opens on T's local date and closes on the deadline's,
/// so the street counts the person overdue from the day after the deadline.
/// </para>
/// </summary>
public static class VisitTriggers
{
    /// <summary>A first visit still to be made: the label, when it was put on (UTC) and the hours given.</summary>
    public sealed record Pending(long TagId, string Label, bool IsSensitive, DateTime AddedAtUtc, int Hours)
    {
        public DateTime DeadlineUtc => AddedAtUtc.AddHours(Hours);
        /// <summary>The deadline as the APIs give it (<c>firstVisitBy</c>).</summary>
        public DateTimeOffset By => new(DeadlineUtc, TimeSpan.Zero);
    }

    /// <summary>Whether the label put on at <paramref name="addedAtUtc"/> still waits for its first visit, given the person's last visit.</summary>
    public static bool IsPending(DateTime addedAtUtc, DateOnly? lastVisit, TimeZoneInfo zone) =>
        lastVisit is not { } last || last < zone.LocalDateOf(addedAtUtc);

    /// <summary>The pending first visit of one label on one person, or null (no hours, no trigger known, or visited since).</summary>
    public static Pending? Of(VisitPolicies.LabelPolicy policy, DateTime? addedAtUtc, DateOnly? lastVisit, TimeZoneInfo zone) =>
        policy.WithinHours is { } hours && addedAtUtc is { } at && IsPending(at, lastVisit, zone)
            ? new Pending(policy.TagId, policy.Name, policy.IsSensitive, OfficeTime.AsUtc(at), hours) : null;

    /// <summary>The trigger's window by day: from T's local date to the deadline's.</summary>
    public static DueWindow WindowOf(Pending p, TimeZoneInfo zone)
    {
        var closes = zone.LocalDateOf(p.DeadlineUtc);
        return new DueWindow(zone.LocalDateOf(p.AddedAtUtc), closes, closes);
    }

    /// <summary>The window that asks first: the ordinary one (null when never visited) and the trigger's, day by day the earlier.</summary>
    public static DueWindow Earlier(DueWindow? ordinary, DueWindow trigger) => ordinary is not { } o ? trigger
        : new DueWindow(Min(o.Opens, trigger.Opens), Min(o.Due, trigger.Due), Min(o.Closes, trigger.Closes));

    /// <summary>The person's state with a pending first visit: overdue once its deadline has passed (or the ordinary rhythm is), else due now.</summary>
    public static DueState StateAt(DateTime nowUtc, Pending p, DueState ordinary) =>
        nowUtc > p.DeadlineUtc || ordinary == DueState.Overdue ? DueState.Overdue : DueState.InWindow;

    /// <summary>新增标签「独居老人」：须在 12月2日 14:00 前走访（24小时内）— the deadline in local time.</summary>
    public static string Reason(Pending p, TimeZoneInfo zone) =>
        $"新增标签「{p.Label}」：须在 {zone.LocalOf(p.DeadlineUtc).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture)} 前走访（{p.Hours}小时内）";

    static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
