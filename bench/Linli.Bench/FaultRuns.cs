using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Linli.Bench;

/// <summary>
/// Two runs of issue 10: the paced load run with a roster import running beside it (a long write must not break
/// everyone else), and a round of hostile uploads, three at once, with the server's peak memory measured across it.
/// </summary>
static class FaultRuns
{
    public sealed record BesideImport(LoadSummary Load, double ImportSeconds, int ImportRows);

    public sealed record HostileFile(string Name, int PackedKb, int Status, double Seconds, string Answer);

    public sealed record HostileRound(double PeakMemoryMb, double MemoryBeforeMb, double MemoryAfterMb, List<HostileFile> Files, ServerProcess.MemoryParts? PartsBefore = null);

    /// <summary>The paced run (mean pause <paramref name="thinkMs"/>), with roster <paramref name="roster"/> imported two seconds in.</summary>
    public static async Task<BesideImport> LoadBesideImportAsync(Uri baseAddress, IReadOnlyList<string> tokens, IReadOnlyList<(int LeadIndex, Samples.Person Person)> people,
        Clients clients, Rosters rosters, int roster, int count, int thinkMs, TimeSpan duration, int seed, CancellationToken ct)
    {
        var load = LoadRun.RunAsync(baseAddress, tokens, people, count, thinkMs, duration, seed, ct);
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(2, duration.TotalSeconds / 4)), ct);
        var started = Stopwatch.StartNew();
        await rosters.ImportAsync(clients.Importer, roster, ct);
        var importSeconds = started.Elapsed.TotalSeconds;
        var l = await load;
        return new BesideImport(new LoadSummary(l.Clients, l.ThinkMs, l.Seconds, l.Requests, l.Errors, l.Throughput, l.Latency.P50, l.Latency.P95, l.Latency.P99, l.ErrorKinds, l.ByKind),
            importSeconds, rosters.RowsPerRoster);
    }

    /// <summary>
    /// Each hostile file uploaded three times at once to POST /api/v1/imports; the kernel's record of the server's peak
    /// memory (VmHWM) is reset first (/proc/PID/clear_refs), so the peak is this round's.
    /// </summary>
    public static async Task<HostileRound> HostileRoundAsync(ServerProcess server, HttpClient importer, string into, TextWriter log, CancellationToken ct)
    {
        await log.WriteLineAsync("  生成恶意文件…");
        var files = new List<(string Name, byte[] Bytes)>
        {
            ("one cell of 1 GiB", OneHugeCell(1L << 30)),
            ("rows to 1,048,576", Sheet(w => w.Write("""<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>王五</t></is></c></row>"""))),
            ("250,000 rows", Sheet(w => { for (var r = 2; r <= 250_001; r++) w.Write(string.Create(CultureInfo.InvariantCulture, $"""<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>王{r}</t></is></c></row>""")); })),
            ("cells in column XFD", Sheet(w => { for (var r = 2; r < 26; r++) w.Write(string.Create(CultureInfo.InvariantCulture, $"""<row r="{r}"><c r="A{r}"><v>1</v></c><c r="XFD{r}"><v>1</v></c></row>""")); })),
            ("random bytes", RandomBytes(1 << 20)),
        };
        server.ResetPeakMemory();
        var before = server.CurrentMemoryMb();
        var partsBefore = server.CurrentMemoryParts();
        var results = new List<HostileFile>();
        foreach (var (name, bytes) in files)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
            {
                var started = Stopwatch.StartNew();
                using var form = new MultipartFormDataContent();
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                form.Add(content, "file", "hostile.xlsx");
                form.Add(new StringContent(into), "into");
                using var response = await importer.PostAsync("/api/v1/imports", form, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var answer = response.StatusCode == HttpStatusCode.OK
                    ? JsonDocument.Parse(body).RootElement.GetProperty("errors") is { ValueKind: JsonValueKind.Array } e && e.GetArrayLength() > 0 ? e[0].GetProperty("message").GetString() ?? "" : "(accepted!)"
                    : body;
                return new HostileFile(name, bytes.Length / 1024, (int)response.StatusCode, started.Elapsed.TotalSeconds, answer);
            }));
            results.AddRange(answers);
            var worst = answers.MaxBy(a => a.Seconds)!;
            await log.WriteLineAsync($"    {name,-22} {bytes.Length / 1024,7:N0} KB ×3：{string.Join("/", answers.Select(a => a.Status))}，最长 {worst.Seconds:F1} s；{Short(worst.Answer)}");
        }
        var peak = server.PeakMemoryMb();
        var after = server.CurrentMemoryMb();
        await log.WriteLineAsync($"  恶意上传一轮：服务器内存峰值 {peak:F0} MB（开始 {before:F0} MB：{partsBefore}；结束 {after:F0} MB）");
        return new HostileRound(peak, before, after, results, partsBefore);
    }

    static string Short(string s) => s.Length > 60 ? s[..60] + "…" : s;

    static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        new Random(11).NextBytes(b);
        return b;
    }

    static byte[] OneHugeCell(long bytes) => Sheet(w =>
    {
        w.Write("""<row r="2"><c r="A2" t="inlineStr"><is><t>""");
        var block = new string('王', 32 * 1024);
        for (long written = 0; written < bytes; written += block.Length * 3) w.Write(block);
        w.Write("</t></is></c></row>");
    }, CompressionLevel.SmallestSize);

    /// <summary>An xlsx with a header row (姓名, 公民身份号码) and whatever <paramref name="rows"/> writes, streamed into the deflater.</summary>
    static byte[] Sheet(Action<TextWriter> rows, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Put(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            Put("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Put("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Put("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Put("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            using var s = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", level).Open(), new UTF8Encoding(false), 1 << 16);
            s.Write("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>公民身份号码</t></is></c></row>""");
            rows(s);
            s.Write("</sheetData></worksheet>");
        }
        return buffer.ToArray();
    }
}
