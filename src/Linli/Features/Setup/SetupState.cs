using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Setup;

/// <summary>
/// Whether the first administrator exists. Once true it never turns false, so it is remembered;
/// while false it is asked of the database each time (another server may have finished set-up).
/// </summary>
public sealed class SetupState
{
    volatile bool done;

    public async Task<bool> IsDoneAsync(LinliDb db, CancellationToken ct)
    {
        if (done) return true;
        done = await db.Users.AnyAsync(ct);
        return done;
    }
}

static class SetupGate
{
    /// <summary>Until set-up is done, every page leads to the set-up page and nobody can log in.</summary>
    public static IApplicationBuilder UseSetupGate(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/Setup") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz")
            || path.StartsWithSegments("/Error") || path.StartsWithSegments("/culture"))
        {
            await next(ctx);
            return;
        }
        var state = ctx.RequestServices.GetRequiredService<SetupState>();
        var db = ctx.RequestServices.GetRequiredService<LinliDb>();
        if (await state.IsDoneAsync(db, ctx.RequestAborted))
        {
            await next(ctx);
            return;
        }
        if (Web.Cookies.IsApi(ctx.Request))
            await Results.Problem("系统尚未完成初始设置。", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(ctx);
        else
            ctx.Response.Redirect("/Setup");
    });
}
