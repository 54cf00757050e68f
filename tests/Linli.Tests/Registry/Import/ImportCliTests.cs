using System.Text.Json;
using Linli.Cli;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>The command-line contract scripts rely on: `linli import residents … --json` and `linli export residents …`.</summary>
public class ImportCliTests
{
    static async Task<(int Exit, string Out, string Err)> Run(ImportWorld world, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        string[] common = world.Database.Options.Db is { } db ? ["--data", world.Database.DataDir, "--db", db] : ["--data", world.Database.DataDir];
        var exit = await Verbs.RunAsync([.. args, .. common], output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    static async Task<string> WriteAsync(ImportWorld world, string name, byte[] content)
    {
        var path = Path.Combine(world.Database.DataDir, name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task JsonHasTheContractShapeAndTheExitStatusSaysWhetherAnythingWasImported(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var roster = MessyRosterTests.MessyRoster();
        var qian = await world.AddResidentAsync("钱进", roster.Qian, world.Grid(2));
        var file = await WriteAsync(world, "名册.xlsx", roster.File);

        var dry = await Run(world, "import", "residents", file, "--into", "城关街道/幸福里社区/第一居民组", "--dry-run", "--json");
        Assert.Equal(1, dry.Exit);
        using (var json = JsonDocument.Parse(dry.Out))
        {
            var root = json.RootElement;
            // The contract's keys first, as before; new keys (the sheet and header row read, the columns) may follow.
            Assert.Equal(["rows", "imported", "errors", "warnings", "duplicates"], root.EnumerateObject().Select(p => p.Name).Take(5).ToArray());
            Assert.Equal("花名册", root.GetProperty("sheet").GetString());
            Assert.Equal(3, root.GetProperty("headerRow").GetInt32());
            Assert.Equal(12, root.GetProperty("rows").GetInt32());
            Assert.Equal(0, root.GetProperty("imported").GetInt32());
            var errors = root.GetProperty("errors").EnumerateArray().ToList();
            Assert.All(errors, e => Assert.Equal(["row", "column", "message"], e.EnumerateObject().Select(p => p.Name).ToArray()));
            Assert.Equal([(8, "公民身份号码"), (9, "公民身份号码")], errors.Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToArray());
            Assert.Equal(6, root.GetProperty("warnings").GetArrayLength());
            var duplicates = root.GetProperty("duplicates").EnumerateArray().ToList();
            Assert.All(duplicates, d => Assert.Equal(["row", "sameAs"], d.EnumerateObject().Select(p => p.Name).ToArray()));
            Assert.Equal([(13, "row 4"), (14, $"resident {qian.Id}")], duplicates.Select(d => (d.GetProperty("row").GetInt32(), d.GetProperty("sameAs").GetString())).ToArray());
        }
        Assert.DoesNotContain(roster.Zhang, dry.Out);

        var refused = await Run(world, "import", "residents", file, "--into", "CGJD-XFL-01", "--json");
        Assert.Equal(1, refused.Exit);
        Assert.Equal(0, JsonDocument.Parse(refused.Out).RootElement.GetProperty("imported").GetInt32());
        Assert.Equal(1, (await world.CountsAsync()).Residents);

        var skipped = await Run(world, "import", "residents", file, "--into", "CGJD-XFL-01", "--skip-invalid", "--json");
        Assert.Equal(0, skipped.Exit);
        Assert.Equal(8, JsonDocument.Parse(skipped.Out).RootElement.GetProperty("imported").GetInt32());
        Assert.Equal(9, (await world.CountsAsync()).Residents);
    }

    [Fact]
    public async Task WithoutJsonTheReportIsReadableChinese()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        var file = await WriteAsync(world, "名册.xlsx", MessyRosterTests.MessyRoster().File);
        var result = await Run(world, "import", "residents", file, "--into", "CGJD-XFL-01");
        Assert.Equal(1, result.Exit);
        Assert.Contains("表头在第 3 行", result.Out);
        Assert.Contains("第 8 行  公民身份号码：身份证号校验位不正确", result.Out);
        Assert.Contains("第 13 行：与第 4 行是同一人", result.Out);
        Assert.Contains("没有导入任何数据", result.Out);
        Assert.Contains("--skip-invalid", result.Out);
    }

    [Fact]
    public async Task MistakesInTheCommandAreExplained()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        var file = await WriteAsync(world, "名册.xlsx", MessyRosterTests.MessyRoster().File);
        var noTarget = await Run(world, "import", "residents", file);
        Assert.Equal(2, noTarget.Exit);
        Assert.Contains("用法：linli import residents FILE --into ORGUNIT", noTarget.Err);
        var unknown = await Run(world, "import", "residents", file, "--into", "城关街道/不存在社区");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("找不到组织单元“城关街道/不存在社区”", unknown.Err);
        var missing = await Run(world, "import", "residents", file + ".nope", "--into", "CGJD-XFL-01");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("找不到文件", missing.Err);
        var notARoster = await Run(world, "import", "residents", await WriteAsync(world, "note.csv", "hello,world\r\n1,2\r\n"u8.ToArray()), "--into", "CGJD-XFL-01", "--json");
        Assert.Equal(1, notARoster.Exit);
        var error = JsonDocument.Parse(notARoster.Out).RootElement.GetProperty("errors")[0];
        Assert.Equal(0, error.GetProperty("row").GetInt32());
        Assert.Contains("找不到表头", error.GetProperty("message").GetString());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ExportWritesAMaskedRosterThatTheImportRecognises(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var people = CleanRoster.People(40);
        Assert.Equal(0, (await Run(world, "import", "residents", await WriteAsync(world, "in.xlsx", CleanRoster.Xlsx(people)), "--into", "CGJD-XFL-03")).Exit);

        var outPath = Path.Combine(world.Database.DataDir, "第三居民组.xlsx");
        var export = await Run(world, "export", "residents", "--from", "城关街道/幸福里社区/第三居民组", "--out", outPath);
        Assert.Equal(0, export.Exit);
        Assert.Contains("40 名居民", export.Out);
        using (var stream = File.OpenRead(outPath))
        {
            var cells = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>()
                .SelectMany(r => r.Values).Select(v => v?.ToString()).ToList();
            Assert.DoesNotContain(people, p => cells.Contains(p.Id));
            Assert.Contains(Linli.Features.Registry.NationalId.Mask(people[0].Id), cells);
        }

        var again = await Run(world, "import", "residents", outPath, "--into", "CGJD-XFL-03", "--json");
        Assert.Equal(0, again.Exit);
        var json = JsonDocument.Parse(again.Out).RootElement;
        Assert.Equal(0, json.GetProperty("imported").GetInt32());
        Assert.Equal(40, json.GetProperty("duplicates").GetArrayLength());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnIdRegisteredInAnotherCommunityIsADuplicateWithoutSayingWhose(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        OrgUnit otherGrid;
        await using (var db = world.Db())
        {
            var street = await db.OrgUnits.SingleAsync(o => o.Id == world.Community.ParentId);
            var other = await OrgUnitTree.AddAsync(db, street, OrgUnitKind.Community, "和平社区", "CGJD-HP", 1, default);
            otherGrid = await OrgUnitTree.AddAsync(db, other, OrgUnitKind.Grid, "第一居民组", "CGJD-HP-01", 0, default);
        }
        var roster = MessyRosterTests.MessyRoster();
        var qian = await world.AddResidentAsync("钱进", roster.Qian, otherGrid);
        var file = await WriteAsync(world, "名册.xlsx", roster.File);

        var dry = await Run(world, "import", "residents", file, "--into", "城关街道/幸福里社区/第一居民组", "--dry-run", "--json");
        using (var json = JsonDocument.Parse(dry.Out))
        {
            var duplicates = json.RootElement.GetProperty("duplicates").EnumerateArray()
                .Select(d => (d.GetProperty("row").GetInt32(), d.GetProperty("sameAs").GetString())).ToArray();
            Assert.Equal([(13, "row 4"), (14, "elsewhere")], duplicates);
        }
        Assert.DoesNotContain(qian.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")", dry.Out);
        var text = await Run(world, "import", "residents", file, "--into", "城关街道/幸福里社区/第一居民组", "--dry-run");
        Assert.Contains("第 14 行：该身份证号已登记在本社区以外，请联系社区核实", text.Out);
    }

    [Fact]
    public async Task AnUnmaskedExportIsRefusedUntilASecondPersonCanApproveIt()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        var outPath = Path.Combine(world.Database.DataDir, "full.xlsx");
        var result = await Run(world, "export", "residents", "--from", "CGJD-XFL", "--out", outPath, "--unmasked");
        Assert.Equal(2, result.Exit);
        Assert.Contains("第二人审批", result.Err);
        Assert.False(File.Exists(outPath));
        var help = await Run(world, "help", "export");
        Assert.Contains("--unmasked", help.Out);
    }

    [Fact]
    public async Task ImportAndExportEachWriteAnAuditRowWithTheirCounts()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        var path = Path.Combine(world.Database.DataDir, "名册.xlsx");
        await File.WriteAllBytesAsync(path, CleanRoster.Xlsx(CleanRoster.People(12)));
        Assert.Equal(0, (await Run(world, "import", "residents", path, "--into", "CGJD-XFL-01")).Exit);
        var outPath = Path.Combine(world.Database.DataDir, "out.xlsx");
        Assert.Equal(0, (await Run(world, "export", "residents", "--from", "CGJD-XFL-01", "--out", outPath)).Exit);
        await using var db = world.Db();
        var rows = await db.AuditEntries.OrderBy(e => e.Id).ToListAsync();
        Assert.Contains(rows, e => e.Action == Linli.Features.Audit.AuditActions.Write && e.ActorName == "cli" && e.Detail!.Contains("12 人", StringComparison.Ordinal));
        Assert.Contains(rows, e => e.Action == Linli.Features.Audit.AuditActions.Export && e.Detail!.Contains("12 人", StringComparison.Ordinal));
    }
}
