using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Linli.Bench;

/// <summary>
/// Linli's real server as its own process (`linli serve` on a loopback port), so that its memory is its own
/// and nothing of the benchmark's client or generator runs inside it. Peak memory is the kernel's VmHWM.
/// </summary>
sealed class ServerProcess : IAsyncDisposable
{
    readonly Process process;
    readonly TextWriter? keep;
    public Uri BaseAddress { get; }

    ServerProcess(Process process, TextWriter? keep, Uri baseAddress)
    {
        this.process = process;
        this.keep = keep;
        BaseAddress = baseAddress;
    }

    public static async Task<ServerProcess> StartAsync(string dataDir, string? postgres, TextWriter log, CancellationToken ct)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "linli.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("linli.dll is not beside the benchmark; build bench/Linli.Bench in Release", dll);
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "serve", "--data", dataDir, "--urls", url }) start.ArgumentList.Add(a);
        if (postgres is not null)
        {
            start.ArgumentList.Add("--db");
            start.ArgumentList.Add(postgres);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start linli serve");
        var errors = new List<string>();
        // LINLI_BENCH_SERVER_LOG=FILE keeps everything the server wrote, for looking into a slow figure.
        var keep = Environment.GetEnvironmentVariable("LINLI_BENCH_SERVER_LOG") is { Length: > 0 } file ? TextWriter.Synchronized(new StreamWriter(file, append: true) { AutoFlush = true }) : null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            keep?.WriteLine(line);
            if (line.Contains("fail", StringComparison.Ordinal) || line.Contains("crit", StringComparison.Ordinal)) lock (errors) errors.Add(line);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (errors) errors.Add(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, keep, new Uri(url));
        using var probe = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited) throw new InvalidOperationException("linli serve stopped: " + string.Join('\n', errors));
            try
            {
                if ((await probe.GetAsync("/readyz", ct)).StatusCode == HttpStatusCode.OK)
                {
                    await log.WriteLineAsync($"    服务器已启动：{url}（{waited.Elapsed.TotalSeconds:F1} s）");
                    server.Errors = errors;
                    return server;
                }
            }
            catch (HttpRequestException) { }
            // A probe that takes longer than its 5 s (a starting server on a busy machine) is tried again, not fatal.
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(200, ct);
        }
        await server.DisposeAsync();
        throw new TimeoutException("linli serve did not become ready in 2 minutes");
    }

    /// <summary>Lines the server wrote to standard error or logged as fail/crit.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>Peak resident memory of the server process so far, in MB (Linux VmHWM).</summary>
    public double PeakMemoryMb() => StatusKb("VmHWM:") / 1024.0;

    public double CurrentMemoryMb() => StatusKb("VmRSS:") / 1024.0;

    /// <summary>
    /// What the resident memory is made of now (Linux /proc/PID/status), in MB: anonymous (the GC heap, native
    /// allocations such as SQLite's page caches, thread stacks), file-backed (the mapped assemblies and native
    /// libraries, clean pages) and shared (the runtime's double-mapped JIT code and stubs, memfd:doublemapper).
    /// </summary>
    public MemoryParts CurrentMemoryParts() => new(StatusKb("RssAnon:") / 1024.0, StatusKb("RssFile:") / 1024.0, StatusKb("RssShmem:") / 1024.0);

    public sealed record MemoryParts(double AnonMb, double FileMb, double SharedMb)
    {
        public override string ToString() => $"匿名 {AnonMb:F0} MB + 文件映射 {FileMb:F0} MB + 共享（JIT 代码）{SharedMb:F0} MB";
    }

    /// <summary>Starts the peak over from the current size (Linux: 5 written to /proc/PID/clear_refs resets VmHWM).</summary>
    public void ResetPeakMemory() => File.WriteAllText($"/proc/{process.Id}/clear_refs", "5");

    long StatusKb(string field)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        if (keep is not null) await keep.DisposeAsync();
    }
}
