using System.Globalization;
using System.Threading.RateLimiting;
using Linli.Features.Audit;
using Linli.Web;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;

namespace Linli.Features.Account;

/// <summary>Marks the page whose POST is the password form: <see cref="LoginRateLimit"/> counts only those.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LoginRateLimitedAttribute : Attribute;

/// <summary>
/// Password guessing, held back by ASP.NET Core's rate limiter: at most <see cref="PerAddress"/> login posts a
/// minute from one client address and <see cref="PerAccount"/> for one user name (from any address); more answer
/// 429 with Retry-After and a page that says when to try again. Without it a flood appends a failed-login audit
/// row per guess, each under the audit log's lock, and slows every writer. The refusals of one burst write a
/// single audit row (<see cref="RefusalBursts"/>, as the bad-token throttle does). The account limit sits above
/// Identity's lockout (five wrong passwords) so that the lockout still comes first. Per server.
/// </summary>
public sealed class LoginRateLimit : IDisposable
{
    public const int PerAddress = 30;
    public const int PerAccount = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    const string UserNameField = "Input.UserName";

    readonly PartitionedRateLimiter<HttpContext> byAddress, byAccount;
    readonly RefusalBursts bursts;

    public LoginRateLimit(TimeProvider clock)
    {
        byAddress = PartitionedRateLimiter.Create<HttpContext, string>(ctx => Applies(ctx)
            ? RateLimitPartition.GetFixedWindowLimiter(Address(ctx), _ => Options(PerAddress))
            : RateLimitPartition.GetNoLimiter(""));
        byAccount = PartitionedRateLimiter.Create<HttpContext, string>(ctx => Applies(ctx) && AccountKey(ctx) is { } name
            ? RateLimitPartition.GetFixedWindowLimiter(name, _ => Options(PerAccount))
            : RateLimitPartition.GetNoLimiter(""));
        Limiter = PartitionedRateLimiter.CreateChained(byAddress, byAccount);
        bursts = new RefusalBursts(Window, clock);
    }

    /// <summary>Both limits: a login post passes only when its address and its user name each have a permit left.</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    static FixedWindowRateLimiterOptions Options(int permits) => new() { PermitLimit = permits, Window = Window, QueueLimit = 0 };

    internal static bool Applies(HttpContext ctx) =>
        HttpMethods.IsPost(ctx.Request.Method) && ctx.GetEndpoint()?.Metadata.GetMetadata<LoginRateLimitedAttribute>() is not null;

    static string Address(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The user name typed, from the form already read (<see cref="UseLoginRateLimit"/> reads it first).</summary>
    static string? TypedName(HttpContext ctx) =>
        ctx.Features.Get<IFormFeature>()?.Form?[UserNameField].ToString().Trim() is { Length: > 0 } name ? name : null;

    /// <summary>As Identity compares user names: CADRE and cadre are one account.</summary>
    static string? AccountKey(HttpContext ctx) => TypedName(ctx)?.ToUpperInvariant();

    internal async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var ctx = rejected.HttpContext;
        var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        ctx.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var (address, name) = (Address(ctx), TypedName(ctx));
        var addressFull = byAddress.GetStatistics(ctx)?.CurrentAvailablePermits == 0;
        if (!bursts.Refused(addressFull ? $"address {address}" : $"account {AccountKey(ctx)}")) return;
        var detail = addressFull
            ? $"来自 {address} 的登录请求在 {Window.TotalMinutes:0} 分钟内超过 {PerAddress} 次（最近一次的用户名：{name ?? "（空）"}）；超出的请求答 429，不再逐条记录，直到该地址停止 {Window.TotalMinutes:0} 分钟"
            : $"用户名 {name} 的登录请求在 {Window.TotalMinutes:0} 分钟内超过 {PerAccount} 次（最近一次来自 {address}）；超出的请求答 429，不再逐条记录，直到停止 {Window.TotalMinutes:0} 分钟";
        await ctx.RequestServices.GetRequiredService<AuditLog>()
            .WriteAsync(AuditActions.RateLimited, null, null, $"{detail}", new AuditActor(null, name), CancellationToken.None);
    }

    public void Dispose() => Limiter.Dispose();
}

public static class LoginRateLimitSetup
{
    public static IServiceCollection AddLoginRateLimit(this IServiceCollection services)
    {
        services.AddSingleton<LoginRateLimit>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<LoginRateLimit>((o, limit) =>
        {
            o.GlobalLimiter = limit.Limiter;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = limit.OnRejectedAsync;
        });
        return services;
    }

    /// <summary>After routing (the limit finds the login page by its endpoint) and before the page reads the form.</summary>
    public static IApplicationBuilder UseLoginRateLimit(this IApplicationBuilder app)
    {
        // The partition by user name is chosen synchronously, so the form is read here, asynchronously, first;
        // the page then binds from the same form.
        app.Use(async (ctx, next) =>
        {
            if (LoginRateLimit.Applies(ctx) && ctx.Request.HasFormContentType) await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            await next(ctx);
        });
        return app.UseRateLimiter();
    }
}
