using Linli.Features;
using Linli.Features.Access;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Visits;

/// <summary>
/// Another module records a visit in one step through the declared <see cref="IVisitIntake"/> (a benefit's household
/// investigation, a party member's holiday visit): the visit is the page's visit, in the visitor's scope, with its source
/// in the history; a resident out of scope is refused.
/// </summary>
public class VisitIntakeTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnotherModuleRecordsAVisitInScopeAndNamesItsSource(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var mine = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("欧阳秀英").Aged(79));
        await using var scope = app.Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Linli.Data.LinliDb>();
        var intake = scope.ServiceProvider.GetRequiredService<IVisitIntake>();
        var cadre = await UserArea.LoadAsync(db, (await db.Users.SingleAsync(u => u.UserName == app.Account(Roles.GridCadre).UserName)).Id, default);
        var at = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.FromHours(8));

        var result = await intake.RecordAsync(cadre, new VisitIntakeRequest(mine.Id, at, "door", "家中三口人，收入不稳定", "benefit", 42), default);

        var visit = await db.Set<Visit>().AsNoTracking().SingleAsync(v => v.Id == result.VisitId);
        Assert.Equal((mine.Id, mine.GridId, new DateOnly(2026, 11, 20), VisitMethod.Door, "家中三口人，收入不稳定"),
            (visit.ResidentId!.Value, visit.GridId, visit.Date, visit.Method, visit.FamilySituation));
        Assert.Equal($"/Visits/Detail/{visit.Id}", result.Href);
        var events = await db.Set<VisitEvent>().AsNoTracking().Where(e => e.VisitId == visit.Id).Select(e => e.Kind + ":" + e.Text).ToListAsync();
        Assert.Contains("来源:benefit #42", events);

        // A resident of another grid is not the cadre's to visit; a method nobody knows is refused with the known ones.
        var other = await app.SeedAsync(new ResidentBuilder().InGrid("第一居民组").Named("诸葛建军").Aged(50));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => intake.RecordAsync(cadre, new VisitIntakeRequest(other.Id, at, "door", "", "benefit", 43), default));
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => intake.RecordAsync(cadre, new VisitIntakeRequest(mine.Id, at, "飞鸽", "", "benefit", 44), default));
        Assert.Contains("door", bad.Message, StringComparison.Ordinal);
    }
}
