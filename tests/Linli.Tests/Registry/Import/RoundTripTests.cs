using Linli.Data;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Linli.Tests.Registry.Import;

/// <summary>
/// 幸福里社区's roster, exported and imported into an empty registry, comes back unchanged: the same people with
/// the same birth dates, IDs, households, heads, addresses and tags; exported again, the same file.
/// </summary>
public class RoundTripTests
{
    sealed record Person(string Grid, string? Household, bool IsHead, string Name, RelationToHead Relation, Gender Gender, DateOnly? Birth,
        string? IdMasked, string? PhoneMasked, string? Id, string? Phone, string? Address, ResidenceKind Kind, string? Education,
        string? Political, string? Marital, string Tags);

    static async Task<List<Person>> PeopleAsync(DatabaseTarget target, FieldCipher cipher, bool decrypt)
    {
        await using var db = target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var grids = await db.OrgUnits.Where(o => o.ParentId == community.Id).ToDictionaryAsync(o => o.Id, o => o.Name);
        var gridIds = grids.Keys.ToList();
        var households = await db.Households.Where(h => gridIds.Contains(h.GridId)).ToDictionaryAsync(h => h.Id);
        var places = await db.Dwellings.Join(db.Buildings, d => d.BuildingId, b => b.Id, (d, b) => new { d.Id, Text = b.Name + d.Unit + d.Room })
            .ToDictionaryAsync(x => x.Id, x => x.Text);
        var tags = (await db.ResidentTags.Join(db.Tags.Where(t => !t.IsSensitive), rt => rt.TagId, t => t.Id, (rt, t) => new { rt.ResidentId, t.Name }).ToListAsync())
            .ToLookup(t => t.ResidentId, t => t.Name);
        var residents = await db.Residents.Where(r => gridIds.Contains(r.GridId) && r.Status == ResidentStatus.Active).ToListAsync();
        return residents.Select(r =>
        {
            var h = r.HouseholdId is { } id ? households[id] : null;
            return new Person(grids[r.GridId], h?.Number, h?.HeadId == r.Id, r.Name, r.RelationToHead, r.Gender, r.BirthDate,
                r.NationalIdMasked, r.PhoneMasked,
                decrypt && r.NationalIdCipher is { } ic ? cipher.Decrypt(ic) : null,
                decrypt && r.PhoneCipher is { } pc ? cipher.Decrypt(pc) : null,
                h?.DwellingId is { } d ? places[d] : null, r.ResidenceKind, r.Education, r.PoliticalStatus, r.MaritalStatus,
                string.Join("、", tags[r.Id].Order(StringComparer.Ordinal)));
        }).OrderBy(p => p.Grid, StringComparer.Ordinal).ThenBy(p => p.Household, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Birth).ThenBy(p => p.IdMasked, StringComparer.Ordinal).ToList();
    }

    static async Task<byte[]> ExportAsync(DatabaseTarget target, FieldCipher cipher, bool reveal)
    {
        await using var db = target.CreateContext();
        var unit = await OrgUnitTree.ResolveAsync(db, "城关街道/幸福里社区", default);
        using var stream = new MemoryStream();
        await new RosterExport(db, cipher, TimeProvider.System).WriteAsync(unit!, stream, reveal, default);
        return stream.ToArray();
    }

    static List<string?[]> Cells(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString()).ToArray()).ToList();
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheExportedRosterImportsIntoAnEmptyRegistryUnchanged(string engine)
    {
        await using var source = await TestDatabase.CreateWithDemoAsync(engine);
        var sourceCipher = FieldCipher.OpenOrCreate(source.DataDir);
        var expected = await PeopleAsync(source.Target, sourceCipher, decrypt: false);
        Assert.Equal(10_400, expected.Count);

        // Masked, as anyone may export it.
        var masked = await ExportAsync(source.Target, sourceCipher, reveal: false);
        await using (var empty = await ImportWorld.CreateAsync(engine))
        {
            var report = await empty.ImportAsync(masked, empty.Community);
            Assert.Empty(report.Errors);
            Assert.Empty(report.Duplicates);
            Assert.Equal(10_400, report.Imported);
            // Only the two notes that the numbers arrived masked.
            Assert.Equal([(4, "公民身份号码"), (report.Warnings[1].Row, "联系电话")], report.Warnings.Select(w => (w.Row, w.Column)).ToArray());
            Assert.Equal(expected, await PeopleAsync(empty.Database.Target, empty.Cipher, decrypt: false));

            var again = await ExportAsync(empty.Database.Target, empty.Cipher, reveal: false);
            Assert.Equal(Cells(masked), Cells(again));

            // Imported a second time, every row is recognised as already there.
            var twice = await empty.ImportAsync(masked, empty.Community);
            Assert.Equal(0, twice.Imported);
            Assert.Equal(10_400, twice.Duplicates.Count);
        }

        // Unmasked (the door that allows it audits it): the numbers themselves come back.
        var full = await ExportAsync(source.Target, sourceCipher, reveal: true);
        await using (var empty = await ImportWorld.CreateAsync(engine))
        {
            var report = await empty.ImportAsync(full, empty.Community);
            Assert.Empty(report.Errors);
            Assert.Empty(report.Warnings);
            Assert.Equal(10_400, report.Imported);
            Assert.Equal(await PeopleAsync(source.Target, sourceCipher, decrypt: true), await PeopleAsync(empty.Database.Target, empty.Cipher, decrypt: true));
        }
    }

    [Fact]
    public void TextThatASpreadsheetWouldRunIsWrittenInert()
    {
        Assert.Equal("'=HYPERLINK(\"http://x\")", RosterExport.Inert("=HYPERLINK(\"http://x\")"));
        Assert.Equal("'+1", RosterExport.Inert("+1"));
        Assert.Equal("'-3", RosterExport.Inert("-3"));
        Assert.Equal("'@SUM(A1)", RosterExport.Inert("@SUM(A1)"));
        Assert.Equal("王芳", RosterExport.Inert("王芳"));
        Assert.Equal("=1+2", RosterValues.TextOf("'=1+2"));
        Assert.Equal("'abc", RosterValues.TextOf("'abc"));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ANoteThatLooksLikeAFormulaIsExportedInertAndImportedAsWritten(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var report = await world.ImportAsync(MessyRosterTests.MessyRoster().File, world.Grid(1), new RosterImport.Options(SkipInvalid: true));
        Assert.Equal(9, report.Imported);
        await using var db = world.Db();
        var unit = await db.OrgUnits.SingleAsync(o => o.Id == world.Grid(1).Id);
        using var stream = new MemoryStream();
        await new RosterExport(db, world.Cipher, TimeProvider.System).WriteAsync(unit, stream, reveal: false, default);
        var cells = Cells(stream.ToArray());
        var chen = cells.Single(c => c.Contains("陈光"));
        Assert.Equal("'=SUM(A1:A3)", chen[Array.IndexOf(RosterExport.Columns, "备注")]);
        Assert.DoesNotContain(cells.SelectMany(c => c), v => v is not null && v.StartsWith('='));
    }
}
