using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;

namespace Linli.Features.Cases;

/// <summary>
/// 事件 as a module: mediation, grievances, help requests, 12345 orders; the workflow with its working-day clocks; the
/// help line (/Hotline); the workbenches and the street's 督办 view. Offers 进行中的事件 to the resident page and the
/// caller view, numbers to the home page, <see cref="ICaseIntake"/> to the visits, and recomputes open deadlines when
/// a year of the calendar is imported.
/// </summary>
public static class CasesModule
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddScoped<CaseWorkflow>();
        services.AddScoped<CasePhone>();
        services.AddScoped<CaseTypeSettings>();
        services.AddScoped<CaseLists>();
        services.AddScoped<CaseDetails>();
        services.AddScoped<CaseLedgers>();
        services.AddScoped<ILedgerFields, CaseLedgerFields>();
        services.AddScoped<ILedgerRows, CaseLedgerRows>();
        services.AddSingleton<ILedgerDeclarations, CaseLedgerDeclarations>();
        services.AddScoped<ICaseIntake, CaseIntake>();
        services.AddScoped<ICaseLinks, CaseLinks>();
        services.AddScoped<IPersonSections, CasePersonSections>();
        services.AddSingleton<IRegistryMerges, CaseMerges>();
        services.AddScoped<IHomeCards, CaseHomeCards>();
        services.AddScoped<Audit.IAuditNames, CaseAuditNames>();
        services.AddSingleton<IOpenDeadlines, CaseDeadlines>();
        services.AddSingleton<CaseStatusThrottle>();
        services.Configure<AuthorizationOptions>(o =>
        {
            o.AddPolicy(CasePolicies.AnyCaseWork, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(CasesApi.AnyCaseWork)));
            // The help line: the operator, and anyone else who takes calls and opens cases from them.
            o.AddPolicy(CasePolicies.Hotline, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permissions.Registry.CallerView)));
            o.AddPolicy(CasePolicies.Supervision, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permissions.Cases.Supervise, Permissions.Cases.Lead)));
        });
        return services;
    }

    public static RouteGroupBuilder MapCases(this RouteGroupBuilder api)
    {
        api.MapCasesApi();
        return api;
    }
}
