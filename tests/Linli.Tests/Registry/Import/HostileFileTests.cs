using System.Text;
using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Registry.Import;

/// <summary>
/// Files made to hurt the reader are refused before they cost anything, each with a sentence that says which
/// limit was passed and what to do; the memory a refusal takes stays small whatever the file claims or holds.
/// </summary>
public class HostileFileTests
{
    /// <summary>What reading the file allocated on this thread (the reader is synchronous), and what it threw.</summary>
    static (long AllocatedMb, RosterFileException? Refusal) Read(byte[] file, RosterLimits? limits = null)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        RosterFileException? refusal = null;
        try
        {
            RosterFile.Read(file, limits);
        }
        catch (RosterFileException e)
        {
            refusal = e;
        }
        return ((GC.GetAllocatedBytesForCurrentThread() - before) / 1024 / 1024, refusal);
    }

    static string Refused(byte[] file, long maxAllocatedMb = 64, RosterLimits? limits = null)
    {
        var (allocated, refusal) = Read(file, limits);
        Assert.NotNull(refusal);
        Assert.True(allocated < maxAllocatedMb, $"reading the refused file allocated {allocated} MB");
        return refusal.Message;
    }

    [Fact]
    public void AMegabyteThatUnpacksToAGigabyteCellIsRefusedFromItsDirectory()
    {
        var bomb = HostileFiles.OneHugeCell(1L << 30);
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"the bomb is {bomb.Length} bytes packed");
        var message = Refused(bomb, maxAllocatedMb: 16);
        Assert.Contains("文件解压后超过 200 MB", message);
        Assert.Contains("请拆分名册", message);
    }

    [Fact]
    public void ACellLongerThanExcelAllowsIsRefusedWithItsPlace()
    {
        var file = HostileFiles.OneHugeCell(300_000);
        var message = Refused(file);
        Assert.Contains("第 2 行第 A 列的单元格超过 32,767 个字符", message);
    }

    [Fact]
    public void MoreRowsThanALimitAreRefusedAndSoIsOneRowNumberedAMillion()
    {
        var many = Refused(HostileFiles.ManyRows(200_050));
        Assert.Contains("工作表超过 200,000 行", many);
        Assert.Contains("请拆分名册", many);

        var jump = Refused(HostileFiles.RosterXlsx(w => w.Write("""<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>王五</t></is></c></row>""")));
        Assert.Contains("工作表超过 200,000 行", jump);
        Assert.Contains("删除", jump);
    }

    [Fact]
    public void CellsOutInColumnXfdAreRefusedAtOnce()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var message = Refused(HostileFiles.WideRows(24));
        Assert.Contains("第 2 行超过 256 列", message);
        Assert.Contains("空列", message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");

        // A dimension or a merged range that claims the whole width is refused the same way.
        var merged = Refused(HostileFiles.Xlsx(w => w.Write("</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:XFD1\"/></mergeCells><sheetData>")));
        Assert.Contains("超过 256 列", merged);
    }

    [Fact]
    public void AnArchiveOfThousandsOfPartsIsRefused()
    {
        var message = Refused(HostileFiles.ManyEntries(5_000));
        Assert.Contains("个部件，超过 1,000 个", message);
    }

    [Fact]
    public void APartThatPacksAThousandToOneIsRefusedBeforeItIsUnpacked()
    {
        var message = Refused(HostileFiles.DeepRatio(64 * 1024 * 1024), maxAllocatedMb: 8);
        Assert.Contains("压缩比异常", message);
        Assert.Contains("xl/media/image1.png", message);
    }

    [Fact]
    public void ASheetThatLiesAboutItsSizeIsStoppedByWhatComesOut()
    {
        // 300 MB of blanks declared as 10 KB: the headers pass, the count of what is unpacked does not.
        var file = HostileFiles.LyingSheet(300 * 1024 * 1024);
        var (allocated, refusal) = Read(file);
        Assert.NotNull(refusal);
        Assert.True(allocated < 64, $"reading the lying file allocated {allocated} MB");
    }

    [Fact]
    public void AFileWithADtdIsNotExpanded()
    {
        var withDtd = HostileFiles.Xlsx(w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is></c></row>"), zip =>
        {
            using var s = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml").Open());
            s.Write("""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>""");
        });
        Assert.Contains("无法读取这个 xlsx 文件", Refused(withDtd));
    }

    [Fact]
    public void ARealRosterPassesTheLimits()
    {
        var people = CleanRoster.People(10_400);
        var sheets = RosterFile.Read(CleanRoster.Xlsx(people));
        Assert.Equal(10_401, sheets[0].Rows.Count);
    }

    [Fact]
    public void CsvIsHeldToTheSameLimits()
    {
        var utf8 = new UTF8Encoding(false);
        var longLine = utf8.GetBytes("姓名,公民身份号码\r\n" + string.Join(",", Enumerable.Repeat(new string('王', 15_000), 10)) + "\r\n");
        Assert.Contains("第 2 行超过 100,000 个字符", Refused(longLine));

        var wide = utf8.GetBytes("姓名,公民身份号码" + new string(',', 20_000) + "\r\n");
        Assert.Contains("第 1 行超过 256 列", Refused(wide));

        var rows = new StringBuilder("姓名,公民身份号码\r\n");
        for (var i = 0; i < 1_000; i++) rows.Append("王五,1\r\n");
        Assert.Contains("文件超过 500 行", Refused(utf8.GetBytes(rows.ToString()), limits: RosterLimits.Default with { MaxRows = 500 }));

        var cell = utf8.GetBytes("姓名,备注\r\n王五,\"" + new string('长', 40_000) + "\"\r\n");
        Assert.Contains("第 2 行第 2 列超过 32,767 个字符", Refused(cell));
    }

    [Fact]
    public void RandomBytesAndOtherFilesAreNotExcelOrCsv()
    {
        Assert.Contains("不是 Excel 或 CSV 文件", Refused(HostileFiles.RandomBytes(50_000)));
        Assert.Contains("看起来是PDF 文档", Refused(Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ\n1 0 obj\n")));
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            using (var w = new StreamWriter(archive.CreateEntry("word/document.xml").Open())) w.Write("<w:document/>");
        Assert.Contains("这是 Word 文档，不是 Excel 或 CSV 文件", Refused(zip.ToArray()));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AHeaderWithNoRowsBelowItSaysSoAndImportsNothing(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var headerOnly = Csv.Write(Csv.Utf8WithBom, [["姓名", "公民身份号码", "性别"]]);
        var report = await world.ImportAsync(headerOnly, world.Grid(1));
        Assert.Equal(1, report.ExitCode);
        Assert.Contains(report.Errors, e => e.Message.StartsWith("表头下面没有数据行", StringComparison.Ordinal));
        Assert.Equal(0, report.Imported);
    }
}
