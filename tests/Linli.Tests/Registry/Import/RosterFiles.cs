using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using Linli.Features.Registry;

namespace Linli.Tests.Registry.Import;

/// <summary>Obviously synthetic people: region 990101 belongs to no province; phones 138-0000-xxxx.</summary>
static class Synthetic
{
    /// <summary>An 18-character ID with a correct check digit, born on <paramref name="birth"/>.</summary>
    public static string Id(string birth, int sequence, bool male)
    {
        var seq = sequence * 2 % 1000 + (male ? 1 : 0);
        var first17 = $"990101{birth}{seq:000}";
        return first17 + NationalId.CheckDigit(first17);
    }

    /// <summary>The same number with the check character wrong.</summary>
    public static string WithWrongCheckDigit(string id)
    {
        var right = id[17];
        var wrong = right == '0' ? '1' : '0';
        return id[..17] + wrong;
    }

    public static string Phone(int n) => $"1380000{n:0000}";

    public static string FullWidth(string s) => new(s.Select(c => c switch
    {
        >= '0' and <= '9' or >= 'A' and <= 'Z' => (char)(c + 0xFEE0),
        ' ' => '\u3000',
        _ => c,
    }).ToArray());
}

/// <summary>
/// A hand-built xlsx (the OpenXML parts zipped), for what MiniExcel cannot write: merged title cells,
/// numbers where an ID should be, real date cells. Cells are given per row as text, numbers or dates.
/// </summary>
sealed class XlsxBuilder
{
    readonly SortedDictionary<int, SortedDictionary<int, object?>> rows = [];
    readonly List<string> merges = [];

    public XlsxBuilder Row(int number, params object?[] cells)
    {
        var row = new SortedDictionary<int, object?>();
        for (var i = 0; i < cells.Length; i++) row[i] = cells[i];
        rows[number] = row;
        return this;
    }

    /// <summary>Merges a range, as Excel does: the first cell keeps the text, the others exist but are empty.</summary>
    public XlsxBuilder Merge(string from, string to)
    {
        merges.Add($"{from}:{to}");
        var (c0, r0) = Parse(from);
        var (c1, r1) = Parse(to);
        for (var r = r0; r <= r1; r++)
        {
            if (!rows.TryGetValue(r, out var row)) rows[r] = row = [];
            for (var c = c0; c <= c1; c++) row.TryAdd(c, null);
        }
        return this;
    }

    static (int Column, int Row) Parse(string cell)
    {
        var letters = new string(cell.TakeWhile(char.IsLetter).ToArray());
        var column = letters.Aggregate(0, (n, ch) => n * 26 + (ch - 'A' + 1)) - 1;
        return (column, int.Parse(cell[letters.Length..], CultureInfo.InvariantCulture));
    }

    static string Name(int column)
    {
        var s = "";
        for (var c = column + 1; c > 0; c = (c - 1) / 26) s = (char)('A' + (c - 1) % 26) + s;
        return s;
    }

    public byte[] Build()
    {
        var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        foreach (var (r, cells) in rows)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\">");
            foreach (var (c, value) in cells)
            {
                var at = Name(c) + r;
                sheet.Append(value switch
                {
                    null => $"<c r=\"{at}\"/>",
                    string s => $"<c r=\"{at}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{SecurityElement.Escape(s)}</t></is></c>",
                    DateTime d => $"<c r=\"{at}\" s=\"1\"><v>{d.ToOADate().ToString(CultureInfo.InvariantCulture)}</v></c>",
                    double d => $"<c r=\"{at}\"><v>{d.ToString("R", CultureInfo.InvariantCulture)}</v></c>",
                    int i => $"<c r=\"{at}\"><v>{i.ToString(CultureInfo.InvariantCulture)}</v></c>",
                    _ => throw new ArgumentException($"cell {at}: {value.GetType()}"),
                });
            }
            sheet.Append("</row>");
        }
        sheet.Append("</sheetData>");
        if (merges.Count > 0)
            sheet.Append(CultureInfo.InvariantCulture, $"<mergeCells count=\"{merges.Count}\">{string.Concat(merges.Select(m => $"<mergeCell ref=\"{m}\"/>"))}</mergeCells>");
        sheet.Append("</worksheet>");

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Put(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            Put("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
            Put("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Put("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Put("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            Put("xl/styles.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>""");
            Put("xl/worksheets/sheet1.xml", sheet.ToString());
        }
        return buffer.ToArray();
    }
}

/// <summary>CSV as Excel writes it: comma-separated, quoted where needed, in the encoding asked for.</summary>
static class Csv
{
    static Csv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gbk => Encoding.GetEncoding("GBK");
    public static Encoding Utf8WithBom => new UTF8Encoding(true);
    public static Encoding Utf8 => new UTF8Encoding(false);

    public static byte[] Write(Encoding encoding, IEnumerable<string?[]> rows)
    {
        var text = string.Join("\r\n", rows.Select(r => string.Join(",", r.Select(Quote)))) + "\r\n";
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];
    }

    static string Quote(string? s) =>
        s is null ? "" : s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}

/// <summary>A clean roster of households (head, spouse, children) with synthetic IDs, written by MiniExcel.</summary>
static class CleanRoster
{
    public sealed record Person(string Name, string Id, string Relation, string Household, string Address, string? Grid);

    public static List<Person> People(int count, int firstNumber = 0, Func<int, string?>? gridOf = null)
    {
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
        string[] given = ["秀英", "建国", "桂兰", "志强", "丽", "伟", "敏", "军", "芳", "磊"];
        var people = new List<Person>();
        var n = firstNumber;
        var household = 0;
        while (people.Count < count)
        {
            household++;
            var size = Math.Min(1 + household % 4, count - people.Count);
            for (var m = 0; m < size; m++, n++)
            {
                var birth = new DateOnly(1940, 1, 1).AddDays(n * 37 % 25_000);
                var first17 = $"990101{birth:yyyyMMdd}{n % 1000:000}";
                people.Add(new Person(
                    surnames[n % surnames.Length] + given[n / surnames.Length % given.Length],
                    first17 + NationalId.CheckDigit(first17),
                    m == 0 ? "本人" : m == 1 ? "配偶" : "子女",
                    $"T{firstNumber}-{household:0000}",
                    $"{household / 60 + 1}号楼{household / 20 % 3 + 1}单元{household % 20 + 101}",
                    gridOf?.Invoke(household)));
            }
        }
        return people;
    }

    public static byte[] Xlsx(IEnumerable<Person> people)
    {
        var rows = people.Select(p => new Dictionary<string, object?>
        {
            ["网格"] = p.Grid, ["户号"] = p.Household, ["姓名"] = p.Name, ["与户主关系"] = p.Relation,
            ["公民身份号码"] = p.Id, ["现住址"] = p.Address,
        }).ToList();
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, rows);
        return stream.ToArray();
    }
}
