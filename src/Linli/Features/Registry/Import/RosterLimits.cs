using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Linli.Features.Registry.Import;

/// <summary>
/// How big a roster may be once it is unpacked and read. An xlsx is a zip of XML: 1 MB can inflate to gigabytes
/// (one endless cell, millions of empty rows, a cell in column XFD), and every reader that trusts it pays in memory
/// and time. The limits are far above a real roster (a community's 10,400 people are about 4 MB of sheet XML and
/// 16 columns) and far below what hurts the server (its memory budget is 500 MB).
/// </summary>
public sealed record RosterLimits
{
    public static readonly RosterLimits Default = new();

    /// <summary>Everything in the archive, unpacked (the file itself is at most <see cref="RosterFile.MaxBytes"/>).</summary>
    public long MaxUnpackedBytes { get; init; } = 200L * 1024 * 1024;
    public int MaxEntries { get; init; } = 1_000;
    /// <summary>Unpacked ÷ packed for a part over 1 MB: sheet XML packs 5–20 to 1; a bomb packs a thousand to 1.</summary>
    public int MaxRatio { get; init; } = 100;
    /// <summary>Rows of a sheet as Excel numbers them (title rows counted), and of a CSV.</summary>
    public int MaxRows { get; init; } = 200_000;
    public int MaxColumns { get; init; } = 256;
    /// <summary>Excel's own limit for one cell.</summary>
    public int MaxCellChars { get; init; } = 32_767;
    /// <summary>All the text of the file together.</summary>
    public long MaxTextChars { get; init; } = 40_000_000;
    /// <summary>One line of a CSV.</summary>
    public int MaxLineChars { get; init; } = 100_000;

    internal static string Mb(long bytes) => (bytes / 1024 / 1024).ToString("N0", CultureInfo.InvariantCulture);
    internal static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    internal const string Split = "请拆分名册（例如每个网格一个文件）后再导入。";
}

/// <summary>
/// Looks at an xlsx before anything reads it: the archive's directory (entry count, declared sizes, ratios), then every
/// part, unpacked through a counting stream that stops at the limit whatever the headers claim, its XML walked with a
/// reader that keeps nothing (rows, columns, cell lengths, merged ranges, no DTD). Only a file that passes is handed to
/// MiniExcel, which then reads the same bytes, now known to be bounded.
/// </summary>
static class XlsxInspection
{
    public static void Check(byte[] bytes, RosterLimits limits)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var entries = zip.Entries;
        if (entries.Count > limits.MaxEntries)
            throw new RosterFileException(Web.UiText.Shared["文件里有 {0} 个部件，超过 {1} 个，不像一份名册。请在 Excel 中把名册复制到一个新工作簿，另存为 .xlsx 后再导入。", RosterLimits.N(entries.Count), RosterLimits.N(limits.MaxEntries)]);
        if (!entries.Any(e => e.FullName.Equals("xl/workbook.xml", StringComparison.OrdinalIgnoreCase)))
            throw new RosterFileException(entries.Any(e => e.FullName.StartsWith("word/", StringComparison.OrdinalIgnoreCase))
                ? "这是 Word 文档，不是 Excel 或 CSV 文件。请把名册放进 Excel，另存为 .xlsx 或 .csv 后再导入。"
                : "这是一个 zip 压缩包，不是 Excel 或 CSV 文件。请解压后选择其中的名册（.xlsx 或 .csv）。");
        var declared = entries.Sum(e => e.Length);
        if (declared > limits.MaxUnpackedBytes) throw TooBig(limits);
        foreach (var e in entries)
            if (e.Length > 1024 * 1024 && e.Length > (long)limits.MaxRatio * Math.Max(1, e.CompressedLength))
                throw new RosterFileException(Web.UiText.Shared["文件中的“{0}”压缩比异常（{1} 比 1），可能是恶意构造的文件，没有读取。", e.FullName, RosterLimits.N(e.Length / Math.Max(1, e.CompressedLength))]
                    + Web.UiText.Shared["请在 Excel 中打开名册，把数据复制到一个新工作簿，另存为 .xlsx 后再导入。"]);

        var budget = new Budget(limits);
        foreach (var e in entries)
        {
            using var part = new CountingStream(e.Open(), budget);
            if (e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                Walk(part, e.FullName, limits, budget);
            else
                part.CopyTo(Stream.Null);
        }
    }

    internal static RosterFileException TooBig(RosterLimits limits) =>
        new(Web.UiText.Shared["文件解压后超过 {0} MB，一次导入不了这么多。", RosterLimits.Mb(limits.MaxUnpackedBytes)] + Web.UiText.Shared[RosterLimits.Split]);

    sealed class Budget(RosterLimits limits)
    {
        public long Bytes;
        public long Chars;
        public void AddBytes(int n)
        {
            Bytes += n;
            if (Bytes > limits.MaxUnpackedBytes) throw TooBig(limits);
        }
    }

    /// <summary>Counts what comes out of the decompressor and refuses once the whole archive passes the limit.</summary>
    sealed class CountingStream(Stream inner, Budget budget) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            budget.AddBytes(n);
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            budget.AddBytes(n);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = false, IgnoreComments = true, IgnoreProcessingInstructions = true,
    };

    /// <summary>
    /// Rows (by their number, so that a row numbered 1,048,576 counts as what a reader would fill in), columns (a cell
    /// in XFD), merged ranges (which a reader fills cell by cell), and the text of each cell and shared string.
    /// </summary>
    static void Walk(Stream part, string name, RosterLimits limits, Budget budget)
    {
        using var reader = XmlReader.Create(part, Settings);
        var chunk = new char[8192];
        int row = 0, column = 0;
        var textDepth = -1; // depth of the <c> or <si> whose text is being counted
        long cellChars = 0;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    switch (reader.LocalName)
                    {
                        case "dimension" when reader.GetAttribute("ref") is { } range:
                            CheckRange(range, limits, name);
                            break;
                        case "mergeCell" when reader.GetAttribute("ref") is { } range:
                            CheckRange(range, limits, name);
                            break;
                        case "row":
                            row = reader.GetAttribute("r") is { } r && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : row + 1;
                            if (row > limits.MaxRows) throw TooManyRows(limits);
                            column = 0;
                            break;
                        case "c":
                            column = reader.GetAttribute("r") is { } at && CellColumn(at) is { } c ? c : column + 1;
                            if (column > limits.MaxColumns) throw TooManyColumns(limits, row);
                            if (!reader.IsEmptyElement) (textDepth, cellChars) = (reader.Depth, 0);
                            break;
                        case "si":
                            if (!reader.IsEmptyElement) (textDepth, cellChars) = (reader.Depth, 0);
                            break;
                    }
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace when textDepth >= 0:
                    // Read in pieces, so that an endless cell is refused without ever being held in memory.
                    int read;
                    while ((read = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                    {
                        cellChars += read;
                        budget.Chars += read;
                        if (cellChars > limits.MaxCellChars)
                            throw new RosterFileException(row > 0 && column > 0
                                ? Web.UiText.Shared["第 {0} 行第 {1} 列的单元格超过 {2} 个字符（Excel 单元格的上限），不像名册里的内容。请检查这个单元格，删掉多余的内容后再导入。", RosterLimits.N(row), ColumnName(column), RosterLimits.N(limits.MaxCellChars)]
                                : Web.UiText.Shared["文件中有一段文字超过 {0} 个字符（Excel 单元格的上限），不像名册里的内容。请检查名册，删掉过长的内容后再导入。", RosterLimits.N(limits.MaxCellChars)]);
                        if (budget.Chars > limits.MaxTextChars)
                            throw new RosterFileException(Web.UiText.Shared["文件中的文字超过 {0} 个字符，一次导入不了这么多。", RosterLimits.N(limits.MaxTextChars)] + Web.UiText.Shared[RosterLimits.Split]);
                    }
                    break;
                case XmlNodeType.EndElement when textDepth >= 0 && reader.Depth == textDepth:
                    textDepth = -1;
                    break;
            }
        }
    }

    static void CheckRange(string range, RosterLimits limits, string part)
    {
        var last = range.Split(':')[^1];
        var (column, row) = (CellColumn(last), CellRow(last));
        if (column > limits.MaxColumns) throw TooManyColumns(limits, null);
        if (row > limits.MaxRows) throw TooManyRows(limits);
    }

    static RosterFileException TooManyRows(RosterLimits limits) =>
        new(Web.UiText.Shared["工作表超过 {0} 行，一次导入不了这么多。", RosterLimits.N(limits.MaxRows)] + Web.UiText.Shared[RosterLimits.Split]
            + Web.UiText.Shared["如果数据并没有这么多，可能是表格下方有格式或空行：在 Excel 中选中数据下面的所有行，删除后保存再试。"]);

    internal static RosterFileException TooManyColumns(RosterLimits limits, int? row) =>
        new(Web.UiText.Shared["{0}超过 {1} 列，不像一份名册。", (row is > 0 ? Web.UiText.Shared["第 {0} 行", RosterLimits.N(row.Value)] : Web.UiText.Shared["工作表"]), RosterLimits.N(limits.MaxColumns)]
            + Web.UiText.Shared["请在 Excel 中选中数据右侧的所有空列，删除后保存再导入。"]);

    /// <summary>"AB12" → 28; null when the reference does not start with letters.</summary>
    static int? CellColumn(string reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (column > 1_000_000) return column;
        }
        return i == 0 ? null : column;
    }

    static int CellRow(string reference)
    {
        var digits = reference.SkipWhile(char.IsAsciiLetter).TakeWhile(char.IsAsciiDigit).Take(10).ToArray();
        return digits.Length > 0 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (int)Math.Min(n, int.MaxValue) : 0;
    }

    internal static string ColumnName(int column)
    {
        var s = "";
        for (var c = column; c > 0; c = (c - 1) / 26) s = (char)('A' + (c - 1) % 26) + s;
        return s;
    }
}
