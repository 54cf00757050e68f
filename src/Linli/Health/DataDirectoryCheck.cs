using Linli.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linli.Health;

/// <summary>The data directory exists and takes a write (a file written, flushed to disk, and removed).</summary>
sealed class DataDirectoryCheck(LinliOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var dir = Path.GetFullPath(options.DataDir);
        if (!Directory.Exists(dir)) return HealthCheckResult.Degraded($"数据目录 {dir} 还不存在；首次运行 linli serve 时会创建它。");
        var probe = Path.Combine(dir, $".linli-probe-{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough))
            {
                await file.WriteAsync("linli"u8.ToArray(), ct);
                file.Flush(flushToDisk: true);
            }
            return HealthCheckResult.Healthy($"数据目录 {dir} 存在，可以写入。");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"数据目录 {dir} 无法写入：{StorageErrors.Explain(e) ?? e.Message}");
        }
        finally
        {
            try { File.Delete(probe); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
