using Linli.Features.Registry;
using MiniExcelLibs;

namespace Linli.BrowserTests.Registry;

/// <summary>
/// The roster a resident group keeps in Excel: a title row, a 填报单位 line, then the header and three
/// households in 60号楼. People are obviously synthetic: region 990101 belongs to no province, phones are
/// 138-0000-xxxx, and the names use rare compound surnames. Only 司马 is also a demo surname, and the demo
/// has no given name starting with y and then f, so "smyf" finds 司马云峰 alone.
/// </summary>
sealed class SyntheticRoster
{
    public const string Title = "幸福里社区第三居民组居民花名册";
    public const string FileName = Title + ".xlsx";

    public sealed record Person(
        int Number, string Name, bool Male, DateOnly Birth, string NationalId, string Relation, string? Phone,
        string Address, string Household, string Category);

    public IReadOnlyList<Person> People { get; }
    readonly int serial;
    readonly int building;

    /// <summary>Extra rows a real roster tends to carry: a wrong check digit and a label the office has not set up.</summary>
    public bool WithProblems { get; }

    /// <param name="serial">
    /// Where the ID numbers' sequence codes start, and <paramref name="building"/> where the households live, so that
    /// two rosters of the same people can both be imported into one registry (duplicates are found by ID number,
    /// households by 户号).
    /// </param>
    public SyntheticRoster(int serial = 100, int building = 60, bool withProblems = false)
    {
        WithProblems = withProblems;
        this.serial = serial;
        this.building = building;
        var rows = new (string Name, bool Male, string Birth, string Relation, string? Phone, string Dwelling, string Category)[]
        {
            ("司马云峰", true, "1962-04-18", "户主", "13800000601", "1单元101", "户籍人口"),
            ("端木秋菊", false, "1964-09-02", "妻子", "13800000602", "1单元101", "户籍人口"),
            ("司马思远", true, "1990-12-25", "儿子", "13800000603", "1单元101", "户籍人口"),
            ("上官振国", true, "1951-07-01", "户主", "13800000604", "1单元102", "空巢老人"),
            ("宇文淑芬", false, "1953-03-15", "妻子", "13800000605", "1单元102", "空巢老人"),
            ("皇甫立新", true, "1972-11-08", "户主", "13800000606", "2单元201", "户籍人口"),
            ("令狐雪梅", false, "1975-05-20", "妻子", "13800000607", "2单元201", "户籍人口"),
            ("皇甫一诺", false, "2008-06-30", "女儿", null, "2单元201", "户籍人口"),
        };
        People = rows.Select((r, i) =>
        {
            var birth = DateOnly.ParseExact(r.Birth, "yyyy-MM-dd");
            // The 17th digit tells the gender: odd for men, even for women.
            var first17 = $"990101{birth:yyyyMMdd}{serial + i * 2 + (r.Male ? 1 : 0):000}";
            return new Person(i + 1, r.Name, r.Male, birth, first17 + NationalId.CheckDigit(first17), r.Relation, r.Phone,
                $"{building}号楼{r.Dwelling}", HouseholdNumber(r.Dwelling), r.Category);
        }).ToList();
    }

    public Person Named(string name) => People.Single(p => p.Name == name);

    /// <summary>Writes the roster as <see cref="FileName"/> into <paramref name="folder"/> and returns its path.</summary>
    public string WriteXlsx(string folder)
    {
        var sheet = new List<Dictionary<string, object?>>
        {
            Row(Title),
            Row("填报单位：幸福里社区居委会", null, null, null, null, null, "填报日期：2026年10月"),
            Row("序号", "姓名", "性别", "公民身份号码", "出生日期", "与户主关系", "联系电话", "现住址", "户号", "人员类别"),
        };
        // Dates written with dots, as many offices type them.
        foreach (var p in People)
            sheet.Add(Row(p.Number, p.Name, p.Male ? "男" : "女", p.NationalId, p.Birth.ToString("yyyy.MM.dd"), p.Relation, p.Phone, p.Address, p.Household, p.Category));
        if (WithProblems)
        {
            var wrong = People[0].NationalId[..17] + (People[0].NationalId[17] == '1' ? '2' : '1');
            sheet.Add(Row(9, "欧阳明哲", "男", wrong, "1962.04.18", "户主", "13800000608", $"{building}号楼2单元202", HouseholdNumber("2单元202"), "户籍人口"));
            sheet.Add(Row(10, "慕容晓光", "男", Id("19850301", serial + 51), "1985.03.01", "户主", "13800000609", $"{building}号楼2单元301", HouseholdNumber("2单元301"), "重点关注"));
        }
        sheet.Add(Row("填表人：张桂兰", null, null, null, null, null, "审核人：李建华"));

        var path = Path.Combine(folder, FileName);
        MiniExcel.SaveAs(path, sheet, printHeader: false, sheetName: "花名册", overwriteFile: true);
        return path;
    }

    /// <summary>"2单元201" in building 60 → XFL3-060201: the group numbers households by building and room.</summary>
    string HouseholdNumber(string dwelling) => $"XFL3-{building:000}{dwelling[^3..]}";

    static string Id(string birth, int sequence)
    {
        var first17 = $"990101{birth}{sequence:000}";
        return first17 + NationalId.CheckDigit(first17);
    }

    /// <summary>One sheet row; every row has the same ten columns, as MiniExcel writes dictionaries by key.</summary>
    static Dictionary<string, object?> Row(params object?[] cells)
    {
        var row = new Dictionary<string, object?>();
        for (var c = 0; c < 10; c++) row[((char)('A' + c)).ToString()] = c < cells.Length ? cells[c] : null;
        return row;
    }
}
