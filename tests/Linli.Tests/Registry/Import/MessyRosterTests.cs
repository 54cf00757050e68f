using Linli.Features.Registry;
using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>
/// A roster as offices really keep them: a merged title row, a 填报单位 line, headers with spaces, line breaks
/// and a required-mark, dates in five forms, full-width digits, a 15-digit ID, a wrong check digit, an ID that
/// Excel turned into a number, the same person twice, a person already in the registry, a blank line and a
/// 合计 footer. The report must name exactly the planted rows and columns, nothing more.
/// </summary>
public class MessyRosterTests
{
    internal sealed record Planted(byte[] File, string Zhang, string Wang15, string WangUpgraded, string Qian, string Zhou, string Wu);

    internal static Planted MessyRoster()
    {
        var zhang = Synthetic.Id("19560312", 1, male: true);
        var li = Synthetic.Id("19580701", 2, male: false);
        var zhangWei = Synthetic.Id("19820506", 3, male: true);
        var wang15 = "990101" + "450203" + "004";
        var wangUpgraded = "990101" + "19450203" + "004" + NationalId.CheckDigit("99010119450203004");
        var zhao = Synthetic.WithWrongCheckDigit(Synthetic.Id("19700115", 5, male: true));
        var sun = Enumerable.Range(6, 50).Select(s => Synthetic.Id("19800101", s, male: false)).First(id => id[17] != 'X');
        var zhou = Synthetic.Id("19900315", 7, male: true);
        var wu = Synthetic.Id("19750809", 8, male: false);
        var qian = Synthetic.Id("19660606", 10, male: true);
        var feng = Synthetic.Id("19880808", 11, male: false);
        var spacedFullWidth = Synthetic.FullWidth($"{zhangWei[..6]} {zhangWei[6..14]} {zhangWei[14..]}");

        var file = new XlsxBuilder()
            .Row(1, "幸福里社区第一居民组居民花名册").Merge("A1", "L1")
            .Row(2, "填报单位：幸福里社区居委会（盖章）", null, null, null, null, null, "填报日期：2026年11月").Merge("A2", "F2").Merge("G2", "L2")
            .Row(3, "序号", "姓 名", "性别", "民族", "出生年月", "公民身份\n号码 *", "与户主关系", "联系电话", "现住址", "户号", "人员类别", "备注")
            .Row(4, 1, "张建国", "男", "汉族", "1956.03.12", zhang, "本人", "138 0000 0001", "3号楼2单元301", "H001", "独居老人", null)
            .Row(5, 2, "李秀英", "女", "汉族", "1958-7-1", li, "配偶", Synthetic.Phone(2), "3号楼2单元301", "H001", "空巢老人、困难户", null)
            .Row(6, 3, "张  伟", "男", "汉族", "１９８２年５月６日", spacedFullWidth, "子", Synthetic.FullWidth(Synthetic.Phone(3)), null, "H001", null, null)
            .Row(7, 4, "王淑芬", "女", "汉族", new DateTime(1945, 2, 3), wang15, "户主", Synthetic.Phone(4), "幸福路12号院3栋1单元102室", "H002", null, null)
            .Row(8, 5, "赵强", "男", "汉族", "1970/1/15", zhao, "本人", Synthetic.Phone(5), null, "H003", null, null)
            .Row(9, 6, "孙丽", "女", "汉族", "19800101", double.Parse(sun, System.Globalization.CultureInfo.InvariantCulture), "本人", Synthetic.Phone(6), null, "H004", null, null)
            .Row(10, null, "", " ", null, "　")
            .Row(11, 7, "周明", "女", "汉族", "1990.3", zhou, "本人", Synthetic.Phone(7), null, "H005", null, null)
            .Row(12, 8, "吴芳", "女", "汉族", new DateTime(1975, 8, 9).ToOADate(), wu, "本人", "0371-6000 0001", null, "H006", null, null)
            .Row(13, 9, "张建国", "男", "汉族", "1956.03.12", zhang, "本人", null, null, "H007", null, null)
            .Row(14, 10, "钱进", "男", "汉族", "1966-06-06", qian, "本人", null, null, "H008", null, null)
            .Row(15, 11, "冯敏", "女", "汉族", "1988-08-08", feng, "本人", "12345", null, "H009", "不存在的标签", null)
            .Row(16, 12, "陈光", "男", "汉族", "1960.5", null, "本人", null, null, "H010", null, "=SUM(A1:A3)")
            .Row(17, "合计", "12人")
            .Build();
        return new Planted(file, zhang, wang15, wangUpgraded, qian, zhou, wu);
    }

    static async Task<(ImportWorld World, Planted Roster, Resident Qian)> ArrangeAsync(string engine)
    {
        var world = await ImportWorld.CreateAsync(engine);
        var roster = MessyRoster();
        var qian = await world.AddResidentAsync("钱进", roster.Qian, world.Grid(2));
        return (world, roster, qian);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheReportNamesExactlyThePlantedRowsAndColumns(string engine)
    {
        var (world, roster, qian) = await ArrangeAsync(engine);
        await using var _ = world;
        var report = await world.ImportAsync(roster.File, world.Grid(1), new RosterImport.Options(DryRun: true));

        Assert.Equal("花名册", report.SheetName);
        Assert.Equal(3, report.HeaderRow);
        Assert.Equal(12, report.Rows);
        Assert.Equal(
            [(8, "公民身份号码"), (9, "公民身份号码")],
            report.Errors.Select(e => (e.Row, e.Column)).ToArray());
        Assert.Contains("校验位", report.Errors[0].Message);
        Assert.Contains("存成了数字", report.Errors[1].Message);
        Assert.Contains("末几位已经丢失", report.Errors[1].Message);
        Assert.Equal(
            [(7, "公民身份号码"), (11, "性别"), (15, "联系电话"), (15, "人员类别"), (16, "公民身份号码"), (16, "出生年月")],
            report.Warnings.Select(w => (w.Row, w.Column)).ToArray());
        Assert.Contains("15位", report.Warnings.Single(w => w.Row == 7).Message);
        Assert.Contains("以身份证号为准（男）", report.Warnings.Single(w => w.Row == 11).Message);
        Assert.Contains("不存在的标签", report.Warnings.Single(w => w.Row == 15 && w.Column == "人员类别").Message);
        Assert.Contains("只有年月", report.Warnings.Single(w => w.Row == 16 && w.Column == "出生年月").Message);
        Assert.Equal([(13, "row 4"), (14, $"resident {qian.Id}")], report.Duplicates.Select(d => (d.Row, d.SameAs)).ToArray());
        Assert.Equal(8, report.Importable);
        Assert.Equal(0, report.Imported);      // errors, and no permission to skip them
        Assert.Equal(1, report.ExitCode);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ADryRunChangesNothingAndErrorsWithoutPermissionToSkipImportNothing(string engine)
    {
        var (world, roster, _) = await ArrangeAsync(engine);
        await using var __ = world;
        var before = await world.CountsAsync();

        var dry = await world.ImportAsync(roster.File, world.Grid(1), new RosterImport.Options(DryRun: true, SkipInvalid: true));
        Assert.Equal(8, dry.Imported);          // what a real run would import
        Assert.Equal(before, await world.CountsAsync());

        var refused = await world.ImportAsync(roster.File, world.Grid(1));
        Assert.True(refused.Blocked);
        Assert.Equal(0, refused.Imported);
        Assert.Equal(before, await world.CountsAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task SkippingInvalidRowsImportsTheOthersWithWhatTheIdSays(string engine)
    {
        var (world, roster, _) = await ArrangeAsync(engine);
        await using var __ = world;
        var report = await world.ImportAsync(roster.File, world.Grid(1), new RosterImport.Options(SkipInvalid: true));
        Assert.Equal(8, report.Imported);
        Assert.Equal(0, report.ExitCode);

        await using var db = world.Db();
        var grid = world.Grid(1).Id;
        var people = await db.Residents.Where(r => r.GridId == grid).ToDictionaryAsync(r => r.Name);
        Assert.Equal(["冯敏", "吴芳", "周明", "张伟", "张建国", "李秀英", "王淑芬", "陈光"], people.Keys.Order(StringComparer.Ordinal).ToArray());

        // One household H001 of three, head 张建国, at 3号楼 2单元 301.
        var h001 = await db.Households.SingleAsync(h => h.GridId == grid && h.Number == "H001");
        Assert.Equal(people["张建国"].Id, h001.HeadId);
        Assert.Equal(3, await db.Residents.CountAsync(r => r.HouseholdId == h001.Id));
        Assert.Equal(RelationToHead.Spouse, people["李秀英"].RelationToHead);
        Assert.Equal(RelationToHead.Child, people["张伟"].RelationToHead);
        var dwelling = await db.Dwellings.SingleAsync(d => d.Id == h001.DwellingId);
        Assert.Equal(("3号楼", "2单元", "301"), (await db.Buildings.Where(b => b.Id == dwelling.BuildingId).Select(b => b.Name).SingleAsync(), dwelling.Unit, dwelling.Room));
        var h002 = await db.Households.SingleAsync(h => h.GridId == grid && h.Number == "H002");
        var d2 = await db.Dwellings.SingleAsync(d => d.Id == h002.DwellingId);
        Assert.Equal(("幸福路12号院3号楼", "1单元", "102"), (await db.Buildings.Where(b => b.Id == d2.BuildingId).Select(b => b.Name).SingleAsync(), d2.Unit, d2.Room));

        // The ID decides birth date and gender; the 15-digit number is kept in its 18-digit form.
        Assert.Equal(new DateOnly(1982, 5, 6), people["张伟"].BirthDate);
        Assert.Equal(new DateOnly(1945, 2, 3), people["王淑芬"].BirthDate);
        Assert.Equal(world.Cipher.Hash(roster.WangUpgraded), people["王淑芬"].NationalIdHash);
        Assert.Equal(roster.WangUpgraded, world.Cipher.Decrypt(people["王淑芬"].NationalIdCipher!));
        Assert.Equal(Gender.Male, people["周明"].Gender);
        Assert.Equal(new DateOnly(1975, 8, 9), people["吴芳"].BirthDate);
        Assert.Equal(new DateOnly(1960, 5, 1), people["陈光"].BirthDate);
        Assert.Null(people["陈光"].NationalIdHash);
        Assert.Equal("=SUM(A1:A3)", people["陈光"].Notes);
        Assert.Equal("13800000003", world.Cipher.Decrypt(people["张伟"].PhoneCipher!));
        Assert.Equal("138****0003", people["张伟"].PhoneMasked);
        Assert.Equal("037160000001", world.Cipher.Decrypt(people["吴芳"].PhoneCipher!));

        var tags = await db.ResidentTags.Join(db.Tags, rt => rt.TagId, t => t.Id, (rt, t) => new { rt.ResidentId, t.Name }).ToListAsync();
        Assert.Equal(["独居老人"], tags.Where(t => t.ResidentId == people["张建国"].Id).Select(t => t.Name).ToArray());
        Assert.Equal(["困难户", "空巢老人"], tags.Where(t => t.ResidentId == people["李秀英"].Id).Select(t => t.Name).Order(StringComparer.Ordinal).ToArray());

        // Imported again: everybody is a duplicate now (陈光, who has no ID, by name and birth date in the grid).
        var again = await world.ImportAsync(roster.File, world.Grid(1), new RosterImport.Options(SkipInvalid: true));
        Assert.Equal(0, again.Imported);
        Assert.Equal(10, again.Duplicates.Count);
        Assert.Equal(8, await db.Residents.CountAsync(r => r.GridId == grid));
    }
}
