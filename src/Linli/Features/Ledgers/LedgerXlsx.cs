using System.Globalization;
using System.IO.Compression;
using System.Text;
using Linli.Features.Registry.Import;
using Linli.Privacy;
using Linli.Web;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Linli.Features.Ledgers;

/// <summary>
/// A ledger in the department's layout as xlsx (MiniExcel, as the roster export): a title row, the header (序号 and the
/// department's columns), the rows, and the footer 填报人 / 填报日期 / 审核; set to print on A4, landscape when wide,
/// the header repeated on every page. Read back, only the typed columns may have changed (<see cref="ReadTyped"/>).
/// </summary>
public static class LedgerXlsx
{
    public const string Sequence = "序号";

    public static Task<byte[]> WriteAsync(LedgerSheet sheet, string? filledBy, DateOnly date, CancellationToken ct) =>
        WriteAsync(sheet.Title, sheet.Template.Name, sheet.Columns.Select(c => c.Heading).ToList(), sheet.Rows.Select(r => r.Cells), filledBy, date, ct);

    /// <summary>A frozen submission in the same layout: its headings and cells as they were sent.</summary>
    public static Task<byte[]> WriteAsync(LedgerSubmission s, string unitName, CancellationToken ct) =>
        WriteAsync($"{unitName}{s.TemplateName}（{s.PeriodFrom:yyyy-MM-dd}–{s.PeriodTo:yyyy-MM-dd}）", s.TemplateName, LedgerSubmissions.Headings(s),
            LedgerSubmissions.Cells(s), s.FilledByName, s.SubmittedOn, ct);

    static async Task<byte[]> WriteAsync(string title, string sheetName, IReadOnlyList<string> headings, IEnumerable<string?[]> cells, string? filledBy, DateOnly date, CancellationToken ct)
    {
        var width = headings.Count + 1;
        var rows = new List<Dictionary<string, object?>>
        {
            Row(width, [title]),
            Row(width, [Sequence, .. headings]),
        };
        var n = 0;
        foreach (var r in cells)
            rows.Add(Row(width, [(++n).ToString(CultureInfo.InvariantCulture), .. r.Select(RosterExport.Inert)]));
        rows.Add(Row(width, []));
        rows.Add(Row(width, [$"填报人：{filledBy}", "", $"填报日期：{date:yyyy-MM-dd}", "", "审核："]));
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(rows, printHeader: false, sheetName: Truncate(sheetName), excelType: ExcelType.XLSX,
            configuration: new OpenXmlConfiguration { AutoFilter = false, EnableWriteNullValueCell = false, FastMode = true }, cancellationToken: ct);
        return ForA4(buffer.ToArray(), landscape: width > 7);
    }

    static Dictionary<string, object?> Row(int width, string?[] cells)
    {
        var row = new Dictionary<string, object?>(width);
        for (var c = 0; c < width; c++) row[RosterColumns.Letter(c)] = c < cells.Length ? cells[c] : null;
        return row;
    }

    static string Truncate(string name)
    {
        var clean = new string(name.Where(ch => !"[]:*?/\\".Contains(ch)).ToArray());
        return clean.Length > 31 ? clean[..31] : clean;
    }

    /// <summary>Adds page set-up to the sheet: A4 (paperSize 9), the orientation, fit to the page's width, rows 1–2 printed on every page.</summary>
    static byte[] ForA4(byte[] xlsx, bool landscape)
    {
        using var output = new MemoryStream();
        output.Write(xlsx);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            var sheetEntry = zip.GetEntry("xl/worksheets/sheet1.xml");
            if (sheetEntry is not null)
            {
                string xml;
                using (var reader = new StreamReader(sheetEntry.Open(), Encoding.UTF8)) xml = reader.ReadToEnd();
                var prefix = xml.Contains("<x:worksheet", StringComparison.Ordinal) ? "x:" : "";
                var fit = $"<{prefix}sheetPr><{prefix}pageSetUpPr fitToPage=\"1\"/></{prefix}sheetPr>";
                var open = xml.IndexOf($"<{prefix}worksheet", StringComparison.Ordinal);
                var afterOpen = xml.IndexOf('>', open) + 1;
                if (!xml.Contains($"<{prefix}sheetPr", StringComparison.Ordinal)) xml = xml.Insert(afterOpen, fit);
                var setup = $"<{prefix}pageMargins left=\"0.4\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>" +
                    $"<{prefix}pageSetup paperSize=\"9\" orientation=\"{(landscape ? "landscape" : "portrait")}\" fitToWidth=\"1\" fitToHeight=\"0\"/>" +
                    $"<{prefix}headerFooter><{prefix}oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</{prefix}oddFooter></{prefix}headerFooter>";
                var at = xml.IndexOf($"<{prefix}drawing", StringComparison.Ordinal);
                if (at < 0) at = xml.IndexOf($"</{prefix}worksheet>", StringComparison.Ordinal);
                var margins = xml.IndexOf($"<{prefix}pageMargins", StringComparison.Ordinal);
                if (margins >= 0) at = margins;
                xml = xml.Insert(at, setup);
                sheetEntry.Delete();
                var replaced = zip.CreateEntry("xl/worksheets/sheet1.xml");
                using var writer = new StreamWriter(replaced.Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            var workbook = zip.GetEntry("xl/workbook.xml");
            if (workbook is not null)
            {
                string xml;
                using (var reader = new StreamReader(workbook.Open(), Encoding.UTF8)) xml = reader.ReadToEnd();
                var prefix = xml.Contains("<x:workbook", StringComparison.Ordinal) ? "x:" : "";
                var sheetsEnd = xml.IndexOf($"</{prefix}sheets>", StringComparison.Ordinal);
                if (sheetsEnd >= 0 && !xml.Contains("definedNames", StringComparison.Ordinal))
                {
                    var name = System.Text.RegularExpressions.Regex.Match(xml, "<(?:x:)?sheet [^>]*name=\"([^\"]+)\"").Groups[1].Value;
                    var names = $"<{prefix}definedNames><{prefix}definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'{name.Replace("'", "''", StringComparison.Ordinal)}'!$1:$2</{prefix}definedName></{prefix}definedNames>";
                    xml = xml.Insert(sheetsEnd + $"</{prefix}sheets>".Length, names);
                    workbook.Delete();
                    var replaced = zip.CreateEntry("xl/workbook.xml");
                    using var writer = new StreamWriter(replaced.Open(), new UTF8Encoding(false));
                    writer.Write(xml);
                }
            }
        }
        return output.ToArray();
    }

    /// <summary>
    /// The typed columns of a generated ledger filled in a spreadsheet and uploaded again: matched by row (序号 and order),
    /// every other cell must be as generated. Returns row id → column → text for the typed columns, or the problems, each
    /// with its row and column.
    /// </summary>
    public static (Dictionary<long, Dictionary<int, string>>? Typed, List<string> Problems) ReadTyped(LedgerSheet sheet, byte[] bytes)
    {
        var problems = new List<string>();
        IReadOnlyList<RosterSheet> sheets;
        try { sheets = RosterFile.Read(bytes); }
        catch (RosterFileException e) { return (null, [e.Message]); }
        if (sheets.Count == 0) return (null, ["文件里没有工作表。"]);
        var rows = sheets[0].Rows;
        var headings = sheet.Columns.Select(c => RosterColumns.Normalize(c.Heading)).ToList();
        var headerAt = -1;
        for (var i = 0; i < Math.Min(rows.Count, 20) && headerAt < 0; i++)
        {
            var cells = rows[i].Cells.Select(c => RosterColumns.Normalize(RosterValues.TextOf(c) ?? "")).ToList();
            if (cells.Count > 0 && cells[0] == Sequence && headings.Select((h, k) => k + 1 < cells.Count && cells[k + 1] == h).All(x => x)) headerAt = i;
        }
        if (headerAt < 0) return (null, [UiText.Shared["找不到表头（序号、{0}……）：请上传从本页下载的“{1}”，不要改动表头。", string.Join("、", sheet.Columns.Take(3).Select(c => c.Heading)), sheet.Template.Name]]);

        var data = rows.Skip(headerAt + 1).TakeWhile(r => RosterValues.TextOf(r[0]) is { } first && !first.StartsWith("填报人", StringComparison.Ordinal)).ToList();
        if (data.Count != sheet.Rows.Count)
            problems.Add($"文件有 {data.Count} 行数据，本期生成的台账有 {sheet.Rows.Count} 行：请不要增删行。如登记信息有变，请先在人口房屋中修改，再重新下载。");
        var typed = new Dictionary<long, Dictionary<int, string>>();
        for (var i = 0; i < Math.Min(data.Count, sheet.Rows.Count); i++)
        {
            var file = data[i];
            var expected = sheet.Rows[i];
            var excelRow = file.Number;
            if (RosterValues.TextOf(file[0]) != (i + 1).ToString(CultureInfo.InvariantCulture))
                problems.Add($"第 {excelRow} 行：序号应为 {i + 1}，文件中是“{RosterValues.TextOf(file[0])}”。请不要调整行的顺序。");
            for (var c = 0; c < sheet.Columns.Count; c++)
            {
                var text = RosterValues.TextOf(file[c + 1]);
                if (sheet.Columns[c].Typed)
                {
                    (typed.TryGetValue(expected.RowId, out var t) ? t : typed[expected.RowId] = [])[c] = text ?? "";
                    continue;
                }
                if (!Same(text, expected.Cells[c], sheet.Columns[c].Field!))
                    problems.Add($"第 {excelRow} 行“{sheet.Columns[c].Heading}”：生成的是“{expected.Cells[c]}”，文件中是“{text}”。只能填写手工列（{string.Join("、", sheet.Columns.Where(x => x.Typed).Select(x => x.Heading))}），其他列不能改动。");
                if (problems.Count >= 50) return (null, problems);
            }
        }
        return problems.Count > 0 ? (null, problems) : (typed, problems);
    }

    /// <summary>The same value: as written, or (for a number shown masked) the full number the file holds masked the same way.</summary>
    static bool Same(string? file, string? generated, LedgerField field)
    {
        if ((file ?? "") == (generated ?? "")) return true;
        if (file is null || generated is null || !field.Masked) return false;
        return generated.Contains('*', StringComparison.Ordinal) &&
            (Masking.NationalId(file) == generated || Masking.Phone(file) == generated);
    }
}
