using Linli.Features.Registry;

namespace Linli.Tests.Registry;

public class PinyinTests
{
    [Theory]
    [InlineData("张三丰", "zsf")]
    [InlineData("王秀兰", "wxl")]
    [InlineData("欧阳建国", "oyjg")]
    [InlineData("曾国强", "zgq")]   // 曾 as a surname is zeng
    public void ANameGivesItsInitialsLikeliestFirst(string name, string expected)
    {
        Assert.Equal(expected, Pinyin.Initials(name).Split(' ')[0]);
    }

    [Fact]
    public void APolyphonicSurnameAlsoGivesItsOtherReadings()
    {
        var variants = Pinyin.Initials("单雄信").Split(' ');
        Assert.Equal("sxx", variants[0]);
        Assert.Contains("dxx", variants);
    }

    [Fact]
    public void LatinLettersAndDigitsAreKeptAndPunctuationSkipped()
    {
        Assert.Equal("ab1", Pinyin.Initials("A·B1"));
        Assert.Equal("", Pinyin.Initials("·"));
    }

    [Theory]
    [InlineData("zsf", true)]
    [InlineData("z", false)]
    [InlineData("张三", false)]
    [InlineData("1234", false)]
    public void InitialsAreRecognisedInTheSearchBox(string text, bool expected) =>
        Assert.Equal(expected, Pinyin.LooksLikeInitials(text));
}
