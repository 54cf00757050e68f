using Microsoft.Extensions.Options;

namespace Linli.Features.Activities;

/// <summary>
/// 活动与志愿 as a module: activities with sign-up, waiting list and attendance (by list, by code at the door, walk-ins),
/// repeating series; volunteers with consent, teams, projects and shifts; hours proposed and confirmed, star levels, the
/// time bank; certificates of service. Offers numbers to the home page, a resident's activities and hours to the
/// resident page, the volunteer desk to home services, and its registers to the ledgers.
/// </summary>
public static class ActivitiesModule
{
    public static IServiceCollection AddActivities(this IServiceCollection services)
    {
        services.AddOptions<VolunteerOptions>().BindConfiguration("Volunteers")
            .Validate(o => o.StarHours.Length > 0 && o.StarHours.Zip(o.StarHours.Skip(1)).All(p => p.Second > p.First), "Volunteers:StarHours 应逐级增加。");
        services.AddScoped<ActivityDesk>();
        services.AddScoped<ActivityReader>();
        services.AddScoped<ActivityNumbers>();
        services.AddScoped<HoursBook>();
        services.AddScoped<VolunteerDesk>();
        services.AddScoped<IVolunteerDesk>(sp => sp.GetRequiredService<VolunteerDesk>());
        services.AddScoped<VolunteerReader>();
        services.AddScoped<Certificates>();
        services.AddScoped<NationalExport>();
        services.AddSingleton<CheckInThrottle>();
        services.AddScoped<IHomeCards, ActivityHomeCards>();
        services.AddScoped<IPersonSections, ActivityPersonSections>();
        services.AddScoped<Audit.IAuditNames, ActivityAuditNames>();
        services.AddSingleton<ILedgerDeclarations, ActivityLedgerDeclarations>();
        services.AddScoped<ILedgerFields, ActivityLedgerFields>();
        services.AddScoped<ILedgerRows, ActivityLedgerRows>();
        services.AddScoped<ILedgerRows, VolunteerLedgerRows>();
        return services;
    }

    public static RouteGroupBuilder MapActivities(this RouteGroupBuilder api)
    {
        api.MapActivitiesApi();
        api.MapVolunteersApi();
        return api;
    }
}
