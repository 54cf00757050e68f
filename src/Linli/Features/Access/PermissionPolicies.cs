using Microsoft.AspNetCore.Authorization;

namespace Linli.Features.Access;

/// <summary>Each permission is a policy of the same name; the check reads the database through <see cref="CurrentUser"/>.</summary>
public sealed class PermissionRequirement(string permission) : IAuthorizationRequirement
{
    public string Permission { get; } = permission;
}

sealed class PermissionHandler(CurrentUser user) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (await user.HasAsync(requirement.Permission)) context.Succeed(requirement);
    }
}

public static class PermissionPolicies
{
    public static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder builder)
    {
        foreach (var p in Permissions.All)
            builder.AddPolicy(p, policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(p)));
        return builder;
    }
}
