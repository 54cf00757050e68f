using Linli.Data;
using Linli.Features.Audit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linli.Health;

/// <summary>A key file under keys/ (field.key, audit-anchor.key): present, of the right length, readable by its owner only (0600).</summary>
sealed class KeyFileCheck(string what, Func<string, string> pathIn, int length, string whenMissing, LinliOptions options) : IHealthCheck
{
    public static KeyFileCheck FieldKey(IServiceProvider services) => new("字段加密密钥", FieldCipher.KeyPath, 64,
        "首次写入身份证号时会生成。生成后请与数据库一起备份，丢失它就无法读出身份证号和电话。", services.GetRequiredService<LinliOptions>());

    public static KeyFileCheck AuditAnchorKey(IServiceProvider services) => new("审计锚点密钥", AuditAnchors.KeyPath, AuditAnchors.KeyLength,
        "首次写入审计锚点时会生成。多台服务器请复制同一个密钥。", services.GetRequiredService<LinliOptions>());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var (status, sentence) = Check(pathIn(Path.GetFullPath(options.DataDir)));
        return Task.FromResult(new HealthCheckResult(status, sentence));
    }

    (HealthStatus Status, string Sentence) Check(string path)
    {
        if (!File.Exists(path)) return (HealthStatus.Degraded, $"{what} {path} 还不存在；{whenMissing}");
        try
        {
            KeyFile.Read(path, length);
        }
        catch (InvalidDataException e) { return (HealthStatus.Unhealthy, e.Message); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (HealthStatus.Unhealthy, $"{what} {path} 无法读取：{StorageErrors.Explain(e) ?? e.Message}");
        }
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            var mode = File.GetUnixFileMode(path);
            if ((mode & others) != 0)
                return (HealthStatus.Unhealthy, $"{what} {path} 可被其他用户读取或改写（权限 {Convert.ToString((int)mode, 8)}）。请运行 chmod 600 {path}。");
        }
        return (HealthStatus.Healthy, $"{what} {path} 完好，仅所有者可读。");
    }
}
