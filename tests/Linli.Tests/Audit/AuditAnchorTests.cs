using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Audit;

/// <summary>
/// The anchors kept outside the database (data/audit/anchors.log): someone who can switch the triggers off
/// and cut the newest rows leaves a shorter chain that is still whole; the anchors show it.
/// </summary>
public class AuditAnchorTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ANormalRunVerifiesAgainstItsAnchors(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        await FailedLoginsAsync(app, 3);
        var anchor = await AnchorNowAsync(app);
        Assert.Equal(3, anchor!.Id);
        await FailedLoginsAsync(app, 2);

        var verify = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.True(verify.Exit == 0, verify.Err);
        Assert.Contains("审计日志完整：共 5 行", verify.Out);
        Assert.Contains("锚点核对无误", verify.Out);
        Assert.Contains("最新一条锚定第 3 行", verify.Out);

        // One line: version, id, the row's hash, time, kind, writer, MAC; the key beside the field key, for its owner only.
        var line = Assert.Single(await File.ReadAllLinesAsync(AuditAnchors.FilePath(app.Database.DataDir)));
        var row3 = (await AuditKit.RowsAsync(app)).Single(r => r.Id == 3);
        Assert.StartsWith($"linli-anchor-v1 3 {row3.Hash.Trim()} ", line);
        Assert.Contains(" minute ", line);
        var key = AuditAnchors.KeyPath(app.Database.DataDir);
        Assert.Equal(Path.GetDirectoryName(Linli.Data.FieldCipher.KeyPath(app.Database.DataDir)), Path.GetDirectoryName(key));
        Assert.Equal(32, new FileInfo(key).Length);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task CuttingOffTheNewestRowsIsNamedByTheAnchor(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        await FailedLoginsAsync(app, 5);
        await AnchorNowAsync(app);
        await FailedLoginsAsync(app, 3);
        await AnchorNowAsync(app);
        var copy = Path.Combine(app.Database.DataDir, "anchors-copy.log");
        File.Copy(AuditAnchors.FilePath(app.Database.DataDir), copy);

        // A superuser switches the guards off and deletes rows 6 to 8: what is left is a whole chain of five rows.
        await AuditKit.TamperAsync(app, """DELETE FROM "AuditEntries" WHERE "Id" > 5""");
        var cut = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.Equal(3, cut.Exit);
        Assert.Contains("审计日志完整：共 5 行", cut.Out);
        Assert.Contains("审计日志在第 5 条之后被截断或改动：锚点记录第 8 条", cut.Err);
        Assert.Contains("数据库中已没有这一条，现在只到第 5 条", cut.Err);

        // The server goes on writing: rows 6 to 9 again, a new chain, and row 8 now has another hash.
        await FailedLoginsAsync(app, 4);
        var rewritten = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.Equal(3, rewritten.Exit);
        Assert.Contains("审计日志完整：共 9 行", rewritten.Out);
        Assert.Contains("审计日志在第 5 条之后被截断或改动：锚点记录第 8 条", rewritten.Err);
        Assert.Contains("数据库中第 8 条的哈希却是", rewritten.Err);

        // Deleting the data directory's anchors hides the cut from the default check, not from the copy kept elsewhere.
        File.Delete(AuditAnchors.FilePath(app.Database.DataDir));
        var withoutFile = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.Equal(0, withoutFile.Exit);
        Assert.Contains("没有锚点文件", withoutFile.Out);
        var fromCopy = await AuditKit.Cli(app, null, "audit", "verify", "--anchors", copy);
        Assert.Equal(3, fromCopy.Exit);
        Assert.Contains("锚点记录第 8 条", fromCopy.Err);
        var noCopy = await AuditKit.Cli(app, null, "audit", "verify", "--anchors", copy + ".missing");
        Assert.Equal(2, noCopy.Exit);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnEditedAnchorLineIsNamed(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        await FailedLoginsAsync(app, 4);
        await AnchorNowAsync(app);
        await FailedLoginsAsync(app, 2);
        await AnchorNowAsync(app);
        var file = AuditAnchors.FilePath(app.Database.DataDir);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(2, lines.Length);
        Assert.Equal(0, (await AuditKit.Cli(app, null, "audit", "verify")).Exit);

        // Someone moves the second anchor back to row 4, with row 4's hash, to hide rows 5 and 6: the MAC no longer fits.
        var row4 = (await AuditKit.RowsAsync(app)).Single(r => r.Id == 4);
        var fields = lines[1].Split(' ');
        (fields[1], fields[2]) = ("4", row4.Hash.Trim());
        lines[1] = string.Join(' ', fields);
        await File.WriteAllLinesAsync(file, lines);
        var edited = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.Equal(3, edited.Exit);
        Assert.Contains("锚点文件第 2 行的校验码不对", edited.Err);
        Assert.DoesNotContain("第 1 行", edited.Err);
    }

    [Fact]
    public async Task AServerAnchorsWhenItStartsAndWhenItStops()
    {
        await using var first = await AuditKit.StartAsync();
        await FailedLoginsAsync(first, 2);
        var options = first.Database.OptionsForAnotherServer(first.Database.DataDir);
        var second = await LinliApp.StartOnAsync(first.Database, demo: false, ownsDatabase: false, options);
        await FailedLoginsAsync(second, 1);
        await second.DisposeAsync();

        var kinds = (await File.ReadAllLinesAsync(AuditAnchors.FilePath(first.Database.DataDir))).Select(l => l.Split(' ')).Select(f => (f[1], f[4])).ToList();
        Assert.Equal([("2", AuditAnchor.Start), ("3", AuditAnchor.Stop)], kinds);
        var verify = await AuditKit.Cli(first, null, "audit", "verify");
        Assert.True(verify.Exit == 0, verify.Err);
        Assert.Contains("2 条锚点与数据库一致", verify.Out);
    }

    [Fact]
    public async Task ACommandLineVerbThatWritesRowsAnchorsWhenItEnds()
    {
        await using var app = await AuditKit.StartAsync();
        var added = await AuditKit.Cli(app, "S3cure-pass-2026\n", "user", "add", "wugang", "--role", Roles.GridCadre, "--org", "CGJD-XFL-05");
        Assert.True(added.Exit == 0, added.Err);
        var line = Assert.Single(await File.ReadAllLinesAsync(AuditAnchors.FilePath(app.Database.DataDir)));
        Assert.StartsWith("linli-anchor-v1 1 ", line);
        Assert.Contains(" cli ", line);
        Assert.Equal(0, (await AuditKit.Cli(app, null, "audit", "verify")).Exit);
        // Verifying writes no rows, hence no anchor.
        Assert.Single(await File.ReadAllLinesAsync(AuditAnchors.FilePath(app.Database.DataDir)));
    }

    /// <summary>What the server's minute timer does when rows were written in the minute.</summary>
    static Task<AuditAnchor?> AnchorNowAsync(LinliApp app) =>
        app.Web.Services.GetRequiredService<AuditAnchors>().AnchorAsync(AuditAnchor.Periodic, default);

    /// <summary>Each failed login of an unknown name appends exactly one row.</summary>
    static async Task FailedLoginsAsync(LinliApp app, int count)
    {
        for (var i = 0; i < count; i++) await LinliApp.LoginAsync(app.Client(), $"visitor{i}", "wrong-password-1");
    }
}
