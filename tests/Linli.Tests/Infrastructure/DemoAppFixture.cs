using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Infrastructure;

/// <summary>One demo server shared by the tests of a class that only read.</summary>
public sealed class DemoAppFixture : IAsyncLifetime
{
    LinliApp? app;
    public LinliApp App => app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => app = await LinliApp.StartWithDemoAsync();

    public async Task DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }

    /// <summary>What the registry itself says about one grid of 幸福里社区.</summary>
    public async Task<(int Residents, int Households)> CountsForGridAsync(string gridName)
    {
        await using var db = App.Database.Target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var grid = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == gridName);
        return (await db.Residents.CountAsync(r => r.GridId == grid.Id && r.Status == ResidentStatus.Active),
                await db.Households.CountAsync(h => h.GridId == grid.Id));
    }
}
