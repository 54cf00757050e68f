using Linli.Features.Registry;
using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>
/// The kinds of roster that offices and their systems produce and that lost data or failed before (issue 11 §3),
/// each as a small synthetic file: region 990101 belongs to no province, names are plainly made up.
/// </summary>
public class RosterKindsTests
{
    static readonly string IdA = Synthetic.Id("19500101", 201, male: true);
    static readonly string IdB = Synthetic.Id("19520202", 202, male: false);
    static readonly string IdC = Synthetic.Id("19800303", 203, male: true);

    static async Task<Dictionary<string, Resident>> PeopleAsync(ImportWorld world)
    {
        await using var db = world.Db();
        return await db.Residents.ToDictionaryAsync(r => r.Name);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task HouseholdRegisterHeadingsUnderATwoRowHeaderWrittenByAProgramKeepIdsAndMobiles(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        // A program's export: 联系电话 written once over two columns, 姓名 not merged down (the cell below is simply empty).
        var file = new XlsxBuilder()
            .Row(1, "姓名", "公民身份证件编号", "户主或与户主关系", "户号", "联系电话", null)
            .Row(2, null, null, null, null, "固定电话", "手机号码")
            .Row(3, "测试甲", IdA, "户主", "K1", "0371-60000001", Synthetic.Phone(201))
            .Row(4, "测试乙", IdB, "妻", "K1", null, Synthetic.Phone(202))
            .Row(5, "测试丙", IdC, "长子", "K1", "0371-60000003", null)
            .Build();
        var report = await world.ImportAsync(file, world.Grid(1));

        Assert.Empty(report.Errors);
        Assert.Equal(3, report.Imported);
        Assert.Equal((1, 2), (report.HeaderRow, report.Sheets.Single().HeaderRows));
        Assert.Contains(report.Columns, c => c.Heading == "手机号码" && c.MappedTo == "联系电话");
        Assert.Contains(report.Columns, c => c.Heading == "固定电话" && c.MappedTo == "固定电话");
        var people = await PeopleAsync(world);
        Assert.Equal(world.Cipher.Hash(IdA), people["测试甲"].NationalIdHash);
        Assert.Equal(Synthetic.Phone(201), world.Cipher.Decrypt(people["测试甲"].PhoneCipher!));
        Assert.Contains("037160000001", people["测试甲"].Notes);
        // No mobile: the landline is the phone, kept as a landline.
        Assert.Equal("037160000003", world.Cipher.Decrypt(people["测试丙"].PhoneCipher!));
        Assert.Equal(("02", RelationToHead.Self), (people["测试甲"].RelationCode, people["测试甲"].RelationToHead));
        Assert.Equal(("22", RelationToHead.Child), (people["测试丙"].RelationCode, people["测试丙"].RelationToHead));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ATwoRowHeaderMergedByExcelReadsTheSame(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var file = new XlsxBuilder()
            .Row(1, "姓名", "身份证号码", "与户主关系", "联系电话", null)
            .Row(2, null, null, null, "手机号码", "固定电话")
            .Merge("A1", "A2").Merge("B1", "B2").Merge("C1", "C2").Merge("D1", "E1")
            .Row(3, "测试丁", IdA, "本人", Synthetic.Phone(211), "6000001")
            .Build();
        var report = await world.ImportAsync(file, world.Grid(1));
        Assert.Empty(report.Errors);
        Assert.Equal(1, report.Imported);
        var p = (await PeopleAsync(world))["测试丁"];
        Assert.Equal(Synthetic.Phone(211), world.Cipher.Decrypt(p.PhoneCipher!));
        Assert.Contains("6000001", p.Notes);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnUnreadColumnOfIdNumbersBlocksTheImportUntilMappedOrIgnored(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var file = new XlsxBuilder()
            .Row(1, "姓名", "性别", "证号", "爱好")
            .Row(2, "测试戊", "男", IdA, "下棋")
            .Row(3, "测试己", "女", IdB, "跳舞")
            .Build();
        var refused = await world.ImportAsync(file, world.Grid(1));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("证号", error.Column);
        Assert.Contains("像身份证号", error.Message);
        Assert.Contains("--ignore-column", error.Message);
        Assert.DoesNotContain(IdA, error.Message);                      // the example is masked
        Assert.Equal(0, refused.Imported);
        // The other unread column is listed with its first values, as a warning.
        Assert.Contains(refused.Warnings, w => w.Column == "爱好" && w.Message.Contains("下棋", StringComparison.Ordinal));
        Assert.Equal(["下棋", "跳舞"], refused.Columns.Single(c => c.Heading == "爱好").FirstValues);

        var mapped = await world.ImportAsync(file, world.Grid(1), new RosterImport.Options(Columns: new ColumnChoices(
            new Dictionary<string, RosterColumn> { ["证号"] = RosterColumn.NationalId }, new HashSet<string>())));
        Assert.Empty(mapped.Errors);
        Assert.Equal(world.Cipher.Hash(IdA), (await PeopleAsync(world))["测试戊"].NationalIdHash);

        await using var other = await ImportWorld.CreateAsync(engine);
        var ignored = await other.ImportAsync(file, other.Grid(1), new RosterImport.Options(Columns: new ColumnChoices(
            new Dictionary<string, RosterColumn>(), new HashSet<string> { "C" })));
        Assert.Empty(ignored.Errors);
        Assert.Equal(2, ignored.Imported);
        Assert.True(ignored.Columns.Single(c => c.Heading == "证号").Ignored);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task InvisibleCharactersApostrophesAndFullWidthAreCleaned(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var file = new XlsxBuilder()
            .Row(1, "\uFEFF姓名", "公民身份号码\u200B", "联系电话", "与户主关系", "户号")
            .Row(2, "'测试\u200B庚\u00A0", "'" + IdA[..6] + "\u200E" + IdA[6..], "\u202A'" + Synthetic.Phone(221) + "\u202C", "户主", "I1")
            .Row(3, "\u2060测试辛", Synthetic.FullWidth(IdB), "\u00A0" + Synthetic.FullWidth(Synthetic.Phone(222)), "妻", "I1")
            .Build();
        var report = await world.ImportAsync(file, world.Grid(1));
        Assert.Empty(report.Errors);
        Assert.Empty(report.Warnings);
        var people = await PeopleAsync(world);
        Assert.Equal(["测试庚", "测试辛"], people.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(world.Cipher.Hash(IdA), people["测试庚"].NationalIdHash);
        Assert.Equal(world.Cipher.Hash(IdB), people["测试辛"].NationalIdHash);
        Assert.Equal(Synthetic.Phone(221), world.Cipher.Decrypt(people["测试庚"].PhoneCipher!));
        Assert.Equal(Synthetic.Phone(222), world.Cipher.Decrypt(people["测试辛"].PhoneCipher!));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task CodeWordsAreReadThroughTheNationalTables(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var file = new XlsxBuilder()
            .Row(1, "姓名", "性别", "出生日期", "民族", "与户主关系", "户号", "政治面貌", "文化程度", "婚姻状况")
            .Row(2, "测试壬", 1, "1950-01-01", "汉", "家庭户户主", "C1", "党员", "大学专科", "已婚")
            .Row(3, "测试癸", 2, "1952-02-02", "回", "儿媳", "C1", "团员", "大学本科", "离婚")
            .Row(4, "测试子", "2", "1980-03-03", "火星族", "外孙女", "C1", "群众", "私塾", "未婚")
            .Build();
        var report = await world.ImportAsync(file, world.Grid(1));
        Assert.Empty(report.Errors);
        Assert.Equal([(4, "民族"), (4, "文化程度")], report.Warnings.Select(w => (w.Row, w.Column)).ToArray());
        Assert.Contains("火星族", report.Warnings[0].Message);
        Assert.Contains("私塾", report.Warnings[1].Message);
        var people = await PeopleAsync(world);
        var head = people["测试壬"];
        Assert.Equal((Gender.Male, "汉族", RelationToHead.Self, "02", "中共党员", "大专"), (head.Gender, head.Ethnicity, head.RelationToHead, head.RelationCode, head.PoliticalStatus, head.Education));
        var daughterInLaw = people["测试癸"];
        Assert.Equal((Gender.Female, "回族", RelationToHead.Child, "38", "共青团员", "本科", "离异"),
            (daughterInLaw.Gender, daughterInLaw.Ethnicity, daughterInLaw.RelationToHead, daughterInLaw.RelationCode, daughterInLaw.PoliticalStatus, daughterInLaw.Education, daughterInLaw.MaritalStatus));
        Assert.Equal((Gender.Female, RelationToHead.Grandchild, "44"), (people["测试子"].Gender, people["测试子"].RelationToHead, people["测试子"].RelationCode));
        await using var db = world.Db();
        Assert.Equal(head.Id, (await db.Households.SingleAsync()).HeadId);
    }

    [Fact]
    public void EveryGbt4761WordReadsAsItsCodeAndCategory()
    {
        foreach (var e in CodeTables.Relation.Entries)
        {
            Assert.Equal(e.Code, CodeTables.RelationOf(e.Word)!.Value.Code);
            foreach (var a in e.Aliases) Assert.Equal(e.Code, CodeTables.RelationOf(a)!.Value.Code);
        }
        Assert.Equal(84, CodeTables.Relation.Entries.Count);
        Assert.True(CodeTables.Relation.Entries.Sum(e => 1 + e.Aliases.Length) >= 95);
        Assert.Equal(RelationToHead.Self, RosterValues.RelationOf("家庭户户主"));
        Assert.Equal(RelationToHead.Child, RosterValues.RelationOf("女婿"));
        Assert.Equal(RelationToHead.Sibling, RosterValues.RelationOf("嫂"));
        Assert.Equal(RelationToHead.Other, RosterValues.RelationOf("侄女"));
        Assert.Equal(RelationToHead.Other, RosterValues.RelationOf("非亲属"));
        Assert.Equal(56, CodeTables.Ethnicity.Entries.Count(e => int.Parse(e.Code, System.Globalization.CultureInfo.InvariantCulture) <= 56));
        Assert.Equal("外国血统", CodeTables.Ethnicity.WordOf("外国血统中国籍人士"));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task HouseholdsFromTheHeadsNameRepeatedAndFromCellsMergedByAProgram(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var file = new XlsxBuilder()
            .Row(1, "户主姓名", "姓名", "与户主关系", "公民身份号码", "户编号", "现住址")
            .Row(2, "测试丑", "测试丑", "户主", IdA, null, "1号楼1单元101")
            .Row(3, "测试丑", "测试寅", "妻", IdB, null, "1号楼1单元101")
            // A program's merge: 户号编码 and the address written on the first row of the household only.
            .Row(4, null, "测试卯", "户主", IdC, "P9", "2号楼1单元101")
            .Row(5, null, "测试辰", "子", Synthetic.Id("20050505", 204, true), null, null)
            .Row(6, null, "测试巳", "妻", Synthetic.Id("19600606", 205, false), "P10", "3号楼1单元101")
            .Row(7, null, "测试午", "子", Synthetic.Id("19900707", 206, true), "P10", "3号楼1单元101")
            .Build();
        var report = await world.ImportAsync(file, world.Grid(1));
        Assert.Empty(report.Errors);
        Assert.Equal(6, report.Imported);
        // No row of P10 is marked 户主: said, row by row, never silent.
        var warning = Assert.Single(report.Warnings);
        Assert.Equal((6, "与户主关系"), (warning.Row, warning.Column));
        Assert.Contains("没有与户主关系为“本人”或“户主”的人", warning.Message);
        Assert.Contains("妻", warning.Message);
        var people = await PeopleAsync(world);
        Assert.Equal(people["测试丑"].HouseholdId, people["测试寅"].HouseholdId);
        Assert.Equal(people["测试卯"].HouseholdId, people["测试辰"].HouseholdId);
        Assert.NotEqual(people["测试丑"].HouseholdId, people["测试卯"].HouseholdId);
        await using var db = world.Db();
        Assert.Equal(3, await db.Households.CountAsync());
        Assert.Equal(people["测试卯"].Id, (await db.Households.SingleAsync(h => h.Number == "P9")).HeadId);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task NotesAndSignatureLinesEndTheTable(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var file = new XlsxBuilder()
            .Row(1, "姓名", "公民身份号码", "与户主关系")
            .Row(2, "测试未", IdA, "本人")
            .Row(3, "注：1. 本表由网格员填写；2. 身份证号请设为文本格式。").Merge("A3", "C3")
            .Row(4, null, "不是一个人", null)
            .Row(5, "填表人：", null, "审核人：")
            .Build();
        var report = await world.ImportAsync(file, world.Grid(1));
        Assert.Empty(report.Errors);
        Assert.Equal((1, 1), (report.Rows, report.Imported));
    }

    static byte[] Workbook(params (string Sheet, object?[][] Rows)[] sheets)
    {
        var book = new Dictionary<string, object>();
        foreach (var (name, rows) in sheets)
            book[name] = rows.Skip(1).Select(r => rows[0].Select((h, i) => (Key: (string)h!, Value: r[i])).ToDictionary(x => x.Key, x => x.Value)).ToList();
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, book);
        return stream.ToArray();
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task OneSheetPerResidentGroupGoesToTheGridEachNames(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var file = Workbook(
            ("第一居民组", [["姓名", "公民身份号码", "与户主关系"], ["测试申", IdA, "本人"]]),
            ("第三居民组", [["姓名", "公民身份号码", "与户主关系"], ["测试酉", IdB, "本人"], ["测试戌", IdC, "本人"]]));
        var intoGrid = await world.ImportAsync(file, world.Grid(1));
        Assert.Equal(0, intoGrid.Imported);
        var refusal = Assert.Single(intoGrid.Errors).Message;
        Assert.Contains("“第一居民组”对应第一居民组", refusal);
        Assert.Contains("“第三居民组”对应第三居民组", refusal);

        var report = await world.ImportAsync(file, world.Community);
        Assert.Empty(report.Errors);
        Assert.Equal(3, report.Imported);
        Assert.Equal(["第一居民组", "第三居民组"], report.Sheets.Select(s => s.Grid ?? "").ToArray());
        var people = await PeopleAsync(world);
        Assert.Equal(world.Grid(1).Id, people["测试申"].GridId);
        Assert.Equal(world.Grid(3).Id, people["测试酉"].GridId);
        Assert.Equal(world.Grid(3).Id, people["测试戌"].GridId);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task SheetsThatNameNoGridAreRefusedEachNamed(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var file = Workbook(
            ("Sheet1", [["姓名", "公民身份号码"], ["测试亥", IdA]]),
            ("第二居民组", [["姓名", "公民身份号码"], ["测试乾", IdB]]));
        var report = await world.ImportAsync(file, world.Community);
        var message = Assert.Single(report.Errors).Message;
        Assert.Contains("“Sheet1”看不出是哪个网格", message);
        Assert.Contains("“第二居民组”对应第二居民组", message);
        Assert.Equal(0, (await world.CountsAsync()).Residents);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AGridColumnThatDisagreesWithTheTargetIsAnErrorOnThatRow(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var file = new XlsxBuilder()
            .Row(1, "居民组", "姓名", "公民身份号码")
            .Row(2, "第一居民组", "测试坤", IdA)
            .Row(3, "第二居民组", "测试震", IdB)
            .Build();
        var report = await world.ImportAsync(file, world.Grid(1));
        var error = Assert.Single(report.Errors);
        Assert.Equal((3, "居民组"), (error.Row, error.Column));
        Assert.Contains("第二居民组", error.Message);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task PhonesWithPrefixesSeparatorsAndTwoNumbers(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var file = new XlsxBuilder()
            .Row(1, "姓名", "性别", "联系电话")
            .Row(2, "测试一", "男", "+86 138-0000-0231")
            .Row(3, "测试二", "女", "0086 13800000232")
            .Row(4, "测试三", "男", "0371-60000233 13800000233")
            .Row(5, "测试四", "女", "(0371)6000 0234")
            .Build();
        var report = await world.ImportAsync(file, world.Grid(1));
        Assert.Empty(report.Errors);
        var warning = Assert.Single(report.Warnings, w => w.Row > 1);   // row 1: the file has no 户号 or 与户主关系 column
        Assert.Equal((4, "联系电话"), (warning.Row, warning.Column));
        Assert.Contains("其余记入备注", warning.Message);
        var people = await PeopleAsync(world);
        Assert.Equal("13800000231", world.Cipher.Decrypt(people["测试一"].PhoneCipher!));
        Assert.Equal("13800000232", world.Cipher.Decrypt(people["测试二"].PhoneCipher!));
        Assert.Equal("13800000233", world.Cipher.Decrypt(people["测试三"].PhoneCipher!));
        Assert.Contains("037160000233", people["测试三"].Notes);
        Assert.Equal("037160000234", world.Cipher.Decrypt(people["测试四"].PhoneCipher!));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task PeopleWithoutAMainlandIdImportWithTheirDocument(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        // The 2023 card: 9, the issuing province (11), the nationality (123), the birth date, a sequence, a GB 11643 check character.
        var first17 = "911123" + "19850505" + "001";
        var permanent = first17 + NationalId.CheckDigit(first17);
        var file = new XlsxBuilder()
            .Row(1, "姓名", "性别", "出生日期", "证件类型", "证件号码")
            .Row(2, "TEST ALPHA", "男", "1980-01-01", "护照", "E12345678")
            .Row(3, "测试港", "女", "1981-02-02", "港澳居民来往内地通行证", "H12345678")
            .Row(4, "测试台", "男", "1982-03-03", "台湾居民来往大陆通行证", "12345678")
            .Row(5, "TEST BETA", "女", null, "外国人永久居留身份证", permanent)
            .Row(6, "测试内", "男", null, "居民身份证", IdA)
            .Build();
        var report = await world.ImportAsync(file, world.Grid(1));
        Assert.Empty(report.Errors);
        Assert.Equal(5, report.Imported);
        var people = await PeopleAsync(world);
        Assert.Equal((IdDocumentKind?)IdDocumentKind.Passport, people["TEST ALPHA"].IdDocument);
        Assert.Equal("E12345678", world.Cipher.Decrypt(people["TEST ALPHA"].NationalIdCipher!));
        Assert.Equal("E1*****78", people["TEST ALPHA"].NationalIdMasked);
        Assert.Equal((IdDocumentKind?)IdDocumentKind.HongKongMacaoPermit, people["测试港"].IdDocument);
        Assert.Equal((IdDocumentKind?)IdDocumentKind.TaiwanPermit, people["测试台"].IdDocument);
        Assert.Equal((IdDocumentKind?)IdDocumentKind.ForeignPermanentResident, people["TEST BETA"].IdDocument);
        Assert.Equal(new DateOnly(1985, 5, 5), people["TEST BETA"].BirthDate);
        Assert.Null(people["测试内"].IdDocument);
        Assert.Equal(world.Cipher.Hash(IdA), people["测试内"].NationalIdHash);

        // A number that does not fit its document is an error on that row, not on the roster.
        var bad = new XlsxBuilder().Row(1, "姓名", "性别", "证件类型", "证件号码").Row(2, "测试错", "男", "港澳居民来往内地通行证", "X1").Build();
        var refused = await world.ImportAsync(bad, world.Grid(2));
        Assert.Equal((2, "证件号码"), (refused.Errors.Single().Row, refused.Errors.Single().Column));
    }

    /// <summary>
    /// Building numbers are unique in a community: a roster that would create "60号楼" beside an existing "60幢" (another
    /// grid, or a number written in Chinese or full-width digits) is warned about, row and both spellings named, and goes
    /// into the existing building; asked to, it creates the building as written.
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ABuildingNumberWrittenDifferentlyFromOneOfTheCommunityIsWarnedAboutAndJoinsIt(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        long existing;
        await using (var db = world.Db())
        {
            var building = new Building { GridId = world.Grid(2).Id, Name = "60幢" };
            db.Buildings.Add(building);
            await db.SaveChangesAsync();
            existing = building.Id;
        }
        Assert.Equal(AddressParser.KeyOf("60幢"), AddressParser.KeyOf("六十号楼"));
        Assert.Equal(AddressParser.KeyOf("60幢"), AddressParser.KeyOf(Synthetic.FullWidth("60") + " 号楼"));
        Assert.NotEqual(AddressParser.KeyOf("60幢"), AddressParser.KeyOf("61幢"));
        var file = new XlsxBuilder()
            .Row(1, "姓名", "公民身份号码", "与户主关系", "户号", "现住址")
            .Row(2, "测试甲", IdA, "户主", "B1", "六十号楼1单元101")
            .Row(3, "测试乙", IdB, "户主", "B2", "61号楼1单元101")
            .Build();

        var preview = await world.ImportAsync(file, world.Grid(1), new RosterImport.Options(DryRun: true));
        var warning = Assert.Single(preview.Warnings, w => w.Column == "楼栋");
        Assert.Equal(2, warning.Row);
        Assert.Contains("“60号楼”与本社区已有的“60幢”只是写法不同", warning.Message);
        Assert.Equal(1, preview.BuildingsCreated);

        var report = await world.ImportAsync(file, world.Grid(1));
        Assert.Equal(2, report.Imported);
        await using (var db = world.Db())
        {
            Assert.Equal(["60幢", "61号楼"], await db.Buildings.OrderBy(b => b.Name).Select(b => b.Name).ToArrayAsync());
            var dwelling = await db.Residents.Where(r => r.Name == "测试甲").Join(db.Households, r => r.HouseholdId, h => h.Id, (r, h) => h.DwellingId).SingleAsync();
            Assert.Equal(existing, await db.Dwellings.Where(d => d.Id == dwelling).Select(d => d.BuildingId).SingleAsync());
        }

        // Created as written when the user says it is another building.
        var other = new XlsxBuilder()
            .Row(1, "姓名", "公民身份号码", "与户主关系", "户号", "现住址")
            .Row(2, "测试丙", IdC, "户主", "B3", "60号楼2单元202")
            .Build();
        var asWritten = await world.ImportAsync(other, world.Grid(1), new RosterImport.Options(NewBuildingsAsWritten: true));
        Assert.DoesNotContain(asWritten.Warnings, w => w.Column == "楼栋");
        Assert.Equal(1, asWritten.BuildingsCreated);
    }
}
