using Linli.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linli.Cli;

/// <summary>
/// `linli doctor`: the server's own health checks (Health/, the same as /readyz asks, and the key files), each
/// said in plain words: 正常, 注意 (works, needs a look) or 错误 (exit 1).
/// </summary>
static class Doctor
{
    public static VerbCommand Command() =>
        new("doctor", "检查数据目录、数据库（能否打开、结构是否最新、能否写入）、密钥文件和磁盘空间，用平实的话说明问题；有错误时退出码为 1") { Run = RunAsync };

    static async Task<int> RunAsync(VerbRun run)
    {
        var output = run.Output;
        output.WriteLine("邻里 Linli 自检");
        output.WriteLine($"  正常  数据库配置：{run.Target.Describe()}；数据目录：{Path.GetFullPath(run.Options.DataDir)}。");
        var report = await run.Get<HealthCheckService>().CheckHealthAsync(run.Ct);
        var failures = 0;
        foreach (var (_, entry) in report.Entries)
        {
            var word = entry.Status switch { HealthStatus.Healthy => "正常", HealthStatus.Degraded => "注意", _ => "错误" };
            if (entry.Status == HealthStatus.Unhealthy) failures++;
            foreach (var sentence in (entry.Description ?? entry.Exception?.Message ?? "").Split('\n'))
                output.WriteLine($"  {word}  {sentence}");
        }
        output.WriteLine(failures == 0 ? "自检通过。" : $"发现 {failures} 个问题，请按上面的提示处理。");
        return failures == 0 ? 0 : 1;
    }
}
