namespace Linli.Features.Visits;

/// <summary>
/// 走访关爱 as a module: visit records, the rhythms derived from the registry's labels and the community's cycles, the
/// cadre's workbench and the grid's coverage view. It reaches the registry only (DESIGN.md), and offers the home page
/// its numbers and a person's page its last visits through the declarations.
/// </summary>
public static class VisitsModule
{
    public static IServiceCollection AddVisits(this IServiceCollection services)
    {
        services.AddScoped<VisitRecorder>();
        services.AddScoped<VisitReader>();
        services.AddScoped<VisitSchedule>();
        services.AddScoped<VisitCoverage>();
        services.AddScoped<VisitStreetView>();
        services.AddScoped<VisitsPerCadre>();
        services.AddScoped<VisitLedger>();
        services.AddScoped<ILedgerFields, VisitLedgerFields>();
        services.AddScoped<ILedgerRows, VisitLedgerRows>();
        services.AddSingleton<ILedgerDeclarations, VisitLedgerDeclarations>();
        services.AddScoped<CampaignDesk>();
        services.AddScoped<IHomeCards, VisitHomeCards>();
        services.AddScoped<IPersonSections, VisitPersonSections>();
        services.AddScoped<IVisitIntake, VisitIntake>();
        services.AddSingleton<IRegistryMerges, VisitMerges>();
        services.AddSingleton<IResidentsWrittenInBulk, VisitStandingsBulk>();
        return services;
    }

    public static RouteGroupBuilder MapVisits(this RouteGroupBuilder api)
    {
        api.MapVisitsApi();
        return api;
    }
}
