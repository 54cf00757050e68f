using Linli.Data;
using Linli.Web;
using Microsoft.AspNetCore.Diagnostics;

namespace Linli.Health;

/// <summary>
/// A write that fails because the database cannot take it just now (a read-only file or disk, a full disk, a
/// lock held too long, a server out of reach) answers 503 with Retry-After and a sentence, never a 500: as
/// ProblemDetails on /api, and on pages through /Error (ErrorModel asks <see cref="DatabaseErrors.Transient"/>).
/// The pooled SQLite connections are dropped, so that the server recovers by itself once the file is writable.
/// </summary>
sealed class DatabaseFaultAnswers(IProblemDetailsService problems, UiText text, DatabaseTarget target) : IExceptionHandler
{
    public const int RetryAfterSeconds = 30;

    public static string Sentence(DatabaseFault fault) => fault switch
    {
        DatabaseFault.ReadOnly => "数据库现在是只读的，暂时不能保存。请稍后再试；如果一直这样，请告诉系统管理员检查数据库文件和磁盘。恢复后无需重启。",
        DatabaseFault.Full => "数据库所在的磁盘已满，暂时不能保存。请告诉系统管理员清理磁盘；清理后无需重启，稍后再试即可。",
        DatabaseFault.Storage => "读写数据库的磁盘出错，暂时不能保存。请稍后再试；如果一直这样，请告诉系统管理员。",
        DatabaseFault.Busy => "数据库正忙（可能正在进行大批导入），这次没能保存。请稍后再试。",
        _ => "暂时连接不上数据库。请稍后再试；如果一直这样，请告诉系统管理员。",
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (DatabaseErrors.Transient(exception, target) is not { } fault) return false;
        DatabaseErrors.ForgetPooledConnections(fault);
        if (!Cookies.IsApi(context.Request)) return false;   // the /Error page says it, with a 503
        var culture = RequestCultures.UiCultureOf(context);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = text.Translate(ErrorTitle, culture),
                Detail = text.Translate(Sentence(fault), culture),
            },
        });
    }

    public const string ErrorTitle = "暂时不能完成这项操作";
}
