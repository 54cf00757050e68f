using Linli.Features.Party;

namespace Linli.Tests.Party;

/// <summary>The two pure rules of the branch's meetings: the quorum, and which periods are done, missing or still open.</summary>
public class MeetingRhythmTests
{
    [Theory]
    [InlineData(MeetingKind.MembersMeeting, 40, 21, true)]
    [InlineData(MeetingKind.MembersMeeting, 40, 20, false)]      // half is not more than half
    [InlineData(MeetingKind.MembersMeeting, 41, 21, true)]
    [InlineData(MeetingKind.CommitteeMeeting, 5, 3, true)]
    [InlineData(MeetingKind.CommitteeMeeting, 5, 2, false)]
    [InlineData(MeetingKind.OrganisationalLife, 10, 5, false)]
    [InlineData(MeetingKind.DemocraticEvaluation, 10, 6, true)]
    [InlineData(MeetingKind.MembersMeeting, 0, 0, false)]
    public void AMeetingWithAQuorumRuleNeedsMoreThanHalf(MeetingKind kind, int expected, int present, bool met)
    {
        var q = MeetingRhythm.Quorum(kind, expected, present);
        Assert.True(q.Required);
        Assert.Equal(met, q.Met);
        Assert.Contains($"实到{present}人", q.Text);
        Assert.Contains(met ? "超过半数" : "未超过半数", q.Text);
    }

    [Theory]
    [InlineData(MeetingKind.ThemeDay)]
    [InlineData(MeetingKind.GroupMeeting)]
    [InlineData(MeetingKind.PartyClass)]
    public void MeetingsWithoutAQuorumRuleAreNeverShort(MeetingKind kind)
    {
        var q = MeetingRhythm.Quorum(kind, 30, 1);
        Assert.False(q.Required);
        Assert.True(q.Met);
    }

    [Fact]
    public void MorePresentThanExpectedIsRefused()
    {
        var q = MeetingRhythm.Quorum(MeetingKind.MembersMeeting, 10, 11);
        Assert.False(q.Met);
        Assert.Contains("不能多于应到人数", q.Text);
    }

    [Fact]
    public void MonthsAndQuartersAreDoneMissingOrPendingByTheDayTheyEnd()
    {
        var today = new DateOnly(2026, 5, 10);
        var held = new (MeetingKind, DateOnly, long?)[]
        {
            (MeetingKind.CommitteeMeeting, new(2026, 1, 5), null), (MeetingKind.CommitteeMeeting, new(2026, 3, 5), null),   // February missing
            (MeetingKind.MembersMeeting, new(2026, 2, 25), null),                                                              // Q1 done; Q2 still open
            (MeetingKind.ThemeDay, new(2025, 12, 15), null),                                                                   // another year: not counted
        };
        var status = MeetingRhythm.Status(2026, today, held, groups: 0);
        PeriodState State(MeetingKind k, int n) => status.Single(s => s.Kind == k && s.Number == n).State;

        Assert.Equal(PeriodState.Done, State(MeetingKind.CommitteeMeeting, 1));
        Assert.Equal(PeriodState.Missing, State(MeetingKind.CommitteeMeeting, 2));
        Assert.Equal(PeriodState.Done, State(MeetingKind.CommitteeMeeting, 3));
        Assert.Equal(PeriodState.Missing, State(MeetingKind.CommitteeMeeting, 4));
        Assert.Equal(PeriodState.Pending, State(MeetingKind.CommitteeMeeting, 5));
        Assert.DoesNotContain(status, s => s.Kind == MeetingKind.CommitteeMeeting && s.Number == 6);   // June has not begun
        Assert.Equal(PeriodState.Done, State(MeetingKind.MembersMeeting, 1));
        Assert.Equal(PeriodState.Pending, State(MeetingKind.MembersMeeting, 2));
        Assert.Equal(PeriodState.Missing, State(MeetingKind.ThemeDay, 1));
        Assert.Equal(PeriodState.Pending, State(MeetingKind.OrganisationalLife, 1));

        var current = MeetingRhythm.Current(status, today);
        Assert.Equal(5, current.Single(c => c.Kind == MeetingKind.CommitteeMeeting).Number);
        Assert.Equal(2, current.Single(c => c.Kind == MeetingKind.MembersMeeting).Number);
        Assert.Equal(1, current.Single(c => c.Kind == MeetingKind.DemocraticEvaluation).Number);
    }

    [Fact]
    public void AGroupMonthIsDoneOnlyWhenEveryGroupMet()
    {
        var today = new DateOnly(2026, 3, 1);
        var held = new (MeetingKind, DateOnly, long?)[]
        {
            (MeetingKind.GroupMeeting, new(2026, 1, 20), 1), (MeetingKind.GroupMeeting, new(2026, 1, 21), 2),
            (MeetingKind.GroupMeeting, new(2026, 2, 20), 1), (MeetingKind.GroupMeeting, new(2026, 2, 22), 1),
        };
        var status = MeetingRhythm.Status(2026, today, held, groups: 2);
        var jan = status.Single(s => s.Kind == MeetingKind.GroupMeeting && s.Number == 1);
        var feb = status.Single(s => s.Kind == MeetingKind.GroupMeeting && s.Number == 2);
        Assert.Equal((PeriodState.Done, 2, 2), (jan.State, jan.Held, jan.Required));
        Assert.Equal((PeriodState.Missing, 1, 2), (feb.State, feb.Held, feb.Required));   // group 1 twice, group 2 never
    }

    [Fact]
    public void AClosedYearHasNoPendingPeriods()
    {
        var status = MeetingRhythm.Status(2025, new DateOnly(2026, 1, 1), [(MeetingKind.OrganisationalLife, new(2025, 12, 20), null)], groups: 1);
        Assert.DoesNotContain(status, s => s.State == PeriodState.Pending);
        Assert.Equal(PeriodState.Done, status.Single(s => s.Kind == MeetingKind.OrganisationalLife).State);
        Assert.Equal(12, status.Count(s => s.Kind == MeetingKind.ThemeDay && s.State == PeriodState.Missing));
    }
}
