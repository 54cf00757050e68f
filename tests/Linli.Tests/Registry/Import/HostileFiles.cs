using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Linli.Tests.Registry.Import;

/// <summary>
/// Files made to hurt a reader, built here byte by byte: an xlsx whose sheet is written by a callback (so that a
/// gigabyte of it is streamed into the deflater, never held), extra parts, and a way to make the archive lie about
/// a part's size.
/// </summary>
static class HostileFiles
{
    const string SheetHead = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""";
    const string SheetTail = "</sheetData></worksheet>";
    public const string SheetPart = "xl/worksheets/sheet1.xml";

    public static byte[] Xlsx(Action<TextWriter> sheetData, Action<ZipArchive>? more = null, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Put(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            Put("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Put("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Put("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Put("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            using (var w = new StreamWriter(zip.CreateEntry(SheetPart, level).Open(), new UTF8Encoding(false), 1 << 16))
            {
                w.Write(SheetHead);
                sheetData(w);
                w.Write(SheetTail);
            }
            more?.Invoke(zip);
        }
        return buffer.ToArray();
    }

    /// <summary>A header row (姓名, 公民身份号码) and then whatever <paramref name="rest"/> writes.</summary>
    public static byte[] RosterXlsx(Action<TextWriter> rest, Action<ZipArchive>? more = null, CompressionLevel level = CompressionLevel.Optimal) => Xlsx(w =>
    {
        w.Write("""<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>公民身份号码</t></is></c></row>""");
        rest(w);
    }, more, level);

    /// <summary>The bomb of the report: one cell of <paramref name="bytes"/> letters, about a thousand to one packed.</summary>
    public static byte[] OneHugeCell(long bytes) => RosterXlsx(w =>
    {
        w.Write("""<row r="2"><c r="A2" t="inlineStr"><is><t>""");
        var block = new string('王', 32 * 1024); // 3 bytes each in UTF-8
        for (long written = 0; written < bytes; written += block.Length * 3) w.Write(block);
        w.Write("</t></is></c></row>");
    }, level: CompressionLevel.SmallestSize);

    /// <summary>Rows numbered 2…<paramref name="last"/>, each with a short name.</summary>
    public static byte[] ManyRows(int last) => RosterXlsx(w =>
    {
        for (var r = 2; r <= last; r++) w.Write(string.Create(CultureInfo.InvariantCulture, $"""<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>王{r}</t></is></c></row>"""));
    });

    /// <summary>Rows whose cells reach column XFD (16,384), as the report's 24 rows did.</summary>
    public static byte[] WideRows(int rows) => RosterXlsx(w =>
    {
        for (var r = 2; r < 2 + rows; r++)
        {
            w.Write(string.Create(CultureInfo.InvariantCulture, $"""<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>王{r}</t></is></c><c r="XFD{r}"><v>1</v></c></row>"""));
        }
    });

    /// <summary>A sheet of normal rows plus <paramref name="count"/> tiny extra parts.</summary>
    public static byte[] ManyEntries(int count) => RosterXlsx(_ => { }, zip =>
    {
        for (var i = 0; i < count; i++)
        {
            using var s = zip.CreateEntry($"xl/media/x{i}.bin", CompressionLevel.Fastest).Open();
            s.WriteByte(1);
        }
    });

    /// <summary>An innocent sheet beside a part of <paramref name="bytes"/> zeros, which packs far beyond any real file.</summary>
    public static byte[] DeepRatio(int bytes) => RosterXlsx(_ => { }, zip =>
    {
        using var s = zip.CreateEntry("xl/media/image1.png", CompressionLevel.SmallestSize).Open();
        var zeros = new byte[1 << 20];
        for (var written = 0; written < bytes; written += zeros.Length) s.Write(zeros);
    });

    /// <summary>
    /// <paramref name="bytes"/> of blanks between the rows (no cell, so no cell limit applies) — and then the archive
    /// made to say that the sheet unpacks to 10 KB, in its local header and in its central directory alike.
    /// </summary>
    public static byte[] LyingSheet(int bytes)
    {
        var file = RosterXlsx(w =>
        {
            var blanks = new string(' ', 64 * 1024);
            for (var written = 0; written < bytes; written += blanks.Length) w.Write(blanks);
        });
        var name = Encoding.ASCII.GetBytes(SheetPart);
        var patched = 0;
        for (var i = 0; i + 46 < file.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(i));
            if (signature == 0x04034b50 && file.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(i + 22), 10_000);
                patched++;
            }
            else if (signature == 0x02014b50 && file.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(i + 24), 10_000);
                patched++;
            }
        }
        if (patched != 2) throw new InvalidOperationException($"patched {patched} headers, expected 2");
        return file;
    }

    public static byte[] RandomBytes(int length, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
