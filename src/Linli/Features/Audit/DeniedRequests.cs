using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Linli.Features.Audit;

/// <summary>
/// Every request a policy refuses (403) is written to the audit log before the refusal is sent.
/// Requests of people not logged in (401, or the redirect to the login page) are not: that is
/// every visit before logging in, and says nothing about anyone.
/// </summary>
sealed class AuditingAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler standard = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<Access.PermissionRequirement>().Select(r => r.Permission).ToList() ?? [];
            var audit = context.RequestServices.GetRequiredService<AuditLog>();
            if (missing.Count > 0) await audit.DeniedAsync(reason: $"缺少权限 {string.Join("、", missing)}", ct: CancellationToken.None);
            else await audit.DeniedAsync(reason: $"无权访问", ct: CancellationToken.None);
        }
        await standard.HandleAsync(next, context, policy, authorizeResult);
    }
}

/// <summary>A form posted without a valid antiforgery token is refused (400) and written to the audit log.</summary>
sealed class AntiforgeryAuditFilter : IAsyncAlwaysRunResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
            await context.HttpContext.RequestServices.GetRequiredService<AuditLog>()
                .DeniedAsync(reason: $"表单校验令牌缺失或无效", ct: CancellationToken.None);
        await next();
    }
}

public static class AuditServices
{
    /// <summary>The audit log, its anchors outside the database, and the hooks that write refused requests to it.</summary>
    public static IServiceCollection AddLinliAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddSingleton<AuditAnchors>();
        services.AddHostedService<AuditAnchorService>();
        services.AddTransient<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        services.Configure<MvcOptions>(o => o.Filters.Add(new AntiforgeryAuditFilter()));
        return services;
    }
}
