using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;

namespace Linli.Features.Ledgers;

/// <summary>
/// 台账 as a module (issue 16, 一针穿): every department's register generated from the facts the modules already hold,
/// through the catalogue in Declarations (fields, rows, built-in registers); typed columns entered in the page or by
/// re-importing the xlsx; submissions frozen; templates added from a department's blank form. Reaches no work module.
/// </summary>
public static class LedgersModule
{
    public const string AnyLedgerWork = "ledgers.any";
    public static readonly string[] AnyLedgerPermission = [Permissions.Ledgers.Fill, Permissions.Ledgers.Define, Permissions.Ledgers.Review];

    public static IServiceCollection AddLedgers(this IServiceCollection services)
    {
        services.AddScoped<LedgerCatalog>();
        services.AddScoped<LedgerGenerator>();
        services.AddScoped<LedgerSubmissions>();
        services.AddScoped<LedgerTemplates>();
        services.AddScoped<LedgerDownloads>();
        services.AddScoped<ILedgerShelf, LedgerShelf>();
        services.AddScoped<IHomeCards, LedgerHomeCards>();
        services.Configure<AuthorizationOptions>(o =>
            o.AddPolicy(AnyLedgerWork, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(AnyLedgerPermission))));
        return services;
    }

    public static RouteGroupBuilder MapLedgers(this RouteGroupBuilder api)
    {
        api.MapLedgersApi();
        return api;
    }
}
