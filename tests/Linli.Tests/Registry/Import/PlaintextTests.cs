using System.Text;
using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Linli.Tests.Registry.Import;

public class PlaintextTests
{
    [Fact]
    public async Task AfterAnImportNoIdOrPhoneNumberIsInTheDatabaseFileInPlainText()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        var roster = MessyRosterTests.MessyRoster();
        var clean = CleanRoster.People(300);
        Assert.Equal(9, (await world.ImportAsync(roster.File, world.Grid(1), new RosterImport.Options(SkipInvalid: true))).Imported);
        var withPhones = clean.Select((p, i) => new Dictionary<string, object?>
        {
            ["姓名"] = p.Name, ["公民身份号码"] = p.Id, ["联系电话"] = Synthetic.Phone(1000 + i), ["与户主关系"] = p.Relation, ["户号"] = p.Household,
        }).ToList();
        using (var stream = new MemoryStream())
        {
            MiniExcelLibs.MiniExcel.SaveAs(stream, withPhones);
            Assert.Equal(300, (await world.ImportAsync(stream.ToArray(), world.Grid(2))).Imported);
        }
        SqliteConnection.ClearAllPools();

        var files = Directory.EnumerateFiles(world.Database.DataDir, "linli.db*").ToList();
        Assert.Contains(files, f => f.EndsWith("linli.db", StringComparison.Ordinal));
        var bytes = files.SelectMany(File.ReadAllBytes).ToArray();
        var secrets = new[] { roster.Zhang, roster.WangUpgraded, roster.Wang15, roster.Zhou, roster.Wu, "13800000001", "13800000002", "037160000001" }
            .Concat(clean.Select(p => p.Id)).Concat(Enumerable.Range(1000, 300).Select(Synthetic.Phone)).ToList();
        foreach (var secret in secrets)
        {
            Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(secret)) < 0, $"{secret[..4]}… is in the database file in plain text");
            Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, $"{secret[..4]}… is in the database file as UTF-16");
        }
    }
}
