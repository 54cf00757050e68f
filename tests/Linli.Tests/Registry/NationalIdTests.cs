using Linli.Features.Registry;

namespace Linli.Tests.Registry;

public class NationalIdTests
{
    // Synthetic numbers made with the check-digit rule, never a real person's.
    static string Make(string first17) => first17 + NationalId.CheckDigit(first17);

    [Fact]
    public void AValidNumberIsAcceptedAndTellsBirthDateAndGender()
    {
        var id = Make("41010219560312001");
        Assert.True(NationalId.TryNormalize(id, out var n, out var error), error);
        Assert.Equal(id, n);
        Assert.Equal(new DateOnly(1956, 3, 12), NationalId.BirthDate(n));
        Assert.Equal(Gender.Male, NationalId.Gender(n)); // the 17th digit, 1, is odd
        Assert.Equal(Gender.Female, NationalId.Gender(Make("41010219560312002")));
    }

    [Fact]
    public void TheCheckDigitFollowsGB11643()
    {
        // The worked example of the standard: 11010519491231002 → X.
        Assert.Equal('X', NationalId.CheckDigit("11010519491231002"));
    }

    [Fact]
    public void AWrongCheckDigitIsRefusedInChinese()
    {
        var id = Make("41010219560312001");
        var wrong = id[..17] + (id[17] == '1' ? '2' : '1');
        Assert.False(NationalId.TryNormalize(wrong, out _, out var error));
        Assert.Equal("身份证号校验位不正确", error);
    }

    [Fact]
    public void ALegacyFifteenDigitNumberIsUpgraded()
    {
        Assert.True(NationalId.TryNormalize("410102560312001", out var n, out _));
        Assert.Equal(Make("41010219560312001"), n);
    }

    [Fact]
    public void FullWidthDigitsSpacesAndALowerCaseXAreFolded()
    {
        var id = Make("11010519491231002"); // ends in X
        var typed = "１１０１０５ １９４９１２３１００２x";
        Assert.True(NationalId.TryNormalize(typed, out var n, out var error), error);
        Assert.Equal(id, n);
    }

    [Theory]
    [InlineData("4.10102195603E+17", "身份证号应为18位")]
    [InlineData("41010219561332001X", "身份证号中的出生日期不存在")]
    [InlineData("", "身份证号为空")]
    public void BrokenNumbersSayWhatIsWrong(string input, string expectedStart)
    {
        Assert.False(NationalId.TryNormalize(input, out _, out var error));
        Assert.StartsWith(expectedStart, error);
    }

    [Fact]
    public void NumbersAreMaskedToTheFirstAndLastFour()
    {
        Assert.Equal("4101**********123X", NationalId.Mask("41010219560312123X"));
        Assert.Equal("138****5678", PhoneNumber.Mask("13812345678"));
        Assert.Equal("13812345678", PhoneNumber.Normalize("+86 138-1234-5678"));
    }
}
