using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Linli.Features.Registry.Import;

/// <summary>One sheet of a roster as raw cells; each row keeps the number Excel shows for it (1-based, title rows counted).</summary>
public sealed record RosterSheet(string Name, IReadOnlyList<RosterSheet.Row> Rows)
{
    public sealed record Row(int Number, object?[] Cells)
    {
        public object? this[int column] => column < Cells.Length ? Cells[column] : null;
    }
}

/// <summary>A file that cannot be read as a roster at all; the message says so in Chinese.</summary>
public sealed class RosterFileException(string message) : Exception(message);

/// <summary>
/// Reads the files offices keep: xlsx (through MiniExcel, merged cells filled in) and csv in UTF-8
/// (with or without BOM), UTF-16, or the GB18030/GBK that Excel on Chinese Windows writes.
/// The format is told by the bytes, not by the file name.
/// </summary>
public static class RosterFile
{
    static RosterFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public const long MaxBytes = 20 * 1024 * 1024;

    public static IReadOnlyList<RosterSheet> Read(byte[] bytes)
    {
        if (bytes.Length == 0) throw new RosterFileException("文件是空的。");
        if (bytes.Length >= 4 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0)
            throw new RosterFileException("这是旧版 Excel（.xls）文件，无法直接读取。请在 Excel 中“另存为” .xlsx 或 CSV 后再导入。");
        return bytes.Length >= 2 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' ? ReadXlsx(bytes) : [ReadCsv(bytes)];
    }

    static List<RosterSheet> ReadXlsx(byte[] bytes)
    {
        var sheets = new List<RosterSheet>();
        var config = new OpenXmlConfiguration { FillMergedCells = true, IgnoreEmptyRows = false };
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            foreach (var name in MiniExcel.GetSheetNames(stream))
            {
                stream.Position = 0;
                var rows = new List<RosterSheet.Row>();
                var number = 0;
                foreach (var row in MiniExcel.Query(stream, useHeaderRow: false, sheetName: name, excelType: ExcelType.XLSX, configuration: config))
                {
                    number++;
                    var cells = ((IDictionary<string, object?>)row).Values.ToArray();
                    rows.Add(new RosterSheet.Row(number, cells));
                }
                sheets.Add(new RosterSheet(name, rows));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A broken zip, a missing part, XML that is not a sheet: MiniExcel says so in many ways, the user needs one sentence.
            throw new RosterFileException("无法读取这个 xlsx 文件：文件可能已损坏，或不是 Excel 文件。请在 Excel 中打开并重新保存后再试。");
        }
        return sheets;
    }

    static RosterSheet ReadCsv(byte[] bytes)
    {
        var text = Decode(bytes);
        var delimiter = GuessDelimiter(text);
        var rows = new List<RosterSheet.Row>();
        var cells = new List<object?>();
        var cell = new StringBuilder();
        var quoted = false;
        var number = 1;
        void EndCell()
        {
            cells.Add(cell.Length == 0 ? null : cell.ToString());
            cell.Clear();
        }
        void EndRow()
        {
            EndCell();
            rows.Add(new RosterSheet.Row(number++, cells.ToArray()));
            cells.Clear();
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && cell.Length == 0) quoted = true;
            else if (c == delimiter) EndCell();
            else if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                EndRow();
            }
            else if (c == '\n') EndRow();
            else cell.Append(c);
        }
        if (cell.Length > 0 || cells.Count > 0) EndRow();
        return new RosterSheet("CSV", rows);
    }

    /// <summary>BOM first; then strict UTF-8; what is not valid UTF-8 is taken as GB18030 (a superset of GBK and GB2312).</summary>
    static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    /// <summary>Comma, unless the first lines hold more tabs (Excel's "Unicode text") or semicolons.</summary>
    static char GuessDelimiter(string text)
    {
        var head = text.Length > 8192 ? text[..8192] : text;
        int commas = head.Count(c => c == ','), tabs = head.Count(c => c == '\t'), semicolons = head.Count(c => c == ';');
        return tabs > commas && tabs >= semicolons ? '\t' : semicolons > commas ? ';' : ',';
    }
}
