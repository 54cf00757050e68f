using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Linli.Features.Registry.Import;

/// <summary>A problem of one row, with the row number as Excel shows it and the column as the file names it. Row 0 is the file as a whole.</summary>
public sealed record ImportProblem(int Row, string Column, string Message, string? Sheet = null);

/// <summary>A sheet that was read: its name, the header's first row and how many rows the header has, and the grid its name chose.</summary>
public sealed record ImportSheet(string Name, int HeaderRow, int HeaderRows, string? Grid);

/// <summary>
/// A column of the roster as it was read: its letter and heading, the registry field it went to (null: not imported),
/// whether the user chose to ignore it, its first values (numbers masked), and what its values look like when they look
/// like ID numbers or mobiles.
/// </summary>
public sealed record ImportColumn(string? Sheet, string Letter, string Heading, string? MappedTo, bool Ignored, IReadOnlyList<string> FirstValues, string? LooksLike);

/// <summary>
/// A row that is the same person as an earlier row ("row 12"), as a resident already registered in the community imported
/// into ("resident 4711"), or as one registered outside it ("elsewhere": who, and where, is not for the importer to
/// know — the same rule as registering one by one, issue 9 item 4).
/// </summary>
public sealed record ImportDuplicate(int Row, string SameAs)
{
    public const string Elsewhere = "elsewhere";
    public static ImportDuplicate OfRow(int row, int earlier) => new(row, $"row {earlier}");
    public static ImportDuplicate OfResident(int row, long residentId) => new(row, $"resident {residentId}");
    public static ImportDuplicate OutsideTheUnit(int row) => new(row, Elsewhere);
}

/// <summary>One row as it will be stored, in words, for the preview (numbers masked).</summary>
public sealed record ImportPreviewRow(int Row, string? Sheet, IReadOnlyList<(string Field, string? Value)> Fields);

/// <summary>What an import found and did: the contract of `linli import --json` and the page's preview.</summary>
public sealed class ImportReport
{
    public required string FileName { get; init; }
    public required string Target { get; init; }
    public bool DryRun { get; init; }
    public bool SkipInvalid { get; init; }
    public string? SheetName { get; set; }
    public int HeaderRow { get; set; }

    /// <summary>Data rows in the file: blank lines, a repeated header and 合计/小计 rows not counted.</summary>
    public int Rows { get; set; }
    /// <summary>Rows with no error that are not duplicates.</summary>
    public int Importable { get; set; }
    /// <summary>Rows written; for a dry run, the rows a real run with the same options would write.</summary>
    public int Imported { get; set; }
    public int HouseholdsCreated { get; set; }
    public int BuildingsCreated { get; set; }
    public int DwellingsCreated { get; set; }

    public List<ImportProblem> Errors { get; } = [];
    public List<ImportProblem> Warnings { get; } = [];
    public List<ImportDuplicate> Duplicates { get; } = [];
    /// <summary>Every sheet read (several when the workbook has one sheet per 居民组).</summary>
    public List<ImportSheet> Sheets { get; } = [];
    /// <summary>Every column of the header, with what it was read as.</summary>
    public List<ImportColumn> Columns { get; } = [];
    /// <summary>The first rows as they will be stored, for the page's preview.</summary>
    public List<ImportPreviewRow> Preview { get; } = [];
    /// <summary>Residents already registered that rows duplicate, by id: name and masked number, for the page to name them (never in the JSON).</summary>
    public Dictionary<long, (string Name, string? MaskedId)> Known { get; } = [];
    /// <summary>Fields in which rows that are registered residents differ from their records: offered on the page to update.</summary>
    public List<ImportDifference> Differences { get; } = [];
    /// <summary>Fields of registered residents updated from the roster (ticked on the page), and how many residents.</summary>
    public int UpdatedFields { get; set; }
    public int UpdatedResidents { get; set; }
    /// <summary>A ticked update met a record changed since the preview: nothing was written.</summary>
    public bool StaleUpdate { get; set; }
    /// <summary>The grids the rows go to, for the done page's link to the list of who was imported.</summary>
    public List<long> GridIds { get; } = [];

    public int ErrorRows => Errors.Select(e => e.Row).Distinct().Count();

    /// <summary>Errors were found and the user did not ask to skip them: nothing is written.</summary>
    public bool Blocked => UpdateRefused || NumberTaken || (Errors.Count > 0 && (!SkipInvalid || Importable == 0));

    /// <summary>Another writer registered one of the roster's ID numbers while it was being written: the whole import was rolled back.</summary>
    public bool NumberTaken { get; set; }

    /// <summary>A ticked update could not be made (see <see cref="StaleUpdate"/>): the whole import was rolled back.</summary>
    public bool UpdateRefused { get; set; }

    /// <summary>0 when the import went through (or would); 1 when nothing was imported because of errors.</summary>
    public int ExitCode => Blocked ? 1 : 0;

    /// <summary>By row, keeping the order in which each row's problems were found (left to right).</summary>
    internal void Sort()
    {
        static void ByRow<T>(List<T> list, Func<T, int> row)
        {
            var sorted = list.OrderBy(row).ToList();
            list.Clear();
            list.AddRange(sorted);
        }
        ByRow(Errors, e => e.Row);
        ByRow(Warnings, w => w.Row);
        ByRow(Duplicates, d => d.Row);
    }

    static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>{"rows":N,"imported":N,"errors":[{"row":R,"column":"…","message":"…"}],"warnings":[…],"duplicates":[{"row":R,"sameAs":"…"}]}</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        rows = Rows,
        imported = Imported,
        errors = Errors.Select(e => new { row = e.Row, column = e.Column, message = e.Message }),
        warnings = Warnings.Select(e => new { row = e.Row, column = e.Column, message = e.Message }),
        duplicates = Duplicates.Select(d => new { row = d.Row, sameAs = d.SameAs }),
        sheet = SheetName,
        headerRow = HeaderRow,
        sheets = Sheets.Select(s => new { name = s.Name, headerRow = s.HeaderRow, headerRows = s.HeaderRows, grid = s.Grid }),
        columns = Columns.Select(c => new { sheet = c.Sheet, column = c.Letter, heading = c.Heading, mappedTo = c.MappedTo, ignored = c.Ignored, firstValues = c.FirstValues, looksLike = c.LooksLike }),
        // Rows that are registered residents, with the fields in which the roster says otherwise (the page offers to update them).
        differences = Differences.GroupBy(d => (d.Sheet, d.Row)).Select(g => new { row = g.Key.Row, sheet = g.Key.Sheet, fields = g.Select(d => d.Field) }),
        // Registered residents updated from their rows (updateExisting, or the page's ticked fields), and the fields changed.
        updatedResidents = UpdatedResidents,
        updatedFields = UpdatedFields,
    }, Json);

    /// <summary>The readable report of the command line.</summary>
    public void WriteText(TextWriter o)
    {
        o.WriteLine(SheetName is null ? $"名册：{FileName}" : $"名册：{FileName}（工作表“{SheetName}”，表头在第 {HeaderRow} 行）");
        o.WriteLine($"导入到：{Target}");
        if (Sheets.Count > 1) o.WriteLine("工作表：" + string.Join("；", Sheets.Select(x => $"“{x.Name}”→{x.Grid ?? "按“网格”列"}（表头第 {x.HeaderRow} 行）")));
        var unread = Columns.Where(c => c.MappedTo is null && c.FirstValues.Count > 0).ToList();
        if (unread.Count > 0) o.WriteLine("没有导入的列：" + string.Join("；", unread.Select(c => $"{c.Letter}“{c.Heading}”{(c.Ignored ? "（已选择不导入）" : "")}")));
        o.WriteLine($"数据 {Rows} 行：可导入 {Importable} 行，有错误 {ErrorRows} 行，重复 {Duplicates.Count} 行；警告 {Warnings.Count} 条。");
        if (Errors.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("错误（这些行不能导入）：");
            foreach (var e in Errors) o.WriteLine($"  {Where(e)}{e.Message}");
        }
        if (Duplicates.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("重复（不会重复导入）：");
            foreach (var d in Duplicates) o.WriteLine($"  第 {d.Row} 行：{Describe(d.SameAs)}");
        }
        if (Warnings.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("警告（可以导入，请核对）：");
            foreach (var w in Warnings) o.WriteLine($"  {Where(w)}{w.Message}");
        }
        o.WriteLine();
        o.WriteLine(Outcome);
    }

    static string Where(ImportProblem p) => (p.Sheet is null ? "" : $"［{p.Sheet}］") +
        (p.Row == 0 ? (p.Column.Length == 0 ? "" : $"{p.Column}：") : $"第 {p.Row} 行  {(p.Column.Length == 0 ? "" : p.Column + "：")}");

    /// <summary>The resident a "resident 4711" names, when the report knows who it is.</summary>
    public (long Id, string Name, string? MaskedId)? KnownOf(string sameAs) =>
        sameAs.StartsWith("resident ", StringComparison.Ordinal) && long.TryParse(sameAs.AsSpan(9), out var id) && Known.TryGetValue(id, out var k) ? (id, k.Name, k.MaskedId) : null;

    /// <summary>"row 12" → 与第 12 行是同一人; "resident 4711" → 系统中已有此人：name（masked ID）.</summary>
    public string Describe(string sameAs) =>
        KnownOf(sameAs) is { } k ? Web.UiText.Shared["系统中已有此人：{0}{1}", k.Name, (k.MaskedId is null ? "" : $"（{k.MaskedId}）")] : DescribeSameAs(sameAs);

    /// <summary>"row 12" → 与第 12 行是同一人; "resident 4711" → 系统中已有此人（居民编号 4711）.</summary>
    public static string DescribeSameAs(string sameAs) =>
        sameAs.StartsWith("row ", StringComparison.Ordinal) ? Web.UiText.Shared["与第 {0} 行是同一人", sameAs[4..]]
        : sameAs.StartsWith("resident ", StringComparison.Ordinal) ? Web.UiText.Shared["系统中已有此人（居民编号 {0}）", sameAs[9..]]
        : sameAs == ImportDuplicate.Elsewhere ? "该身份证号已登记在本社区以外，请联系社区核实"
        : sameAs;

    /// <summary>One sentence on what happened.</summary>
    public string Outcome => (DryRun, Blocked) switch
    {
        (_, true) when Importable == 0 && Errors.Count > 0 && SkipInvalid => "没有可以导入的行，数据库没有改动。",
        (true, true) => Web.UiText.Shared["试运行：有 {0} 行有错误，正式导入时不会导入任何数据。改正后重新导入，或选择跳过有错误的行。", ErrorRows],
        (false, true) => Web.UiText.Shared["有 {0} 行有错误，没有导入任何数据，数据库没有改动。改正后重新导入，或选择跳过有错误的行（命令行加 --skip-invalid）。", ErrorRows],
        (true, false) => Web.UiText.Shared["试运行：数据库没有改动。正式导入将导入 {0} 名居民。", Imported],
        (false, false) => Web.UiText.Shared["已导入 {0} 名居民，新建 {1} 户、{2} 栋楼、{3} 套房屋。", Imported, HouseholdsCreated, BuildingsCreated, DwellingsCreated]
            + (UpdatedResidents > 0 ? Web.UiText.Shared["按名册更新了 {0} 名已登记居民的 {1} 项信息。", UpdatedResidents, UpdatedFields] : ""),
    };
}
