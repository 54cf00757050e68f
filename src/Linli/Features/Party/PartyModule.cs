namespace Linli.Features.Party;

/// <summary>
/// 党建 as a module: the community's branch and groups, its members (linked to residents where they live here), meetings
/// (三会一课 …) with attendance and their required rhythm, and the leadership team's self-inspection with its rectification
/// ledger (整改台账). Party data is its own permission (<see cref="Access.Permissions.Party"/>); it reaches the registry only.
/// </summary>
public static class PartyModule
{
    public static IServiceCollection AddParty(this IServiceCollection services)
    {
        services.AddScoped<PartyDesk>();
        services.AddScoped<PartyReader>();
        services.AddScoped<YearDesk>();
        services.AddScoped<YearReader>();
        services.AddScoped<CareDesk>();
        services.AddScoped<CareReader>();
        services.AddScoped<PartyHead>();
        services.AddScoped<IHomeCards, PartyHomeCards>();
        services.AddScoped<ILedgerFields, PartyLedgerFields>();
        services.AddScoped<ILedgerRows, PartyMemberLedgerRows>();
        services.AddScoped<ILedgerRows, PartyVisitLedgerRows>();
        services.AddScoped<ILedgerRows, PartyTalkLedgerRows>();
        services.AddScoped<ILedgerRows, PartyDuesBookLedgerRows>();
        services.AddScoped<ILedgerFields, PartyDuesBookLedgerFields>();
        services.AddScoped<DuesBookReader>();
        services.AddScoped<DuesBookDesk>();
        services.AddSingleton<ILedgerDeclarations, PartyLedgerDeclarations>();
        return services;
    }

    public static RouteGroupBuilder MapParty(this RouteGroupBuilder api)
    {
        api.MapPartyApi();
        api.MapPartyCareApi();
        api.MapPartyDuesBookApi();
        return api;
    }
}
