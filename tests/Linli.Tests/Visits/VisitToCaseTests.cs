using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Cases;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Visits;

/// <summary>
/// A visit's recorded need becomes a 求助 case in one step (issue 12, last bullet; issue 13, "A visit's recorded need
/// becomes a case"): the visits page asks the cases module through the declared ICaseIntake, never its types.
/// </summary>
public class VisitToCaseTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AVisitsNeedBecomesAHelpCaseInOneStepAndOnlyOnce(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("司马桂兰").Aged(86).WithTag("独居老人"));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var recorded = await cadre.PostAsJsonAsync("/api/v1/visits", new
        {
            residentId = elder.Id, date = DateOnly.FromDateTime(DateTime.Now), method = "Door", need = "卫生间扶手松动，需要上门加固",
        });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var visitId = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var detail = $"/Visits/Detail/{visitId}";
        Assert.Contains("转为事件", await cadre.GetStringAsync(detail));
        for (var i = 0; i < 2; i++)   // a second press opens nothing new
        {
            var token = await LinliApp.AntiforgeryTokenAsync(cadre, detail);
            var posted = await cadre.PostAsync(detail + "?handler=Case",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.True(posted.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, posted.StatusCode.ToString());
        }

        await using var db = app.Database.Target.CreateContext();
        var opened = await db.Set<Case>().Where(c => c.Source == "visit" && c.SourceId == visitId).ToListAsync();
        var theCase = Assert.Single(opened);
        Assert.Equal((CaseType.Help, elder.Id, elder.GridId), (theCase.Kind, theCase.ResidentId, theCase.GridId));
        Assert.Contains("卫生间扶手松动", theCase.Content, StringComparison.Ordinal);
        var visit = await db.Set<Visit>().SingleAsync(v => v.Id == visitId);
        Assert.Equal(theCase.Reference, visit.CaseReference);
        // The cadre who raised it finds it among the cases of the grid.
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync($"/Cases/{theCase.Id}")).StatusCode);
        Assert.Contains(theCase.Reference, await cadre.GetStringAsync(detail));
    }
}
