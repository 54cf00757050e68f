using Linli.Features.Activities;
using Linli.Features.Benefits;
using Linli.Features.Cases;
using Linli.Features.Ledgers;
using Linli.Features.Party;
using Linli.Features.Registry;
using Linli.Features.Services;
using Linli.Features.Tasks;
using Linli.Features.Visits;

namespace Linli.Features;

/// <summary>The /api/v1 root: every module adds its own routes here. All of it needs a logged-in user.</summary>
public static class ApiV1
{
    public static RouteGroupBuilder MapApiV1(this RouteGroupBuilder api)
    {
        api.RequireAuthorization();
        api.MapAccessApi();
        api.MapRegistry();
        api.MapVisits();
        api.MapCases();
        api.MapBenefits();
        api.MapLedgers();
        api.MapTasks();
        api.MapActivities();
        api.MapParty();
        api.MapServices();
        return api;
    }
}
