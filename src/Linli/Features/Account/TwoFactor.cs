using Linli.Features.Access;

namespace Linli.Features.Account;

/// <summary>
/// The three administrator roles work only with a second factor (TOTP): until they have enrolled, every
/// page leads to the enrolment page and the API answers 403.
/// </summary>
static class TwoFactor
{
    public const string EnrolPath = "/Account/Totp";

    static readonly string[] Allowed = [EnrolPath, "/Account/Logout", "/Account/Login", "/Account/LoginWith2fa", "/Error", "/culture", "/healthz", "/readyz"];

    public static IApplicationBuilder UseTwoFactorForAdministrators(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.User.Identity?.IsAuthenticated == true && !Allowed.Any(p => ctx.Request.Path.StartsWithSegments(p)))
        {
            var area = await ctx.RequestServices.GetRequiredService<CurrentUser>().AreaAsync(ctx.RequestAborted);
            if (area.IsAdministrator && !area.TwoFactorEnabled)
            {
                if (Web.Cookies.IsApi(ctx.Request))
                {
                    await ctx.RequestServices.GetRequiredService<Audit.AuditLog>().DeniedAsync(reason: $"管理员未启用两步验证", ct: ctx.RequestAborted);
                    await Results.Problem("管理员账号须先启用两步验证（TOTP）。", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(ctx);
                }
                else ctx.Response.Redirect(EnrolPath);
                return;
            }
        }
        await next(ctx);
    });
}
