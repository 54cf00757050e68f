using Microsoft.AspNetCore.Authorization;

namespace Linli.Features.Access;

/// <summary>Met when the user holds any one of the permissions named.</summary>
public sealed class PermissionRequirement(params string[] anyOf) : IAuthorizationRequirement
{
    public IReadOnlyList<string> AnyOf { get; } = anyOf;
    public string Permission => string.Join(" 或 ", AnyOf);
}

sealed class PermissionHandler(CurrentUser user) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        foreach (var p in requirement.AnyOf)
            if (await user.HasAsync(p))
            {
                context.Succeed(requirement);
                return;
            }
    }
}

public static class PermissionPolicies
{
    public static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder builder)
    {
        foreach (var p in Permissions.All)
            builder.AddPolicy(p, policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(p)));
        builder.AddPolicy(Permissions.Policies.ExportRequests, policy => policy.RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement(Permissions.Registry.Export, Permissions.Registry.ApproveExport)));
        builder.AddPolicy(Permissions.Policies.RegistryRecords, policy => policy.RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement(Permissions.Registry.Read, Permissions.Registry.CallerView)));
        builder.AddPolicy(Permissions.Policies.Labels, policy => policy.RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement(Permissions.Registry.DefineTags, Permissions.Registry.SetVisitCycles)));
        return builder;
    }
}
