using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace Linli.Tests.Registry.Import;

/// <summary>The uploaded file waiting between preview and confirmation: only its owner gets it back, encrypted on disk, for an hour.</summary>
public class RosterUploadsTests
{
    sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task OnlyTheOwnerGetsTheFileBackAndOnlyForAnHour()
    {
        var dir = Directory.CreateTempSubdirectory("linli-uploads-").FullName;
        try
        {
            var clock = new Clock();
            var uploads = new RosterUploads(new Linli.LinliOptions { DataDir = dir }, DataProtectionProvider.Create("linli-test"), clock);
            var content = MessyRosterTests.MessyRoster().File;
            var token = await uploads.SaveAsync(7, content, default);

            Assert.Equal(content, await uploads.LoadAsync(7, token, default));
            Assert.Null(await uploads.LoadAsync(8, token, default));
            Assert.Null(await uploads.LoadAsync(7, "../../linli.db", default));
            var stored = await File.ReadAllBytesAsync(Directory.GetFiles(Path.Combine(dir, "imports")).Single());
            Assert.True(stored.AsSpan().IndexOf(content.AsSpan(0, 64)) < 0, "the file on disk is encrypted");

            clock.Now = DateTimeOffset.UtcNow + RosterUploads.Lifetime + TimeSpan.FromMinutes(1);
            Assert.Null(await uploads.LoadAsync(7, token, default));
            Assert.Empty(Directory.GetFiles(Path.Combine(dir, "imports")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task AFileThatIsNoRosterIsSaidSoInOneSentence()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        var broken = await world.ImportAsync([.. "PK\u0003\u0004"u8, .. new byte[200]], world.Grid(1));
        Assert.Equal((0, ""), (broken.Errors.Single().Row, broken.Errors.Single().Column));
        Assert.Contains("无法读取这个 xlsx 文件", broken.Errors.Single().Message);
        var xls = await world.ImportAsync([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[200]], world.Grid(1));
        Assert.Contains("另存为", xls.Errors.Single().Message);
        await using var db = world.Db();
        var cityStreet = await Linli.Features.Access.OrgUnitTree.ResolveAsync(db, "城关街道", default);
        var street = await world.ImportAsync(MessyRosterTests.MessyRoster().File, cityStreet!);
        Assert.Contains("不能直接导入到街道", street.Errors.Single().Message);
    }
}
