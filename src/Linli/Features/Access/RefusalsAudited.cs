using Linli.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Linli.Features.Access;

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
            var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().Select(r => r.Permission).ToList() ?? [];
            var audit = context.RequestServices.GetRequiredService<AuditLog>();
            if (missing.Count > 0) await audit.DeniedAsync(reason: $"缺少权限 {string.Join("、", missing)}", ct: CancellationToken.None);
            else await audit.DeniedAsync(reason: $"无权访问", ct: CancellationToken.None);
        }
        await standard.HandleAsync(next, context, policy, authorizeResult);
    }
}
