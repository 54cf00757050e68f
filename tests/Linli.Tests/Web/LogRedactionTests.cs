using Linli.Features.Registry;
using Linli.Web;

namespace Linli.Tests.Web;

public class LogRedactionTests
{
    [Fact]
    public void IdAndMobileNumbersNeverReachTheLogUnmasked()
    {
        var first17 = "41010219560312001";
        var id = first17 + NationalId.CheckDigit(first17);
        var line = LinliConsoleFormatter.Redact($"import row 37: {id} phone 13812345678, order 12345");
        Assert.DoesNotContain(id, line);
        Assert.DoesNotContain("13812345678", line);
        Assert.Contains(NationalId.Mask(id), line);
        Assert.Contains("138****5678", line);
        Assert.Contains("order 12345", line);
    }
}
