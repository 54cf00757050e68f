using System.Globalization;
using System.Text;
using QRCoder;

namespace Linli.Features.Account;

/// <summary>
/// A QR code as inline SVG, drawn on the server: no script, no image request, nothing for the page's
/// Content-Security-Policy to allow. Each row's dark modules are drawn as runs of one path, and the viewBox
/// counts modules (quiet zone included), so the picture scales sharply to any size.
/// </summary>
public static class QrCodeSvg
{
    public static string Of(string text, string label)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var rows = data.ModuleMatrix;
        var size = rows.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size;)
            {
                if (!rows[y][x]) { x++; continue; }
                var start = x;
                while (x < size && rows[y][x]) x++;
                path.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start}v1h-{x - start}z");
            }
        return $"""<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label="{System.Net.WebUtility.HtmlEncode(label)}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>""";
    }
}
