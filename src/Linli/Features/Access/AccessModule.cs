using Linli.Data;
using Linli.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Access;

/// <summary>
/// Access as a module: accounts and their password rules, sign-in by cookie (pages) or token (/api), roles and
/// the units they are held over, and the authorization every page and endpoint asks of it (deny by default).
/// </summary>
public static class AccessModule
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.AddTransient<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();   // every 403 is audited
        services.AddIdentityCore<LinliUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<LinliDb>()
            .AddSignInManager()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<LettersAndDigitsValidator>()
            .AddDefaultTokenProviders();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(Cookies.Configure);
        // A disabled account, a revoked role or a reset password bites at the very next request.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPermissionPolicies();
        services.AddAntiforgery(o => { o.Cookie.Name = "linli.af"; o.HeaderName = "X-CSRF-TOKEN"; });
        services.AddLinliAccounts();      // access tokens on /api, common-password refusal, account use cases
        services.AddScoped<Audit.IAuditNames, AccessAuditNames>();   // the audit page names accounts, tokens, units, permissions
        return services;
    }

    public sealed record MeDto(long Id, string UserName, string DisplayName, IReadOnlyList<RoleDto> Roles, IReadOnlyList<string> Permissions);
    public sealed record RoleDto(string Role, string RoleName, long OrgUnitId, string OrgUnitCode, string OrgUnitName);
    public sealed record OrgUnitDto(long Id, long? ParentId, string Kind, string Code, string Name);

    /// <summary>/api/v1/me and /api/v1/orgunits: who is asking, and over which part of the tree.</summary>
    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", Me).WithTags("Linli").WithSummary("当前用户、角色与管辖范围");
        api.MapGet("/orgunits", OrgUnits).WithTags("Linli").WithSummary("当前用户管辖范围内的组织单元（街道、社区、网格）");
        return api;
    }

    static async Task<Results<Ok<MeDto>, UnauthorizedHttpResult>> Me(CurrentUser user, CancellationToken ct)
    {
        // The area already read the account (one query, or none beyond the token's when cached): no second look-up.
        var area = await user.AreaAsync(ct);
        if (ReferenceEquals(area, UserArea.Nobody)) return TypedResults.Unauthorized();
        return TypedResults.Ok(new MeDto(area.UserId, area.UserName, area.DisplayName,
            area.Assignments.Select(a => new RoleDto(a.Role, Roles.DisplayName(a.Role), a.Unit.Id, a.Unit.Code, a.Unit.Name)).ToList(),
            area.HeldAnywhere));
    }

    static async Task<Ok<List<OrgUnitDto>>> OrgUnits(CurrentUser user, LinliDb db, CancellationToken ct)
    {
        var area = await user.AreaAsync(ct);
        var result = new List<OrgUnitDto>();
        foreach (var unit in area.Units)
        {
            var prefix = unit.Path;
            result.AddRange(await db.OrgUnits.AsNoTracking().Where(o => o.Path.StartsWith(prefix))
                .OrderBy(o => o.Path).Select(o => new OrgUnitDto(o.Id, o.ParentId, o.Kind.ToString(), o.Code, o.Name)).ToListAsync(ct));
        }
        return TypedResults.Ok(result.DistinctBy(o => o.Id).ToList());
    }
}
