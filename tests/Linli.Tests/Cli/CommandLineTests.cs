using Linli.Cli;
using Linli.Tests.Health;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Cli;

/// <summary>The command line's own refusals and help, on System.CommandLine: exit 2 and one Chinese sentence with the verb's usage.</summary>
public class CommandLineTests
{
    static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await Verbs.RunAsync(args, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task DemoRefusesASeedThatIsNotANumberInsteadOfUsingTheDefault()
    {
        var dir = Directory.CreateTempSubdirectory("linli-seed-").FullName;
        try
        {
            var result = await Run("demo", "--seed", "abc", "--data", dir);
            Assert.Equal(2, result.Exit);
            Assert.Equal("--seed 应是一个整数，如 --seed 7，而不是“abc”。\n用法：linli demo [--seed N]", result.Err.Trim());
            Assert.Empty(result.Out);
            Assert.False(File.Exists(Path.Combine(dir, "linli.db")), "a refused command line touches no database");
            var serving = await Run("serve", "--demo", "--seed", "1.5", "--data", dir);
            Assert.Equal(2, serving.Exit);
            Assert.Contains("--seed 应是一个整数", serving.Err);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("user", "请在 linli user 后面写出要做什么：add、disable、enable、grant、revoke、list。", "用法：linli user add NAME --role ROLE --org ORGUNIT")]
    [InlineData("user disable", "缺少 NAME。", "用法：linli user disable NAME")]
    [InlineData("user add wugang --org CGJD-XFL-05", "请用 --role 指定角色", "用法：linli user add NAME")]
    [InlineData("token revoke abc", "请给出访问令牌的编号（数字），而不是“abc”。", "用法：linli token revoke ID")]
    [InlineData("token create cadre --expires soon", "--expires 应是天数，如 --expires 30，而不是“soon”。", "用法：linli token create NAME [--expires DAYS]")]
    [InlineData("import residents 名册.xlsx", "缺少选项 --into ORGUNIT。", "用法：linli import residents FILE --into ORGUNIT [--dry-run] [--skip-invalid] [--json]")]
    [InlineData("import residents 名册.xlsx --into", "选项 --into 后面需要一个值。", "用法：linli import residents")]
    [InlineData("export residents --from CGJD --out a.xlsx --approval 第三号", "--approval 应是导出申请的编号（数字），而不是“第三号”。", "用法：linli export residents --from ORGUNIT --out FILE")]
    [InlineData("orgunit list CGJD CGJD-XFL", "命令 orgunit list 多出了“CGJD-XFL”。", "用法：linli orgunit list [ORGUNIT]")]
    [InlineData("audit verify --anchor x", "命令 audit verify 没有选项 --anchor。", "用法：linli audit verify [--anchors FILE]")]
    [InlineData("--demo --colour", "命令 serve 没有选项 --colour。", "用法：linli [serve] [--demo] [--seed N] [--urls URL]")]
    public async Task AWrongCommandLineIsOneSentenceAndTheUsageWithExit2(string line, string sentence, string usage)
    {
        var result = await Run(line.Split(' '));
        Assert.Equal(2, result.Exit);
        var lines = result.Err.Split('\n');
        Assert.StartsWith(sentence, lines[0]);
        Assert.StartsWith(usage, lines[1]);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task HelpIsWrittenFromTheVerbsOwnOptionsInChinese()
    {
        var all = await Run("help");
        Assert.Equal(0, all.Exit);
        foreach (var usage in new[]
        {
            "linli [serve] [--demo] [--seed N] [--urls URL]", "linli migrate", "linli demo [--seed N]", "linli doctor", "linli orgunit list [ORGUNIT]",
            "linli user add NAME --role ROLE --org ORGUNIT [--display-name 姓名]", "linli user revoke NAME --role ROLE [--org ORGUNIT]", "linli user list",
            "linli token create NAME [--expires DAYS]", "linli token revoke ID", "linli token list [NAME]", "linli audit verify [--anchors FILE]",
            // The contract's options as before; the column choices are added after them.
            "linli import residents FILE --into ORGUNIT [--dry-run] [--skip-invalid] [--json] [--ignore-column NAME] [--map-column NAME=FIELD]",
            "linli registry map-codes [--dry-run]",
            "linli export residents --from ORGUNIT --out FILE [--unmasked] [--approval ID]", "linli help [VERB…]",
        })
            Assert.Contains("  " + usage + "\n", all.Out);
        Assert.Contains("通用选项（每个命令都可用）：", all.Out);
        Assert.Contains("--db CONN", all.Out);

        var import = await Run("help", "import");
        Assert.Equal(0, import.Exit);
        Assert.StartsWith("用法：linli import residents FILE --into ORGUNIT", import.Out);
        Assert.Matches(@"--dry-run\s+只检查、不写入", import.Out);
        Assert.Equal(import.Out, (await Run("import", "--help")).Out);
        Assert.Equal(import.Out, (await Run("import", "residents", "-h")).Out);
        var unknown = await Run("help", "backup-all");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("不认识的命令“backup-all”", unknown.Err);
    }

    [Fact]
    public async Task CommonOptionsStandAnywhereAndTakeAnEqualsSign()
    {
        await using var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await Run($"--data={database.DataDir}", "migrate")).Exit);
        var again = await Run("migrate", "--data", database.DataDir);
        Assert.Contains("已是最新版本", again.Out);
    }

    [Fact, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DoctorFailsOnAKeyOthersCanReadAndOnADatabaseThatTakesNoWrite()
    {
        await using var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await Run("migrate", "--data", database.DataDir)).Exit);
        var key = Linli.Data.FieldCipher.KeyPath(database.DataDir);
        Linli.Data.FieldCipher.OpenOrCreate(database.DataDir);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var loose = await Run("doctor", "--data", database.DataDir);
        Assert.Equal(1, loose.Exit);
        Assert.Contains($"错误  字段加密密钥 {key} 可被其他用户读取或改写（权限 644）。请运行 chmod 600 {key}。", loose.Out);
        Assert.Contains("发现 1 个问题", loose.Out);

        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(0, (await Run("doctor", "--data", database.DataDir)).Exit);
        var file = Path.Combine(database.DataDir, "linli.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (Disks.Immutable(file))
        {
            var readOnly = await Run("doctor", "--data", database.DataDir);
            Assert.Equal(1, readOnly.Exit);
            Assert.Contains("是只读的，无法写入", readOnly.Out);
            Assert.DoesNotContain("数据库可以打开，结构是最新版本", readOnly.Out);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var healthy = await Run("doctor", "--data", database.DataDir);
        Assert.True(healthy.Exit == 0, healthy.Out);
        Assert.Contains("正常  数据库可以打开，结构是最新版本，可以写入", healthy.Out);
        Assert.Contains($"正常  数据目录所在的磁盘（{database.DataDir}）剩余", healthy.Out);
    }
}
