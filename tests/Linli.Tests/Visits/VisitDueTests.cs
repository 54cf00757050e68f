using Linli.Features.Visits;

namespace Linli.Tests.Visits;

/// <summary>The due arithmetic: calendar months across month ends and leap years, days otherwise, and the window around the due day.</summary>
public class VisitDueTests
{
    static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2027-01-31", 30, "2027-02-28")]    // a monthly visit on the 31st: due on the last day of February
    [InlineData("2028-01-31", 30, "2028-02-29")]    // in a leap year, the 29th
    [InlineData("2028-02-29", 365, "2029-02-28")]   // a yearly visit from 29 February
    [InlineData("2027-02-28", 365, "2028-02-28")]
    [InlineData("2026-11-30", 90, "2027-02-28")]    // quarterly across the year's end and a short month
    [InlineData("2026-08-31", 182, "2027-02-28")]   // half-yearly
    [InlineData("2026-12-29", 7, "2027-01-05")]     // weekly: days, across the year's end
    [InlineData("2028-02-25", 7, "2028-03-03")]     // weekly across a leap February
    [InlineData("2026-03-15", 45, "2026-04-29")]    // 45 days is days, not months
    public void TheNextDueDayFollowsTheCalendar(string last, int interval, string due) =>
        Assert.Equal(D(due), VisitDue.NextDue(D(last), interval));

    [Fact]
    public void AVisitIsOverdueOnlyAfterItsWindowCloses()
    {
        var monthly = new VisitRhythm(30, 7);
        var last = D("2027-01-31");
        var window = VisitDue.WindowAfter(last, monthly);
        Assert.Equal(new DueWindow(D("2027-02-21"), D("2027-02-28"), D("2027-03-07")), window);
        Assert.Equal(DueState.NotYet, VisitDue.StateOn(D("2027-02-20"), last, monthly));
        Assert.Equal(DueState.InWindow, VisitDue.StateOn(D("2027-02-21"), last, monthly));
        Assert.Equal(DueState.InWindow, VisitDue.StateOn(D("2027-02-28"), last, monthly));   // never on the due day
        Assert.Equal(DueState.InWindow, VisitDue.StateOn(D("2027-03-07"), last, monthly));
        Assert.Equal(DueState.Overdue, VisitDue.StateOn(D("2027-03-08"), last, monthly));
        Assert.Equal(DueState.Never, VisitDue.StateOn(D("2027-03-08"), null, monthly));
    }

    [Fact]
    public void AWindowOfNoDaysIsOverdueTheDayAfterTheDueDay()
    {
        var weekly = new VisitRhythm(7, 0);
        Assert.Equal(DueState.InWindow, VisitDue.StateOn(D("2028-03-07"), D("2028-02-29"), weekly));
        Assert.Equal(DueState.Overdue, VisitDue.StateOn(D("2028-03-08"), D("2028-02-29"), weekly));
    }

    [Fact]
    public void ThePersonalRhythmWinsAndTheMostFrequentLabelOtherwiseButSensitiveOnesOnlyForThoseGrantedThem()
    {
        var alone = new VisitPolicies.LabelPolicy(1, "独居老人", false, new VisitRhythm(7, 1), false);
        var allowance = new VisitPolicies.LabelPolicy(2, "低保户", true, new VisitRhythm(30, 7), false);
        var parolee = new VisitPolicies.LabelPolicy(3, "安置帮教对象", true, new VisitRhythm(5, 1), false);
        Assert.Equal(new VisitRhythm(5, 1), VisitPolicies.Resolve([alone, allowance, parolee], null, seesSensitive: true)!.Value.Rhythm);
        var ordinary = VisitPolicies.Resolve([alone, allowance, parolee], null, seesSensitive: false)!.Value;
        Assert.Equal(new VisitRhythm(7, 1), ordinary.Rhythm);
        Assert.DoesNotContain("安置帮教", ordinary.Reason);
        Assert.Null(VisitPolicies.Resolve([allowance], null, seesSensitive: false));

        var own = new VisitOverride { ResidentId = 9, GridId = 1, IntervalDays = 90, WindowDays = 15, Reason = "一般", SetById = 1, SetByName = "x", SetAtUtc = DateTime.UtcNow };
        Assert.Equal(new VisitRhythm(90, 15), VisitPolicies.Resolve([alone], own, seesSensitive: false)!.Value.Rhythm);
        // The override of a person with a sensitive label may say why: a viewer without the grant does not get it.
        Assert.Null(VisitPolicies.Resolve([allowance], own, seesSensitive: false));
    }
}
