using Linli.Cli;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Cli;

public class CliTests
{
    static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await Verbs.RunAsync(args, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task AnUnknownVerbOrOptionIsExplainedInChinese()
    {
        var verb = await Run("frobnicate");
        Assert.Equal(2, verb.Exit);
        Assert.Contains("不认识的命令“frobnicate”", verb.Err);
        var option = await Run("doctor", "--colour");
        Assert.Equal(2, option.Exit);
        Assert.Contains("命令 doctor 没有选项 --colour", option.Err);
        var missing = await Run("migrate", "--data");
        Assert.Contains("选项 --data 后面需要一个值", missing.Err);
    }

    [Fact]
    public async Task HelpListsEveryVerb()
    {
        var help = await Run("help");
        Assert.Equal(0, help.Exit);
        foreach (var verb in new[] { "serve", "migrate", "demo", "doctor", "orgunit" }) Assert.Contains($"linli {verb}", help.Out.Replace("linli [serve]", "linli serve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DoctorSaysInASentenceThatTheSqliteFileIsNotADatabase()
    {
        var dir = Directory.CreateTempSubdirectory("linli-doctor-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "linli.db"), "这不是数据库，只是一段文字。".PadRight(4096, '#'));
            var result = await Run("doctor", "--data", dir);
            Assert.Equal(1, result.Exit);
            Assert.Contains("不是 SQLite 数据库，或者文件已损坏", result.Out);
            Assert.Contains("发现 1 个问题", result.Out);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task DoctorSaysWhenPostgresCannotBeReached()
    {
        // Port 1 on loopback: nothing listens there.
        var result = await Run("doctor", "--data", Path.GetTempPath(), "--db", "Host=127.0.0.1;Port=1;Username=linli;Password=x;Database=linli;Timeout=3");
        Assert.Equal(1, result.Exit);
        Assert.Contains("无法连接 PostgreSQL 127.0.0.1:1/linli", result.Out);
        Assert.DoesNotContain("Password", result.Out);
    }

    [Fact]
    public async Task DoctorPassesOnAHealthyDatabase()
    {
        await using var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await Run("migrate", "--data", database.DataDir)).Exit);
        Linli.Data.FieldCipher.OpenOrCreate(database.DataDir);
        var result = await Run("doctor", "--data", database.DataDir);
        Assert.True(result.Exit == 0, result.Out);
        Assert.Contains("数据库可以打开，结构是最新版本", result.Out);
        Assert.Contains("仅所有者可读", result.Out);
        Assert.Contains("自检通过", result.Out);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task MigrateBringsAnEmptyDatabaseUpToDateAndThenHasNothingToDo(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var args = database.Options.Db is { } db ? new[] { "migrate", "--data", database.DataDir, "--db", db } : ["migrate", "--data", database.DataDir];
        var first = await Run(args);
        Assert.Equal(0, first.Exit);
        Assert.Contains("已升级", first.Out);
        var second = await Run(args);
        Assert.Contains("已是最新版本", second.Out);
    }

    [Fact]
    public async Task DemoRefusesADatabaseThatAlreadyHasData()
    {
        await using var database = await TestDatabase.CreateAsync();
        var first = await Run("demo", "--data", database.DataDir, "--seed", "3");
        Assert.Equal(0, first.Exit);
        Assert.Contains("已生成演示数据", first.Out);
        Assert.Contains("cadre", first.Out);
        Assert.True(File.Exists(Path.Combine(database.DataDir, "demo-accounts.txt")));
        var second = await Run("demo", "--data", database.DataDir);
        Assert.Equal(1, second.Exit);
        Assert.Contains("已有数据", second.Err);
    }

    [Fact]
    public async Task OrgUnitListPrintsTheTreeWithCodesAndFindsAUnitByPath()
    {
        await using var database = await TestDatabase.CreateAsync();
        await Run("demo", "--data", database.DataDir);
        var all = await Run("orgunit", "list", "--data", database.DataDir);
        Assert.Contains("幸福里社区  [CGJD-XFL]", all.Out);
        Assert.Contains("    第八居民组  [CGJD-XFL-08]", all.Out);
        var one = await Run("orgunit", "list", "城关街道/光明社区", "--data", database.DataDir);
        Assert.DoesNotContain("幸福里社区", one.Out);
        Assert.Contains("第三网格  [CGJD-GM-03]", one.Out);
        var none = await Run("orgunit", "list", "城关街道/不存在社区", "--data", database.DataDir);
        Assert.Equal(1, none.Exit);
        Assert.Contains("找不到组织单元", none.Err);
    }
}
