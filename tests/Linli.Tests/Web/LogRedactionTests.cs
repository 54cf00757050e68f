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
        var line = Linli.Privacy.Masking.Redact($"import row 37: {id} phone 13812345678, order 12345");
        Assert.DoesNotContain(id, line);
        Assert.DoesNotContain("13812345678", line);
        Assert.Contains(NationalId.Mask(id), line);
        Assert.Contains("138****5678", line);
        Assert.Contains("order 12345", line);
    }
}

public class LeakCheckTests
{
    [Fact]
    public async Task AServerThatLogsAnUnmaskedNumberFailsItsTest()
    {
        var app = await Linli.Tests.Infrastructure.LinliApp.StartAsync();
        var first17 = "99010219560312001";
        var logger = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(app.Web.Services).CreateLogger("Leak");
        Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logger, "careless line {Id}", first17 + NationalId.CheckDigit(first17));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await app.DisposeAsync());
        Assert.Contains("unmasked", e.Message);
    }
}
