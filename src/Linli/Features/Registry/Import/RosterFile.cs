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

    /// <summary>The sheets of the file, read within <paramref name="limits"/> (<see cref="RosterLimits.Default"/> when none are given).</summary>
    public static IReadOnlyList<RosterSheet> Read(byte[] bytes, RosterLimits? limits = null)
    {
        limits ??= RosterLimits.Default;
        if (bytes.Length == 0) throw new RosterFileException("文件是空的。");
        if (bytes.Length > MaxBytes) throw new RosterFileException(Web.UiText.Shared["文件超过 {0} MB，不像一份名册。", MaxBytes / 1024 / 1024] + Web.UiText.Shared[RosterLimits.Split]);
        if (bytes.Length >= 4 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0)
            throw new RosterFileException("这是旧版 Excel（.xls）文件，无法直接读取。请在 Excel 中“另存为” .xlsx 或 CSV 后再导入。");
        if (bytes.Length >= 2 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K') return ReadXlsx(bytes, limits);
        if (KnownBinary(bytes) is { } what) throw NotARoster(what);
        return [ReadCsv(bytes, limits)];
    }

    static RosterFileException NotARoster(string? what) =>
        new(Web.UiText.Shared["这个文件不是 Excel 或 CSV 文件{0}，无法读取。请选择 Excel 名册（.xlsx）或 CSV 文件；旧版 .xls 请先在 Excel 中另存为 .xlsx。", (string.IsNullOrEmpty(what) ? "" : Web.UiText.Shared["（看起来是{0}）", Web.UiText.Shared[what]])]);

    /// <summary>What a file that is plainly not text is, by its first bytes; "" for binary of no known kind; null for text.</summary>
    static string? KnownBinary(byte[] b)
    {
        bool Starts(params byte[] sig) => b.Length >= sig.Length && b.AsSpan(0, sig.Length).SequenceEqual(sig);
        if (Starts(0x25, 0x50, 0x44, 0x46)) return "PDF 文档";
        if (Starts(0x89, 0x50, 0x4E, 0x47) || Starts(0xFF, 0xD8, 0xFF) || Starts(0x47, 0x49, 0x46, 0x38)) return "图片";
        if (Starts(0x52, 0x61, 0x72, 0x21) || Starts(0x37, 0x7A, 0xBC, 0xAF) || Starts(0x1F, 0x8B)) return "压缩包";
        if (Starts(0xFF, 0xFE) || Starts(0xFE, 0xFF)) return null; // UTF-16 text has NUL bytes of its own
        // Text has no NUL bytes and few control characters; random or binary bytes have plenty.
        var head = b.AsSpan(0, Math.Min(b.Length, 64 * 1024));
        if (head.Contains((byte)0)) return "";
        var control = 0;
        foreach (var x in head) if (x < 0x20 && x is not (0x09 or 0x0A or 0x0D or 0x0C or 0x1A)) control++;
        return control > head.Length / 100 ? "" : null;
    }

    static List<RosterSheet> ReadXlsx(byte[] bytes, RosterLimits limits)
    {
        var sheets = new List<RosterSheet>();
        var config = new OpenXmlConfiguration { FillMergedCells = true, IgnoreEmptyRows = false };
        try
        {
            XlsxInspection.Check(bytes, limits);
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
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException and not RosterFileException)
        {
            // A broken zip, a missing part, XML that is not a sheet: MiniExcel says so in many ways, the user needs one sentence.
            throw new RosterFileException("无法读取这个 xlsx 文件：文件可能已损坏，或不是 Excel 文件。请在 Excel 中打开并重新保存后再试。");
        }
        return sheets;
    }

    static RosterSheet ReadCsv(byte[] bytes, RosterLimits limits)
    {
        var text = Decode(bytes);
        if (text.AsSpan(0, Math.Min(text.Length, 64 * 1024)).Count('\uFFFD') > Math.Min(text.Length, 64 * 1024) / 100) throw NotARoster(null);
        var delimiter = GuessDelimiter(text);
        var rows = new List<RosterSheet.Row>();
        var cells = new List<object?>();
        var cell = new StringBuilder();
        var quoted = false;
        var number = 1;
        var lineStart = 0;
        void EndCell()
        {
            if (cells.Count >= limits.MaxColumns) throw XlsxInspection.TooManyColumns(limits, number);
            cells.Add(cell.Length == 0 ? null : cell.ToString());
            cell.Clear();
        }
        void EndRow(int next)
        {
            EndCell();
            if (number > limits.MaxRows)
                throw new RosterFileException(Web.UiText.Shared["文件超过 {0} 行，一次导入不了这么多。", RosterLimits.N(limits.MaxRows)] + Web.UiText.Shared[RosterLimits.Split]);
            rows.Add(new RosterSheet.Row(number++, cells.ToArray()));
            cells.Clear();
            lineStart = next;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i - lineStart > limits.MaxLineChars)
                throw new RosterFileException(Web.UiText.Shared["第 {0} 行超过 {1} 个字符，不像名册里的一行", RosterLimits.N(number), RosterLimits.N(limits.MaxLineChars)]
                    + (quoted ? Web.UiText.Shared["（可能是某个引号没有配对，后面的内容都被当成了一个单元格）"] : "") + Web.UiText.Shared["。请在 Excel 中打开检查这一行，改正后另存为 CSV 再导入。"]);
            if (cell.Length > limits.MaxCellChars)
                throw new RosterFileException(Web.UiText.Shared["第 {0} 行第 {1} 列超过 {2} 个字符，不像名册里的内容。请检查这一格后再导入。", RosterLimits.N(number), cells.Count + 1, RosterLimits.N(limits.MaxCellChars)]);
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
                EndRow(i + 1);
            }
            else if (c == '\n') EndRow(i + 1);
            else cell.Append(c);
        }
        if (cell.Length > 0 || cells.Count > 0) EndRow(text.Length);
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
