using Linli.Features.Registry.Exports;
using Linli.Features.Registry.Import;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linli.Features.Registry;

/// <summary>
/// The registry as a module: people, households and places, their labels, search, the roster import and the
/// export with its approvals. Other modules reach it through its public entities and use cases only.
/// </summary>
public static class RegistryModule
{
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddScoped<AreaOverview>();
        services.AddScoped<AreaCharts>();
        services.AddScoped<ResidentSearch>();
        services.AddScoped<ResidentList>();
        services.AddScoped<BulkLabel>();
        services.AddScoped<RecordLabels>();
        services.AddScoped<CallerLookup>();
        services.AddScoped<RevealNumber>();
        services.AddScoped<ResidentEditor>();
        services.AddScoped<OutOfArea>();
        services.AddScoped<HouseholdChanges>();
        services.AddScoped<Places>();
        services.AddScoped<Duplicates>();
        services.AddScoped<RosterImport>();
        services.AddScoped<ExportApprovals>();
        services.AddSingleton<RosterUploads>();
        services.AddSingleton<ImportQueue>();
        services.AddScoped<Audit.IAuditNames, RegistryAuditNames>();   // the audit page names residents (masked) and households
        services.AddScoped<ILedgerFields, RegistryLedgerFields>();       // ledgers (issue 16): the registry's fields, rows and registers
        services.AddScoped<ILedgerRows, RegistryResidentRows>();
        services.AddScoped<ILedgerRows, RegistryHouseholdRows>();
        services.AddSingleton<ILedgerDeclarations, RegistryLedgerDeclarations>();
        return services;
    }

    /// <summary>The registry's routes under /api/v1.</summary>
    public static RouteGroupBuilder MapRegistry(this RouteGroupBuilder api)
    {
        api.MapGet("/overview", Overview).WithTags("Linli").RequireAuthorization(Access.Permissions.Registry.Read)
            .WithSummary("管辖范围内的居民、户、网格数；60岁及以上按出生年份计（当年减60及以前出生的在册居民）");
        api.MapRegistryApi();
        api.MapRegistryWriteApi();
        api.MapHouseholdApi();
        api.MapExportRequestsApi();
        return api;
    }

    /// <summary>
    /// From the per-grid numbers kept current on every write, not a live count (DESIGN.md: a district's dashboard
    /// in 200 ms). Aged60Plus is counted by birth year (按出生年份计): born in or before this year − 60.
    /// </summary>
    static async Task<Ok<AreaOverview.Result>> Overview(CurrentUser user, AreaOverview overview, CancellationToken ct) =>
        TypedResults.Ok(await overview.ForAsync(await user.AreaAsync(ct), ct));
}
