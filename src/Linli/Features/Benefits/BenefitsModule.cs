using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;

namespace Linli.Features.Benefits;

/// <summary>The policies of the benefits pages and API.</summary>
public static class BenefitPolicies
{
    /// <summary>The lists and an application's page: the community's workers, and the street for what is forwarded to it.</summary>
    public const string Any = "benefits.any";
    /// <summary>Taking a step: the community's workers, or the street deciding.</summary>
    public const string Step = "benefits.step";
}

/// <summary>
/// 救助申请 as a module: 低保, 特困供养, 临时救助, 公租房, 高龄津贴, 残疾人两项补贴 — intake with the household from the registry,
/// the investigation visit (through the visits module), 民主评议, the 公示 with its public page and objections (cases through
/// the cases module), the decision, the label it sets, the periodic review. Offers a person's benefits to the resident
/// page, numbers to the home page, fields, rows and registers to the ledgers, and its demo.
/// </summary>
public static class BenefitsModule
{
    public static IServiceCollection AddBenefits(this IServiceCollection services)
    {
        services.AddScoped<BenefitWorkflow>();
        services.AddScoped<BenefitReader>();
        services.AddScoped<BenefitKinds>();
        services.AddSingleton<NoticeBoard>();
        services.AddScoped<IPersonSections, BenefitPersonSections>();
        services.AddScoped<IHomeCards, BenefitHomeCards>();
        services.AddScoped<Audit.IAuditNames, BenefitAuditNames>();
        services.AddScoped<ILedgerFields, BenefitLedgerFields>();
        services.AddScoped<ILedgerFields, BenefitPersonLedgerFields>();
        services.AddScoped<ILedgerRows, BenefitLedgerRows>();
        services.AddSingleton<ILedgerDeclarations, BenefitLedgerDeclarations>();
        services.Configure<AuthorizationOptions>(o =>
        {
            o.AddPolicy(BenefitPolicies.Any, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permissions.Benefits.Read, Permissions.Benefits.Decide)));
            o.AddPolicy(BenefitPolicies.Step, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permissions.Benefits.Write, Permissions.Benefits.Decide)));
        });
        return services;
    }

    public static RouteGroupBuilder MapBenefits(this RouteGroupBuilder api)
    {
        api.MapBenefitsApi();
        return api;
    }
}
