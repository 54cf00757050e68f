using System.Text;
using Linli.Features.Registry;
using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>How the cells people type are read: dates, headers, addresses, relations, and csv in the encodings Excel writes.</summary>
public class RosterReadingTests
{
    static readonly DateOnly Today = new(2026, 11, 28);

    [Theory]
    [InlineData("1956.03.12", "1956-03-12", false)]
    [InlineData("1956-3-12", "1956-03-12", false)]
    [InlineData("1956/3/12", "1956-03-12", false)]
    [InlineData("1956年3月12日", "1956-03-12", false)]
    [InlineData("19560312", "1956-03-12", false)]
    [InlineData("１９５６．０３．１２", "1956-03-12", false)]
    [InlineData(" 1956 - 03 - 12 ", "1956-03-12", false)]
    [InlineData("1956-03-12 00:00:00", "1956-03-12", false)]
    [InlineData("1956.3", "1956-03-01", true)]
    [InlineData("1956年3月", "1956-03-01", true)]
    [InlineData("20526", "1956-03-12", false)]
    public void DatesInTheFormsPeopleType(string typed, string expected, bool monthOnly)
    {
        var d = RosterValues.DateOf(typed, Today);
        Assert.Null(d.Problem);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), d.Date);
        Assert.Equal(monthOnly, d.MonthOnly);
    }

    [Fact]
    public void DateCellsExcelSerialsAndNumbersThatAreYearAndMonth()
    {
        Assert.Equal(new DateOnly(1956, 3, 12), RosterValues.DateOf(new DateTime(1956, 3, 12), Today).Date);
        Assert.Equal(new DateOnly(1956, 3, 12), RosterValues.DateOf(20526d, Today).Date);
        Assert.Equal(new DateOnly(1956, 3, 12), RosterValues.DateOf(19560312d, Today).Date);
        var yearMonth = RosterValues.DateOf(1956.03, Today);
        Assert.Equal((new DateOnly(1956, 3, 1), true), (yearMonth.Date!.Value, yearMonth.MonthOnly));
        Assert.NotNull(RosterValues.DateOf("1956.13.01", Today).Problem);
        Assert.NotNull(RosterValues.DateOf("2030-01-01", Today).Problem);
        Assert.NotNull(RosterValues.DateOf("五六年三月", Today).Problem);
    }

    [Fact]
    public void AnIdThatExcelTurnedIntoANumberIsAnErrorNeverAGuess()
    {
        var id = Synthetic.Id("19560312", 1, male: true);
        var number = RosterValues.NationalIdOf(9.90101195603121E+17);
        Assert.Equal(RosterValues.IdKind.Invalid, number.Kind);
        Assert.Contains("末几位已经丢失", number.Message);
        Assert.Equal(RosterValues.IdKind.Invalid, RosterValues.NationalIdOf(990101195603121000d).Kind);
        var scientific = RosterValues.NationalIdOf("9.90101E+17");
        Assert.Equal(RosterValues.IdKind.Invalid, scientific.Kind);
        Assert.Contains("科学计数法", scientific.Message);
        var zeros = RosterValues.NationalIdOf(id[..15] + "000");
        Assert.Equal(RosterValues.IdKind.Invalid, zeros.Kind);
        Assert.Contains("000", zeros.Message);
        Assert.Equal((RosterValues.IdKind.Valid, id), (RosterValues.NationalIdOf(id.ToLowerInvariant()).Kind, RosterValues.NationalIdOf(id.ToLowerInvariant()).Value));
        Assert.Equal(RosterValues.IdKind.Masked, RosterValues.NationalIdOf(NationalId.Mask(id)).Kind);
        var legacy = RosterValues.NationalIdOf(990101560312003d);   // 15 digits fit in a number exactly
        Assert.Equal(RosterValues.IdKind.Valid, legacy.Kind);
        Assert.True(legacy.Upgraded);
    }

    [Theory]
    [InlineData("13800000001", "13800000001", false)]
    [InlineData("138 0000 0001", "13800000001", false)]
    [InlineData("+86 138-0000-0001", "13800000001", false)]
    [InlineData("0371-60000001", "037160000001", false)]
    [InlineData("6000001", "6000001", false)]
    [InlineData("12345", "12345", true)]
    [InlineData("13800000001/13800000002", "13800000001", true)]
    public void PhoneNumbers(string typed, string digits, bool warned)
    {
        var p = RosterValues.PhoneOf(typed);
        Assert.Equal(digits, p.Digits);
        Assert.Equal(warned, p.Problem is not null);
    }

    [Theory]
    [InlineData("3号楼2单元301", "3号楼", "2单元", "301")]
    [InlineData("3栋2单元301室", "3号楼", "2单元", "301")]
    [InlineData("3幢2单元301", "3号楼", "2单元", "301")]
    [InlineData("幸福路12号院3号楼2单元301", "幸福路12号院3号楼", "2单元", "301")]
    [InlineData("郑州市中原区城关街道幸福里社区幸福路12号院3号楼2单元301", "幸福路12号院3号楼", "2单元", "301")]
    [InlineData("３号楼２单元３０１", "3号楼", "2单元", "301")]
    [InlineData("三号楼二单元301", "3号楼", "2单元", "301")]
    [InlineData("3-2-301", "3号楼", "2单元", "301")]
    [InlineData("3号楼301", "3号楼", "", "301")]
    [InlineData("A座1单元1201", "A座", "1单元", "1201")]
    public void AddressesSplitIntoBuildingUnitAndRoom(string address, string building, string unit, string room)
    {
        var place = AddressParser.Parse(address);
        Assert.Equal(new AddressParser.Place(building, unit, room), place);
        Assert.Equal(place, AddressParser.Parse(place!.ToString()));
    }

    [Theory]
    [InlineData("幸福里社区")]
    [InlineData("城关街道幸福路12号")]
    [InlineData("平房")]
    public void AnAddressWithoutBuildingAndRoomIsNotGuessed(string address) => Assert.Null(AddressParser.Parse(address));

    [Theory]
    [InlineData("姓 名", RosterColumn.Name)]
    [InlineData("公民身份\n号码 *", RosterColumn.NationalId)]
    [InlineData("身份证号码*", RosterColumn.NationalId)]
    [InlineData("联系电话（手机）", RosterColumn.Phone)]
    [InlineData("出生年月(yyyy.mm)", RosterColumn.BirthDate)]
    [InlineData("居民组", RosterColumn.Grid)]
    [InlineData("片区", RosterColumn.Grid)]
    [InlineData("居住类型", RosterColumn.ResidenceKind)]
    [InlineData("人员类别", RosterColumn.Tags)]
    public void HeadersAreMatchedByTheNamesPeopleUse(string header, RosterColumn column) => Assert.Equal(column, RosterColumns.Match(header));

    [Theory]
    [InlineData("本人", RelationToHead.Self)]
    [InlineData("户主", RelationToHead.Self)]
    [InlineData("妻", RelationToHead.Spouse)]
    [InlineData("夫", RelationToHead.Spouse)]
    [InlineData("长子", RelationToHead.Child)]
    [InlineData("女儿", RelationToHead.Child)]
    [InlineData("母亲", RelationToHead.Parent)]
    [InlineData("外孙女", RelationToHead.Grandchild)]
    [InlineData("弟弟", RelationToHead.Sibling)]
    [InlineData("祖母", RelationToHead.Other)]
    [InlineData("其他", RelationToHead.Other)]
    public void RelationWords(string word, RelationToHead relation) => Assert.Equal(relation, RosterValues.RelationOf(word));

    public static TheoryData<string> Encodings => ["GBK", "UTF-8 with BOM", "UTF-8"];

    [Theory, MemberData(nameof(Encodings))]
    public async Task CsvInTheEncodingsExcelWritesIsReadTheSame(string encoding)
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        var head = Synthetic.Id("19520704", 21, male: true);
        var wife = Synthetic.Id("19541120", 22, male: false);
        var son = Synthetic.Id("19800101", 23, male: true);
        List<string?[]> rows =
        [
            ["幸福里社区第二居民组人员花名册", null, null, null, null, null, null],
            ["填报单位：第二居民组", null, null, null, null, null, null],
            ["姓名", "性别", "出生日期", "身份证号", "与户主关系", "居住地址", "人员类别"],
            ["欧阳振华", "男", "1952年7月4日", head, "户主", "5栋1单元202", "独居老人，低保户"],
            ["林淑珍", "女", "1954.11.20", wife, "妻", "5栋1单元202", "空巢老人 困难户"],
            [null, null, null, null, null, null, null],
            ["欧阳明", "男", "1980/1/1", "9.90101E+17", "儿子", "5栋1单元202", null],
            ["小计", null, null, null, null, null, null],
        ];
        var e = encoding switch { "GBK" => Csv.Gbk, "UTF-8 with BOM" => Csv.Utf8WithBom, _ => Csv.Utf8 };
        var report = await world.ImportAsync(Csv.Write(e, rows), world.Grid(2), new RosterImport.Options(SkipInvalid: true));

        Assert.Equal("CSV", report.SheetName);
        Assert.Equal(3, report.Rows);
        Assert.Equal([(7, "身份证号")], report.Errors.Select(x => (x.Row, x.Column)).ToArray());
        Assert.Empty(report.Warnings);
        Assert.Equal(2, report.Imported);
        await using var db = world.Db();
        var names = await db.Residents.OrderBy(r => r.Id).Select(r => r.Name).ToListAsync();
        Assert.Equal(["欧阳振华", "林淑珍"], names);
        var household = await db.Households.SingleAsync();
        var building = await db.Dwellings.Where(d => d.Id == household.DwellingId).Join(db.Buildings, d => d.BuildingId, b => b.Id, (d, b) => b.Name + d.Unit + d.Room).SingleAsync();
        Assert.Equal("5号楼1单元202", building);
        Assert.Equal(4, await db.ResidentTags.CountAsync());
        _ = son;
    }

    [Fact]
    public async Task HouseholdsWithoutOrWithTwoHeadsAreReported()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        List<string?[]> rows =
        [
            ["姓名", "身份证号", "与户主关系", "户号", "现住址"],
            ["甲", Synthetic.Id("19600101", 31, true), "配偶", "A1", "1号楼1单元101"],
            ["乙", Synthetic.Id("19610101", 32, false), "子女", "A1", "1号楼1单元101"],
            ["丙", Synthetic.Id("19620101", 33, true), "本人", "A2", "1号楼1单元102"],
            ["丁", Synthetic.Id("19630101", 34, false), "户主", "A2", "1号楼1单元102"],
            ["戊", Synthetic.Id("19640101", 35, true), null, "A3", "平房"],
        ];
        var report = await world.ImportAsync(Csv.Write(Csv.Utf8, rows), world.Grid(1), new RosterImport.Options(SkipInvalid: true));
        Assert.Equal([(5, "与户主关系")], report.Errors.Select(e => (e.Row, e.Column)).ToArray());
        Assert.Contains("同一户已有户主（第 4 行）", report.Errors[0].Message);
        Assert.Equal([(2, "与户主关系"), (6, "现住址")], report.Warnings.Select(w => (w.Row, w.Column)).ToArray());
        Assert.Contains("以本行为户主", report.Warnings[0].Message);
        Assert.Equal(4, report.Imported);
        await using var db = world.Db();
        var a1 = await db.Households.SingleAsync(h => h.Number == "A1");
        Assert.Equal(await db.Residents.Where(r => r.Name == "甲").Select(r => r.Id).SingleAsync(), a1.HeadId);
        var a3 = await db.Households.SingleAsync(h => h.Number == "A3");
        Assert.Null(a3.DwellingId);
    }
}
