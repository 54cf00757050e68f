using Linli.Features.Party;

namespace Linli.Tests.Party;

/// <summary>The rectification ledger's rules: overdue, on time, and 销号 by the reviewer alone.</summary>
public class RectificationRuleTests
{
    static readonly DateOnly Today = new(2026, 6, 1);

    [Theory]
    [InlineData(RectificationProgress.NotStarted, -1, true)]
    [InlineData(RectificationProgress.InProgress, -1, true)]
    [InlineData(RectificationProgress.InProgress, 0, false)]      // due today is not yet overdue
    [InlineData(RectificationProgress.Done, -30, false)]
    [InlineData(RectificationProgress.SignedOff, -30, false)]
    public void AnItemIsOverdueWhenItsDeadlinePassedBeforeItWasDone(RectificationProgress p, int days, bool overdue) =>
        Assert.Equal(overdue, Rectifications.IsOverdue(p, Today.AddDays(days), Today));

    [Fact]
    public void OnlyTheReviewerSignsOffAndOnlyWhatIsDone()
    {
        const long owner = 1, reviewer = 2, other = 3;
        Assert.Null(Rectifications.SignOffRefusal(reviewer, owner, reviewer, RectificationProgress.Done));
        Assert.Contains("责任人不能为自己的整改事项销号", Rectifications.SignOffRefusal(owner, owner, reviewer, RectificationProgress.Done));
        Assert.Contains("只有本事项的复核人", Rectifications.SignOffRefusal(other, owner, reviewer, RectificationProgress.Done));
        Assert.Contains("整改完成", Rectifications.SignOffRefusal(reviewer, owner, reviewer, RectificationProgress.InProgress));
        Assert.Contains("已经销号", Rectifications.SignOffRefusal(reviewer, owner, reviewer, RectificationProgress.SignedOff));
        // An owner named as reviewer of their own item is still the owner.
        Assert.Contains("责任人不能", Rectifications.SignOffRefusal(owner, owner, owner, RectificationProgress.Done));
    }

    [Fact]
    public void ProblemsCiteTheTwelvePartsTheSixDisciplinesAndTheFourStandards()
    {
        Assert.Equal(12, Rectifications.RuleSets[0].Headings.Count);
        Assert.Equal(6, Rectifications.RuleSets[1].Headings.Count);
        Assert.Contains(Rectifications.Rules, r => r.Key == "准则·严格党的组织生活制度");
        Assert.Contains(Rectifications.Rules, r => r.Key == "纪律·群众纪律");
        Assert.Contains(Rectifications.Rules, r => r.Key == "四个合格·政治合格");
        Assert.Equal(Rectifications.Rules.Count, Rectifications.Rules.Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public void OnTimeMeansDoneByTheDeadline()
    {
        Assert.True(Rectifications.OnTime(RectificationProgress.SignedOff, Today, Today));
        Assert.False(Rectifications.OnTime(RectificationProgress.Done, Today, Today.AddDays(1)));
        Assert.False(Rectifications.OnTime(RectificationProgress.InProgress, Today, null));
    }
}
