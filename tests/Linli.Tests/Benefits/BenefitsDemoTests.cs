using Linli.Features.Benefits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Benefits;

/// <summary>The demo's benefits agree with its labels, and every state of an application is there to look at.</summary>
public class BenefitsDemoTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task EveryDibaoLabelOfTheDemoIsAGrantedDibaoAndEveryStateIsShown()
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var grids = await db.OrgUnits.Where(o => o.ParentId == community.Id).Select(o => o.Id).ToListAsync();
        var labelled = await db.ResidentTags.Where(rt => grids.Contains(rt.GridId) && db.Tags.Any(t => t.Id == rt.TagId && t.Code == "MinimumLivingAllowance"))
            .Select(rt => rt.ResidentId).OrderBy(x => x).ToListAsync();
        var granted = await db.Set<BenefitApplication>().Where(a => a.Kind == BenefitKind.Dibao && a.State == BenefitState.Granted)
            .Select(a => a.ApplicantId).OrderBy(x => x).ToListAsync();
        Assert.NotEmpty(labelled);
        Assert.Equal(labelled, granted);
        var states = await db.Set<BenefitApplication>().Select(a => a.State).Distinct().ToListAsync();
        Assert.Equal(Enum.GetValues<BenefitState>().Order(), states.Order());
        Assert.True(await db.Set<BenefitNotice>().AnyAsync(n => n.RemoveOn > BenefitKit.Today && n.FromDay <= BenefitKit.Today));
        Assert.True(await db.Set<BenefitApplication>().CountAsync(a => a.Kind == BenefitKind.Elderly) > 50);
    }
}
