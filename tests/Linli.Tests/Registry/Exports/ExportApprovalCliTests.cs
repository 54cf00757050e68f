using System.Net;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Registry.Exports;

/// <summary>`linli export residents --unmasked --approval ID`: the command line uses up an approval like a download.</summary>
public class ExportApprovalCliTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheCommandLineExportsUnmaskedOnlyWithAnApprovalAndOnlyOnce(string engine)
    {
        await using var world = await ExportWorld.CreateAsync(engine);
        var outPath = Path.Combine(world.App.Database.DataDir, "full.xlsx");
        var refused = await AuditKit.Cli(world.App, null, "export", "residents", "--from", ExportWorld.Grid, "--out", outPath, "--unmasked");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("第二人审批", refused.Err);
        Assert.Contains("--approval", refused.Err);
        Assert.False(File.Exists(outPath));

        var lead = await world.As(Roles.CommunityLead);
        var id = await ExportWorld.RequestAsync(lead, unmasked: true, sensitiveLabels: false);
        var pending = await AuditKit.Cli(world.App, null, "export", "residents", "--from", ExportWorld.Grid, "--out", outPath, "--unmasked", "--approval", id.ToString());
        Assert.Equal(1, pending.Exit);
        Assert.Contains("等待审批", pending.Err);
        Assert.Equal(HttpStatusCode.OK, (await ExportWorld.DecideAsync(await world.AsUser("lead2"), id, approve: true)).StatusCode);

        var otherUnit = await AuditKit.Cli(world.App, null, "export", "residents", "--from", "CGJD-XFL", "--out", outPath, "--unmasked", "--approval", id.ToString());
        Assert.Equal(2, otherUnit.Exit);
        Assert.Contains("另一个组织单元", otherUnit.Err);
        var withoutFlag = await AuditKit.Cli(world.App, null, "export", "residents", "--from", ExportWorld.Grid, "--out", outPath, "--approval", id.ToString());
        Assert.Equal(2, withoutFlag.Exit);
        Assert.Contains("--unmasked", withoutFlag.Err);

        var done = await AuditKit.Cli(world.App, null, "export", "residents", "--from", ExportWorld.Grid, "--out", outPath, "--unmasked", "--approval", id.ToString());
        Assert.True(done.Exit == 0, done.Err);
        Assert.Contains("12 名居民", done.Out);
        Assert.Contains(world.People[5].Id, ExportWorld.Cells(await File.ReadAllBytesAsync(outPath)));

        var twice = await AuditKit.Cli(world.App, null, "export", "residents", "--from", ExportWorld.Grid, "--out", outPath + "2", "--unmasked", "--approval", id.ToString());
        Assert.Equal(1, twice.Exit);
        Assert.Contains("只能下载一次", twice.Err);
        Assert.Equal(HttpStatusCode.Gone, (await lead.GetAsync($"/api/v1/exports/requests/{id}/file")).StatusCode);
        var row = await AuditKit.SingleRowAsync(world.App, r => r.Action == AuditActions.Export);
        Assert.Equal(("cli", id), (row.ActorName, row.TargetId!.Value));
        Assert.Contains("经命令行", row.Detail);

        // The masked export is as it was.
        var masked = await AuditKit.Cli(world.App, null, "export", "residents", "--from", ExportWorld.Grid, "--out", outPath);
        Assert.Equal(0, masked.Exit);
        Assert.DoesNotContain(world.People[5].Id, ExportWorld.Cells(await File.ReadAllBytesAsync(outPath)));
    }
}
