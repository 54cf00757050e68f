using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Audit;

/// <summary>
/// The head of the audit chain (its last id and that row's hash), written down outside the database:
/// one line a time in data/audit/anchors.log, signed with HMAC-SHA256 under keys/audit-anchor.key. The
/// hash chain alone shows a row changed or taken out of the middle; it cannot show the newest rows cut
/// off, because what is left is a shorter chain that is still whole. An anchor says "row N existed, with
/// this hash", so `linli audit verify` can tell when row N is gone or different.
/// A server writes an anchor when it starts, every minute in which audit rows were written, and when
/// it stops; a command-line verb that wrote rows writes one when it ends. Appending a row costs one
/// memory write (<see cref="RowWritten"/>): the file and the database are touched by the anchor alone.
/// </summary>
public sealed class AuditAnchors(LinliOptions options, DatabaseTarget target, TimeProvider clock, ILogger<AuditAnchors> log) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    public const string KeyFileName = "audit-anchor.key";
    public const int KeyLength = 32;

    public static string FilePath(string dataDir) => Path.Combine(dataDir, "audit", "anchors.log");
    public static string KeyPath(string dataDir) => Path.Combine(dataDir, "keys", KeyFileName);

    /// <summary>This process, as its lines name it: host and process id.</summary>
    static readonly string Writer = $"{new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray())}:{Environment.ProcessId}";

    readonly SemaphoreSlim writing = new(1, 1);
    int unanchored;
    byte[]? key;
    (long Id, string Hash)? written;

    /// <summary>Called after every appended row: marks that the next minute's anchor has something to say. No I/O.</summary>
    public void RowWritten() => Volatile.Write(ref unanchored, 1);

    /// <summary>Whether rows were appended through this process since its last anchor.</summary>
    public bool HasUnanchoredRows => Volatile.Read(ref unanchored) == 1;

    /// <summary>
    /// Reads the chain's head from the database and appends it as an anchor line. Null when the log is
    /// still empty (there is nothing to anchor). A periodic anchor whose head this process already wrote
    /// down is not written again; the start and stop anchors always are.
    /// </summary>
    public async Task<AuditAnchor?> AnchorAsync(string kind, CancellationToken ct)
    {
        await writing.WaitAsync(ct);
        try
        {
            // Cleared before the head is read: a row appended meanwhile marks the next minute again.
            Volatile.Write(ref unanchored, 0);
            await using var db = target.CreateContext();
            var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(ct);
            if (head is null) return null;
            var anchor = new AuditAnchor(head.Id, head.Hash.Trim(), AuditChain.Truncate(clock.GetUtcNow().UtcDateTime), kind, Writer);
            if (kind == AuditAnchor.Periodic && written == (anchor.Id, anchor.Hash)) return anchor;
            key ??= KeyFile.ReadOrCreate(KeyPath(options.DataDir), KeyLength);
            await AppendAsync(FilePath(options.DataDir), anchor.Line(key) + "\n", ct);
            written = (anchor.Id, anchor.Hash);
            return anchor;
        }
        finally
        {
            writing.Release();
        }
    }

    /// <summary><see cref="AnchorAsync"/> for the server's own schedule: a failure is logged, never thrown into start-up or shutdown.</summary>
    public async Task TryAnchorAsync(string kind, CancellationToken ct)
    {
        try
        {
            await AnchorAsync(kind, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "审计日志锚点写入失败（{Kind}）：{Message}。请检查数据目录 {DataDir} 是否可写。", kind, e.Message, options.DataDir);
        }
    }

    public void Dispose() => writing.Dispose();

    /// <summary>A command-line verb's last step: the head as it left it, when it appended rows.</summary>
    public async Task AnchorIfWrittenAsync(CancellationToken ct)
    {
        if (HasUnanchoredRows) await TryAnchorAsync(AuditAnchor.Cli, ct);
    }

    /// <summary>
    /// One write of the whole line, under an exclusive lock on the file (FileShare.None is an flock on Linux),
    /// so that servers sharing the data directory never write at the same offset. The lock is held for
    /// microseconds; a writer that finds it taken tries again shortly.
    /// </summary>
    static async Task AppendAsync(string path, string line, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = Encoding.UTF8.GetBytes(line);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var f = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None);
                await f.WriteAsync(bytes, ct);
                f.Flush(flushToDisk: true);
                return;
            }
            catch (IOException) when (attempt < 100)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), ct);
            }
        }
    }
}

/// <summary>
/// One anchor line: "linli-anchor-v1 ID HASH TIME KIND WRITER MAC", fields separated by one space, the
/// time in UTC to the microsecond, MAC the hex HMAC-SHA256 of everything before its space.
/// </summary>
public sealed record AuditAnchor(long Id, string Hash, DateTime TimeUtc, string Kind, string Writer)
{
    public const string Version = "linli-anchor-v1";
    public const string Start = "start", Stop = "stop", Periodic = "minute", Cli = "cli";

    public string Content => string.Join(' ', Version, Id.ToString(CultureInfo.InvariantCulture), Hash,
        TimeUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture), Kind, Writer);

    public string Line(byte[] key) => $"{Content} {Mac(key, Content)}";

    public static string Mac(byte[] key, string content) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(content)));

    /// <summary>What the verifier says of the moment: "启动时" for a start anchor, and so on.</summary>
    public string KindLabel => Kind switch { Start => "启动时", Stop => "停止时", Periodic => "运行中", Cli => "命令行", _ => Kind };

    /// <summary>The line's anchor and its MAC, or null when the line is not of this shape.</summary>
    public static (AuditAnchor Anchor, string Content, string Mac)? Parse(string line)
    {
        var f = line.Split(' ');
        if (f.Length != 7 || f[0] != Version) return null;
        if (!long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1) return null;
        if (f[2].Length != 64 || f[6].Length != 64) return null;
        if (!DateTime.TryParseExact(f[3], "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)) return null;
        var anchor = new AuditAnchor(id, f[2], time, f[4], f[5]);
        return (anchor, line[..line.LastIndexOf(' ')], f[6]);
    }
}

/// <summary>The server's schedule of anchors: at start-up, every minute in which rows were written, at shutdown.</summary>
sealed class AuditAnchorService(AuditAnchors anchors, TimeProvider clock) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await anchors.TryAnchorAsync(AuditAnchor.Start, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(AuditAnchors.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                if (anchors.HasUnanchoredRows) await anchors.TryAnchorAsync(AuditAnchor.Periodic, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await anchors.TryAnchorAsync(AuditAnchor.Stop, cancellationToken);
    }
}
