using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Linli.Features.Audit;

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
    /// <summary>The audit log, its anchors outside the database, and the filter that writes refused forms to it (Access writes its own refusals).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddSingleton<AuditAnchors>();
        services.AddHostedService<AuditAnchorService>();
        services.Configure<MvcOptions>(o => o.Filters.Add(new AntiforgeryAuditFilter()));
        return services;
    }
}
