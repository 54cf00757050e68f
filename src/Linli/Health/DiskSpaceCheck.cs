using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linli.Health;

/// <summary>
/// Free space on the file system that holds the data directory (not “/”: the data often sits on a disk of its
/// own). Too little is under 1 GB and under a tenth of the disk; little is under 5 GB and under a fifth.
/// </summary>
sealed class DiskSpaceCheck(LinliOptions options) : IHealthCheck
{
    const long GB = 1024L * 1024 * 1024;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        // The directory itself, or the nearest one above it that exists (before the first start).
        var dir = Path.GetFullPath(options.DataDir);
        while (!Directory.Exists(dir) && Path.GetDirectoryName(dir) is { } parent) dir = parent;
        // On Linux and macOS a DriveInfo of any path asks statvfs about the file system that holds it.
        var drive = new DriveInfo(dir);
        var (free, size) = (drive.AvailableFreeSpace, drive.TotalSize);
        var where = $"数据目录所在的磁盘（{dir}）";
        var left = free >= GB ? $"{free / (double)GB:F1} GB" : $"{free / 1024.0 / 1024:F0} MB";
        var share = size > 0 ? (double)free / size : 1;
        var percent = $"{share * 100:F0}%";
        var data = new Dictionary<string, object> { ["freeBytes"] = free, ["totalBytes"] = size };
        if (free < GB && share < 0.10)
            return Task.FromResult(HealthCheckResult.Unhealthy($"{where}只剩 {left} 可用空间（{percent}）；再少下去数据库就无法写入。请清理或扩容。", data: data));
        if (free < 5 * GB && share < 0.20)
            return Task.FromResult(HealthCheckResult.Degraded($"{where}剩余 {left}（{percent}），建议清理或扩容。", data: data));
        return Task.FromResult(HealthCheckResult.Healthy($"{where}剩余 {left}（{percent}）。", data: data));
    }
}
