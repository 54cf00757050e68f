using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Linli.Web;

static class Cookies
{
    /// <summary>
    /// Sessions end after 30 idle minutes and after 12 hours in any case; the API answers 401/403
    /// instead of redirecting to the login page.
    /// </summary>
    public static void Configure(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "linli.auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.LoginPath = "/Account/Login";
        o.LogoutPath = "/Account/Logout";
        o.AccessDeniedPath = "/Error";
        o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = ctx => Answer(ctx, StatusCodes.Status401Unauthorized);
        // A page the user may not use answers 403 in place (the error page explains), never a redirect.
        o.Events.OnRedirectToAccessDenied = ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        o.Events.OnValidatePrincipal = async ctx =>
        {
            await Microsoft.AspNetCore.Identity.SecurityStampValidator.ValidatePrincipalAsync(ctx);
            if (ctx.Principal is null) return;
            var issued = ctx.Properties.IssuedUtc ?? DateTimeOffset.MinValue;
            if (DateTimeOffset.UtcNow - issued > AbsoluteLimit)
            {
                ctx.RejectPrincipal();
                await ctx.HttpContext.SignOutAsync(ctx.Scheme.Name);
            }
        };
    }

    static readonly TimeSpan AbsoluteLimit = TimeSpan.FromHours(12);

    static Task Answer(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (IsApi(ctx.Request)) ctx.Response.StatusCode = status;
        else if (ctx.Request.Headers.ContainsKey("HX-Request"))
        {
            ctx.Response.StatusCode = status;
            ctx.Response.Headers["HX-Redirect"] = ctx.RedirectUri;
        }
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsApi(HttpRequest r) => r.Path.StartsWithSegments("/api") || r.Path.StartsWithSegments("/openapi");
}
