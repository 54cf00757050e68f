using Linli.Cli;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>`linli registry map-codes`: stored words brought to the code tables, what could not be said with its count.</summary>
public class MapCodesCliTests
{
    static async Task<(int Exit, string Out)> Run(ImportWorld world, params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        string[] common = world.Database.Options.Db is { } db ? ["--data", world.Database.DataDir, "--db", db] : ["--data", world.Database.DataDir];
        var exit = await Verbs.RunAsync([.. args, .. common], output, errors);
        return (exit, output.ToString() + errors);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task StoredWordsAreMappedAndTheUnmappableReported(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var a = await world.AddResidentAsync("测试旧甲", Synthetic.Id("19500101", 301, true), world.Grid(1));
        var b = await world.AddResidentAsync("测试旧乙", Synthetic.Id("19510101", 302, false), world.Grid(1));
        await using (var db = world.Db())
        {
            await db.Residents.Where(r => r.Id == a.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Ethnicity, "汉").SetProperty(r => r.PoliticalStatus, "党员").SetProperty(r => r.Education, "大学专科"));
            await db.Residents.Where(r => r.Id == b.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Ethnicity, "汉族").SetProperty(r => r.Education, "私塾"));
        }

        var dry = await Run(world, "registry", "map-codes", "--dry-run");
        Assert.Equal(0, dry.Exit);
        Assert.Contains("民族：“汉” → “汉族”  1 人", dry.Out);
        Assert.Contains("文化程度：“私塾”  1 人", dry.Out);
        await using (var db = world.Db()) Assert.Equal("汉", (await db.Residents.SingleAsync(r => r.Id == a.Id)).Ethnicity);

        var done = await Run(world, "registry", "map-codes");
        Assert.Equal(0, done.Exit);
        Assert.Contains("政治面貌：“党员” → “中共党员”", done.Out);
        await using var check = world.Db();
        var after = await check.Residents.SingleAsync(r => r.Id == a.Id);
        Assert.Equal(("汉族", "中共党员", "大专"), (after.Ethnicity, after.PoliticalStatus, after.Education));
        Assert.True(after.Version > a.Version);
        Assert.Equal("私塾", (await check.Residents.SingleAsync(r => r.Id == b.Id)).Education);
    }
}
