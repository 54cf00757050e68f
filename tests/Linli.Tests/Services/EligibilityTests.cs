using Linli.Features.Services;

namespace Linli.Tests.Services;

/// <summary>The tier by rule (issue 14): the one pure function, over the default rules and the office's own.</summary>
public class EligibilityTests
{
    static Eligibility.Facts Person(int? age, bool alone = false, params string[] tags) => new(age, tags.ToHashSet(StringComparer.Ordinal), alone);

    [Fact]
    public void TheDefaultRulesGiveLowIncomeFreeServiceAndTheOldLivingAloneAndTheDisabledReducedOnes()
    {
        var rules = Eligibility.Defaults;
        Assert.Equal(new Eligibility.Choice(PriceTier.Free, null, "低保户、特困（困难户）"), Eligibility.Choose(rules, Person(45, false, "MinimumLivingAllowance")));
        Assert.Equal(new Eligibility.Choice(PriceTier.Free, null, "低保户、特困（困难户）"), Eligibility.Choose(rules, Person(70, false, Eligibility.ExtremeHardshipTag)));
        Assert.Equal(new Eligibility.Choice(PriceTier.Reduced, null, "80岁以上独居老人"), Eligibility.Choose(rules, Person(80, alone: true)));
        Assert.Equal(new Eligibility.Choice(PriceTier.Reduced, null, "残疾人"), Eligibility.Choose(rules, Person(30, false, "Disabled")));
        // The most favourable tier wins: a disabled 低保 resident of 85 living alone is served free.
        Assert.Equal(PriceTier.Free, Eligibility.Choose(rules, Person(85, true, "Disabled", "MinimumLivingAllowance")).Tier);
        // Each condition of a rule must hold: 79 living alone, or 85 with family, pays.
        Assert.Equal(new Eligibility.Choice(PriceTier.Paid, null, Eligibility.NoRule), Eligibility.Choose(rules, Person(79, alone: true)));
        Assert.Equal(PriceTier.Paid, Eligibility.Choose(rules, Person(85, alone: false)).Tier);
        Assert.Equal(PriceTier.Paid, Eligibility.Choose(rules, Person(null, alone: true)).Tier);
        Assert.Equal(PriceTier.Paid, Eligibility.Choose(rules, Person(60, false, "ElderlyLivingAlone", "Unemployed")).Tier);
    }

    [Fact]
    public void AnOfficesOwnRulesDecideAndTheirOrderBreaksTies()
    {
        var rules = new List<Eligibility.Rule>
        {
            new(12, "70岁以上独居", PriceTier.Reduced, [], 70, true, 2),
            new(11, "空巢老人", PriceTier.Reduced, ["EmptyNestElderly"], null, false, 1),
            new(13, "90岁以上", PriceTier.Free, [], 90, false, 3),
            new(14, "所有居民助餐", PriceTier.Paid, [], null, false, 4),
        };
        Assert.Equal(new Eligibility.Choice(PriceTier.Reduced, 11, "空巢老人"), Eligibility.Choose(rules, Person(75, true, "EmptyNestElderly")));
        Assert.Equal(new Eligibility.Choice(PriceTier.Reduced, 12, "70岁以上独居"), Eligibility.Choose(rules, Person(75, true)));
        Assert.Equal(new Eligibility.Choice(PriceTier.Free, 13, "90岁以上"), Eligibility.Choose(rules, Person(92, true, "EmptyNestElderly")));
        // A rule without conditions holds for everyone, and is named as the one that chose.
        Assert.Equal(new Eligibility.Choice(PriceTier.Paid, 14, "所有居民助餐"), Eligibility.Choose(rules, Person(40)));
        Assert.Equal(new Eligibility.Choice(PriceTier.Paid, null, Eligibility.NoRule), Eligibility.Choose([], Person(40)));
    }

    [Theory]
    [InlineData("2026-11-30", "1946-11-30", 80)]
    [InlineData("2026-11-30", "1946-12-01", 79)]
    [InlineData("2028-02-28", "1948-02-29", 79)]
    [InlineData("2028-02-29", "1948-02-29", 80)]
    public void AgeIsCountedInWholeYearsOnTheDay(string today, string birth, int age) =>
        Assert.Equal(age, Eligibility.AgeOn(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("1", 600, 1500, 600, 900)]
    [InlineData("2.5", 2000, 4000, 5000, 5000)]
    [InlineData("1.33", 1500, 3500, 1995, 2660)]
    [InlineData("1", 0, 1500, 0, 1500)]
    [InlineData("1", 1500, 1200, 1500, 0)]
    public void TheResidentPaysTheirTierAndTheSubsidyTheRestOfTheStandardPrice(string quantity, long residentUnit, long standardUnit, long resident, long subsidy) =>
        Assert.Equal((resident, subsidy), ServiceDesk.Amounts(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), residentUnit, standardUnit));
}
