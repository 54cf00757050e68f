using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;

namespace Linli.Features.Services;

/// <summary>
/// 居家养老与家政服务 as a module: the catalogue priced 无偿 / 低偿 / 有偿, the office's eligibility rules, providers,
/// orders from the help line, the office or a visit, dispatched to providers or volunteers (<see cref="IVolunteerDesk"/>,
/// optional), completion, 回访, the numbers and the monthly settlement. Offers the resident page and the caller view
/// the person's orders, the home page its numbers, and 下服务单 on a 求助 case and a caller.
/// </summary>
public static class ServicesModule
{
    public static IServiceCollection AddServices(this IServiceCollection services)
    {
        services.AddScoped<ServiceDesk>();
        services.AddScoped<ServiceLists>();
        services.AddScoped<ServiceSettings>();
        services.AddScoped<IHomeCards, ServiceHomeCards>();
        services.AddScoped<IPersonSections, ServicePersonSections>();
        services.AddSingleton<IRecordActions, ServiceRecordActions>();
        services.AddScoped<Audit.IAuditNames, ServiceAuditNames>();
        services.AddScoped<ILedgerRows, ServiceLedgerRows>();
        services.AddScoped<ILedgerFields, ServiceLedgerFields>();
        services.AddSingleton<ILedgerDeclarations, ServiceLedgerDeclarations>();
        services.Configure<AuthorizationOptions>(o =>
            o.AddPolicy(ServicePolicies.AnyServiceWork, p => p.RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(Permissions.Services.Read, Permissions.Services.Order))));
        return services;
    }

    public static RouteGroupBuilder MapServices(this RouteGroupBuilder api)
    {
        api.MapServicesApi();
        return api;
    }
}

/// <summary>The doors of the services pages that are not one permission.</summary>
public static class ServicePolicies
{
    /// <summary>The order list and an order's page: those who read orders, and those who place them (who read back their own).</summary>
    public const string AnyServiceWork = "services.any";
}
