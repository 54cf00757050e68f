using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

public class OrgUnitTreeTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task EveryUnitsPathIsItsParentsPathAndItsOwnId()
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var units = await db.OrgUnits.ToDictionaryAsync(o => o.Id);
        Assert.Equal(1 + 3 + 15, units.Count);
        foreach (var u in units.Values)
        {
            var parentPath = u.ParentId is { } p ? units[p].Path : "/";
            Assert.Equal($"{parentPath}{u.Id}/", u.Path);
        }
    }

    [Theory]
    [InlineData("CGJD-XFL-03", "第三居民组")]
    [InlineData("城关街道/幸福里社区/第三居民组", "第三居民组")]
    [InlineData(" 城关街道 / 和平社区 ", "和平社区")]
    [InlineData("城关街道", "城关街道")]
    public async Task AUnitIsFoundByItsCodeOrItsPathOfNames(string reference, string name)
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var unit = await OrgUnitTree.ResolveAsync(db, reference, default);
        Assert.Equal(name, unit?.Name);
    }

    [Theory]
    [InlineData("城关街道/幸福里社区/第九居民组")]
    [InlineData("幸福里社区")] // a path starts at the street
    [InlineData("")]
    public async Task AnUnknownReferenceFindsNothing(string reference)
    {
        await using var db = demo.App.Database.Target.CreateContext();
        Assert.Null(await OrgUnitTree.ResolveAsync(db, reference, default));
    }

    [Fact]
    public async Task ThePathOfNamesLeadsBackToTheSameUnit()
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var grid = await db.OrgUnits.SingleAsync(o => o.Code == "CGJD-HP-02");
        var path = await OrgUnitTree.PathOfNamesAsync(db, grid, default);
        Assert.Equal("城关街道/和平社区/第二网格", path);
        Assert.Equal(grid.Id, (await OrgUnitTree.ResolveAsync(db, path, default))?.Id);
    }
}
