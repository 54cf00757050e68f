using System.Security.Claims;
using System.Text.Encodings.Web;
using Linli.Data;
using Linli.Features.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linli.Features.Access;

/// <summary>
/// `Authorization: Bearer linli_…` on the API: the request acts as the token's owner. A token that
/// is unknown, revoked or expired, whose owner is disabled, or whose owner holds an administrator role
/// (administrators work only in the browser, with their second factor), answers 401 and is written to the
/// audit log as a failed login. Too many of those from one address answer 429 (<see cref="BadTokenThrottle"/>).
/// </summary>
sealed class AccessTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    LinliDb db, AuditLog audit, TimeProvider clock, BadTokenThrottle throttle, TokenUses uses) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    const string ThrottledItem = "linli:token-throttled";
    static readonly string[] Administrators = [.. Roles.Administrators];

    public const string SchemeName = "Bearer";
    public const string TokenIdClaim = "linli:token";
    static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AccessTokenSchemes.BearerToken(Request, out var secret)) return AuthenticateResult.NoResult();
        if (throttle.IsBlocked(Address))
        {
            Context.Items[ThrottledItem] = true;
            return AuthenticateResult.Fail("来自该地址的无效访问令牌过多");
        }
        if (!secret.StartsWith(AccessTokens.TokenPrefix, StringComparison.Ordinal))
            return await RefuseAsync(null, null, "访问令牌格式不对");
        var hash = AccessTokens.HashOf(secret);
        var found = await db.AccessTokens.AsNoTracking().Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new
            {
                Token = t, u.UserName, u.IsDisabled, u.DisplayName, u.TwoFactorEnabled,
                // The account and the access stamp as CurrentUser needs them: one query for the whole request.
                Stamp = db.AccessStamps.Select(s => s.Stamp).FirstOrDefault(),
                // In the same query: every API request passes here, and each round trip counts (bench/).
                IsAdministrator = db.RoleAssignments.Any(a => a.UserId == u.Id && Administrators.Contains(a.Role)),
            })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null) return await RefuseAsync(null, null, "未知的访问令牌");
        var (token, now) = (found.Token, clock.GetUtcNow().UtcDateTime);
        if (token.RevokedUtc is not null) return await RefuseAsync(found.UserName, token, "访问令牌已吊销");
        if (token.ExpiresUtc <= now) return await RefuseAsync(found.UserName, token, "访问令牌已过期");
        if (found.IsDisabled) return await RefuseAsync(found.UserName, token, "令牌所属账号已停用");
        if (found.IsAdministrator)
            return await RefuseAsync(found.UserName, token, "令牌所属账号是管理员，管理员不能使用访问令牌");

        Context.Items[CurrentUser.AccountItem] = new CurrentUser.Account(token.UserId, found.UserName, found.DisplayName, found.TwoFactorEnabled, found.Stamp);
        // Noted, not written: TokenUses writes it in the background, so the request never waits on a write.
        if (token.LastUsedUtc is not { } used || now - used >= LastUsedResolution) uses.Seen(token.Id, now);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, token.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, found.UserName ?? ""),
            new Claim(TokenIdClaim, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    string Address => Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    async Task<AuthenticateResult> RefuseAsync(string? owner, AccessToken? token, string reason)
    {
        if (throttle.Refused(Address) == BadTokenThrottle.Verdict.LimitReached)
        {
            Context.Items[ThrottledItem] = true;
            await audit.WriteAsync(AuditActions.RateLimited, null, null,
                $"来自 {Address} 的无效访问令牌在 {BadTokenThrottle.Window.TotalMinutes:0} 分钟内超过 {BadTokenThrottle.Limit} 次（最近一次：{reason}）；此后该地址的令牌请求一律答 429，不再逐条记录，直到它停止 {BadTokenThrottle.Window.TotalMinutes:0} 分钟",
                new AuditActor(null, owner), CancellationToken.None);
            return AuthenticateResult.Fail(reason);
        }
        await audit.WriteAsync(AuditActions.LoginFailed, token is null ? null : AuditTarget.Token(token.Id), null,
            $"{reason}{(token is null ? "" : $"（{token.Prefix}…）")}", new AuditActor(null, owner), CancellationToken.None);
        return AuthenticateResult.Fail(reason);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(ThrottledItem))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)BadTokenThrottle.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Task.CompletedTask;
    }
}

public static class AccessTokenSchemes
{
    /// <summary>The default scheme: the bearer token on /api paths when one is sent, the login cookie everywhere else.</summary>
    public const string CookieOrToken = "LinliCookieOrToken";

    internal static bool BearerToken(HttpRequest request, out string token)
    {
        token = "";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        token = header["Bearer ".Length..].Trim();
        return true;
    }

    /// <summary>
    /// Accounts, tokens and password rules: the bearer scheme for /api, the password validator that
    /// refuses common passwords, and the use cases the command line (and later the pages) share.
    /// </summary>
    public static IServiceCollection AddLinliAccounts(this IServiceCollection services)
    {
        services.AddScoped<AccessTokens>();
        services.AddSingleton<AreaCache>();
        services.AddSingleton<BadTokenThrottle>();
        services.AddSingleton<TokenUses>();
        services.AddHostedService(sp => sp.GetRequiredService<TokenUses>());
        services.AddScoped<Accounts>();
        services.AddScoped<IPasswordValidator<LinliUser>, CommonPasswordValidator>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenHandler>(AccessTokenHandler.SchemeName, null)
            .AddPolicyScheme(CookieOrToken, null, o => o.ForwardDefaultSelector = ctx =>
                Web.Cookies.IsApi(ctx.Request) && BearerToken(ctx.Request, out _) ? AccessTokenHandler.SchemeName : IdentityConstants.ApplicationScheme);
        services.Configure<AuthenticationOptions>(o => o.DefaultScheme = CookieOrToken);
        return services;
    }
}
