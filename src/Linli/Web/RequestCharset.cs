using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Linli.Web;

/// <summary>
/// A request whose body names a character set .NET does not know (<c>Content-Type: application/json; charset=foo</c>)
/// is answered 415 with a sentence, before any reader of the body meets it and fails with a 500.
/// </summary>
public static class RequestCharset
{
    public const string Title = "不支持的字符集";
    public const string Detail = "请求的 Content-Type 写的字符集“{0}”无法识别：请用 UTF-8（charset=utf-8）。";

    public static IApplicationBuilder UseRequestCharset(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (Unknown(ctx.Request.ContentType) is { } charset)
        {
            ctx.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            if (Cookies.IsApi(ctx.Request))
            {
                // Before the localization middleware: the request's language is looked up as that middleware would choose it.
                var culture = RequestCultures.UiCultureOf(ctx);
                var say = ctx.RequestServices.GetRequiredService<UiText>();
                await ctx.Response.WriteAsJsonAsync(new
                {
                    type = "https://tools.ietf.org/html/rfc9110#section-15.5.16", title = say.Translate(Title, culture), status = 415,
                    detail = string.Format(CultureInfo.InvariantCulture, say.Translate(Detail, culture), charset),
                }, options: null, contentType: "application/problem+json; charset=utf-8");
            }
            return;
        }
        await next(ctx);
    });

    /// <summary>The charset named in <paramref name="contentType"/> when it is one that cannot be decoded; else null.</summary>
    public static string? Unknown(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media)) return null;
        var charset = media.Charset.Value?.Trim('"');
        if (string.IsNullOrWhiteSpace(charset)) return null;
        try
        {
            Encoding.GetEncoding(charset);
            return null;
        }
        catch (ArgumentException)
        {
            return Features.Registry.TextElements.Cut(charset, 40, "…");
        }
    }
}
