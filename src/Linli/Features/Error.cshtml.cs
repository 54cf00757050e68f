using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features;

/// <summary>Errors and missing pages in plain words (the API answers ProblemDetails, see LinliServer).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }
    public string? RequestId { get; private set; }
    /// <summary>For 429: the seconds the server asked the client to wait (its Retry-After).</summary>
    public int? RetryAfterSeconds => int.TryParse(HttpContext.Response.Headers.RetryAfter.ToString(), out var s) ? s : null;

    public PageResult OnGet(int? code) => Handle(code);
    public PageResult OnPost(int? code) => Handle(code);

    PageResult Handle(int? code)
    {
        // Reached by an exception, by a status code (?code=), or typed in by hand: then it is simply not a page.
        var failed = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null;
        Code = code is >= 400 and < 600 ? code.Value : failed ? 500 : 404;
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        HttpContext.Response.StatusCode = Code;
        return Page();
    }

    public static string Title(int code) => code switch
    {
        400 => "请求有误",
        401 => "需要登录",
        403 => "没有权限",
        404 => "找不到这个页面或记录",
        429 => "请求过于频繁",
        _ => "出了点问题",
    };
}
