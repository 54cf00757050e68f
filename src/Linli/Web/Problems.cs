namespace Linli.Web;

/// <summary>
/// Errors in the user's language, with the status that says what happened: every ProblemDetails of the API gets a
/// Chinese title and detail (translated for zh-Hant and en) instead of ASP.NET's English defaults; a request too
/// large answers 413, and a database that stays busy past the wait (a long import on SQLite) answers 503 with
/// Retry-After — never 500, which would tell the user that something is broken.
/// </summary>
public static class Problems
{
    /// <summary>503 when no handler said more (a database fault is worded by Health/DatabaseFaultAnswers).</summary>
    public const string BusyTitle = "服务器正忙";

    static readonly Dictionary<int, (string Title, string Detail)> ByStatus = new()
    {
        [400] = ("请求有误", "请检查提交的内容。"),
        [401] = ("需要登录", "请先登录，或在 Authorization 头中提供有效的访问令牌。"),
        [403] = ("没有权限", "你的账号没有做这件事的权限。"),
        [404] = ("找不到", "找不到这个地址或记录，或者它不在你的管辖范围内。"),
        [405] = ("不支持这种请求方法", "这个地址不接受这种请求方法（如 GET、POST）。请查看接口文档 /openapi/v1.json。"),
        [406] = ("不支持所要求的格式", "接口以 JSON 返回。"),
        [409] = ("冲突", "这项改动与现有数据冲突。"),
        [412] = ("记录已被他人修改", "请重新读取记录后再修改。"),
        [413] = ("上传的内容太大", "请求超过了服务器允许的大小（名册文件最大 20 MB）。请拆分名册后再上传。"),
        [415] = ("不支持的内容类型", "请以 JSON（Content-Type: application/json; charset=utf-8）或接口文档所写的格式提交。"),
        [422] = ("无法处理的内容", "请检查提交的内容。"),
        [428] = ("需要先读取记录", "请先读取记录，并带上它的版本（If-Match）再修改。"),
        [429] = ("请求过于频繁", "请稍后再试。"),
        [500] = ("服务器出错", "服务器处理请求时出错，已记入日志。请稍后再试；如果一直出现，请联系系统管理员。"),
        [503] = (BusyTitle, "请稍后再试。"),
    };

    const string ValidationTitle = "提交的内容有误";

    /// <summary>The texts above, for the test that finds untranslated text.</summary>
    public static IEnumerable<string> Texts => ByStatus.Values.SelectMany(x => new[] { x.Title, x.Detail }).Append(ValidationTitle).Append("请求没有完成")
        .Append(RequestCharset.Title).Append(RequestCharset.Detail);

    public static IServiceCollection AddLinliProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var text = ctx.HttpContext.RequestServices.GetRequiredService<UiText>();
            // The localization middleware's choice, kept on the request (the culture itself does not flow back out to the error
            // handlers), or, for an answer given before that middleware ran (a body too large), the choice it would make.
            var culture = RequestCultures.UiCultureOf(ctx.HttpContext);
            var p = ctx.ProblemDetails;
            var status = p.Status ?? ctx.HttpContext.Response.StatusCode;
            var known = ByStatus.TryGetValue(status, out var words);
            if (p.Title is null || IsAspNetDefault(p.Title))
                p.Title = p is Microsoft.AspNetCore.Http.HttpValidationProblemDetails ? ValidationTitle : known ? words.Title : "请求没有完成";
            if (p.Detail is null && known) p.Detail = words.Detail;
            p.Title = text.Translate(p.Title, culture);
            if (p.Detail is not null) p.Detail = text.Translate(p.Detail, culture);
            if (p is Microsoft.AspNetCore.Http.HttpValidationProblemDetails validation)
                foreach (var key in validation.Errors.Keys.ToList())
                    validation.Errors[key] = [.. validation.Errors[key].Select(m => text.Translate(m, culture))];
        });
        return services;
    }

    /// <summary>ASP.NET's own titles are English ("Not Found", "One or more validation errors occurred."); Linli's are Chinese.</summary>
    static bool IsAspNetDefault(string title) => title.All(c => c < 0x80);

    /// <summary>The status an exception means: a body too large 413 (and the like), a database that cannot take the request just now 503 (DatabaseErrors.Transient), anything else 500.</summary>
    public static int StatusOf(Exception e) => e switch
    {
        Microsoft.AspNetCore.Http.BadHttpRequestException bad => bad.StatusCode,
        _ when Data.DatabaseErrors.Transient(e) is not null => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// A body that says up front (Content-Length) that it is larger than its endpoint takes is answered 413 before anything
    /// reads it. Otherwise a page's antiforgery check would be the first to read the form, fail on the size, and answer
    /// 400 as if the form were forged.
    /// </summary>
    public static IApplicationBuilder UseRequestSizeCheck(this IApplicationBuilder app) => app.Use((ctx, next) =>
    {
        if (ctx.Request.ContentLength is { } length
            && ctx.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } max }
            && length > max)
        {
            ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }
        return next(ctx);
    });
}
