using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features;

/// <summary>Errors and missing pages in plain words (the API answers ProblemDetails, see LinliServer).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }
    /// <summary>Why the database could not take the request just now (503), when that is what failed.</summary>
    public Linli.Data.DatabaseFault? Fault { get; private set; }
    public string? RequestId { get; private set; }
    /// <summary>For 429: the seconds the server asked the client to wait (its Retry-After).</summary>
    public int? RetryAfterSeconds => int.TryParse(HttpContext.Response.Headers.RetryAfter.ToString(), out var s) ? s : null;

    // The code is read by hand, not bound: binding would read the form of a POST that failed, e.g. one too large (413).
    public PageResult OnGet() => Handle(CodeAsked());
    public PageResult OnPost() => Handle(CodeAsked());

    int? CodeAsked() => int.TryParse(Request.Query["code"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) ? c : null;

    PageResult Handle(int? code)
    {
        // Reached by an exception, by a status code (?code=), or typed in by hand: then it is simply not a page.
        var error = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
        Fault = error is null ? null : Linli.Data.DatabaseErrors.Transient(error, HttpContext.RequestServices.GetService<Linli.Data.DatabaseTarget>());
        // After an exception the handler has already chosen the status (413 for a body too large, 503 for a database fault).
        Code = code is >= 400 and < 600 ? code.Value : Fault is not null ? 503
            : error is not null ? (HttpContext.Response.StatusCode is >= 400 and < 600 and var chosen ? chosen : 500) : 404;
        if (Fault is not null) HttpContext.Response.Headers.RetryAfter = Linli.Health.DatabaseFaultAnswers.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
        413 => "上传的文件太大",
        503 => Linli.Health.DatabaseFaultAnswers.ErrorTitle,
        429 => "请求过于频繁",
        _ => "出了点问题",
    };
}
