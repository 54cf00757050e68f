using Linli.Data;
using Linli.Features.Audit;

namespace Linli.Cli;

/// <summary>`linli audit verify`: walks the audit log's hash chain and says where it breaks.</summary>
static class AuditVerbs
{
    public static async Task<int> RunAsync(LinliOptions options, List<string> words, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (words.FirstOrDefault() != "verify")
        {
            await errors.WriteLineAsync("用法：linli audit verify");
            return 2;
        }
        await using var scope = await CliScope.OpenAsync(options, errors, ct);
        if (scope is null) return 1;
        var db = scope.Get<LinliDb>();
        var verdict = await AuditChain.VerifyAsync(db, ct);
        var guarded = await AuditChain.AppendOnlyGuardsInPlaceAsync(db, ct);
        if (verdict.Intact)
        {
            if (verdict.Rows == 0) await output.WriteLineAsync("审计日志还没有记录。");
            else
            {
                await output.WriteLineAsync($"审计日志完整：共 {verdict.Rows} 行，第 1 行到第 {verdict.Rows} 行的哈希链没有断裂。");
                await output.WriteLineAsync($"最后一行的哈希：{verdict.LastHash}（可抄录保存在别处，日后核对日志没有被整体重写）");
            }
        }
        else
        {
            await errors.WriteLineAsync($"审计日志在第 {verdict.BrokenId} 行断裂：{verdict.Reason}");
            await errors.WriteLineAsync(verdict.Rows == 0 ? "没有完好的行。" : $"第 1 行到第 {verdict.Rows} 行完好。");
        }
        if (!guarded)
            await errors.WriteLineAsync("注意：数据库中禁止修改和删除审计日志的触发器不见了或被停用。请查明是谁、为什么这样做，再按 README“审计日志”一节重新创建。");
        return verdict.Intact && guarded ? 0 : 1;
    }
}
