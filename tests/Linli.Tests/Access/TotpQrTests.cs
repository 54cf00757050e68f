using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Tests.Audit;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Linli.Tests.Access;

/// <summary>The enrolment page shows a QR code of the otpauth address, which a scanner reads back, and keeps the key typed by hand.</summary>
public partial class TotpQrTests
{
    [Fact]
    public async Task TheEnrolmentPageShowsAQrCodeThatDecodesToItsOtpauthAddress()
    {
        await using var app = await AuditKit.StartAsync();
        var client = app.Client();
        var login = await Infrastructure.LinliApp.LoginAsync(client, "auditor", "linli-test-2026");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var html = await client.GetStringAsync("/Account/Totp");

        var key = KeyAttribute().Match(html).Groups[1].Value;
        Assert.Equal(32, key.Length);
        var link = WebUtility.HtmlDecode(OtpauthLink().Match(html).Groups[1].Value);
        Assert.Equal($"otpauth://totp/Linli%3Aauditor?secret={key}&issuer=Linli&digits=6", link);

        var svg = Svg().Match(html);
        Assert.True(svg.Success, "no QR code on the enrolment page");
        Assert.Equal(link, Decode(int.Parse(svg.Groups[1].Value, CultureInfo.InvariantCulture), svg.Groups[2].Value));
    }

    /// <summary>Draws the SVG's runs of dark modules at 4 pixels a module and reads the picture as a phone's scanner would.</summary>
    static string Decode(int modules, string path)
    {
        const int scale = 4;
        var side = modules * scale;
        var pixels = Enumerable.Repeat((byte)255, side * side).ToArray();
        foreach (Match run in Run().Matches(path))
        {
            var (x, y, n) = (int.Parse(run.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(run.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(run.Groups[3].Value, CultureInfo.InvariantCulture));
            for (var py = y * scale; py < (y + 1) * scale; py++)
                Array.Fill(pixels, (byte)0, py * side + x * scale, n * scale);
        }
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, side, side, RGBLuminanceSource.BitmapFormat.Gray8)));
        var result = new QRCodeReader().decode(bitmap, new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true });
        Assert.NotNull(result);
        return result.Text;
    }

    [GeneratedRegex("data-key=\"([A-Z2-7]+)\"")]
    private static partial Regex KeyAttribute();

    [GeneratedRegex("<a class=\"code otpauth\" href=\"([^\"]+)\"")]
    private static partial Regex OtpauthLink();

    [GeneratedRegex("""<svg class="qr"[^>]* viewBox="0 0 (\d+) \1"[^>]*>.*?<path d="([^"]+)" fill="#000"/></svg>""")]
    private static partial Regex Svg();

    [GeneratedRegex(@"M(\d+) (\d+)h(\d+)v1h-\3z")]
    private static partial Regex Run();
}
