using Linli.Data;
using Linli.Features.Audit;

namespace Linli.Cli;

/// <summary>
/// `linli audit verify [--anchors FILE]`: walks the audit log's hash chain and says where it breaks, then
/// checks the anchors kept outside the database, which show newest rows cut off or a rewritten chain.
/// </summary>
static class AuditVerbs
{
    /// <summary>The exit codes `linli help audit` documents.</summary>
    public const int Intact = 0, ChainBroken = 1, BadCommandLine = 2, AnchorsDisagree = 3;

    public static VerbCommand Command()
    {
        var anchors = Args.Text("--anchors", "FILE", "核对这份锚点文件（保存在别处的副本），而不是 数据目录/audit/anchors.log");
        var verify = new VerbCommand("verify", "核对审计日志的哈希链和锚点") { anchors };
        verify.Run = run => VerifyAsync(run, run.Value(anchors));
        return new VerbCommand("audit", "逐行核对审计日志的哈希链，再核对保存在数据库之外的锚点（默认 数据目录/audit/anchors.log，--anchors 指向保存在别处的副本），"
            + "看末尾的行有没有被整批删除、整条链有没有被重写。退出码：0 完好；1 哈希链断裂，或禁止修改审计日志的触发器不见了；"
            + "2 用法有误或 --anchors 指定的文件不存在；3 锚点对不上（锚定的行不见了或哈希不同，或锚点行的校验码不对）") { verify };
    }

    static async Task<int> VerifyAsync(VerbRun run, string? anchorsFile)
    {
        var (options, output, errors, ct) = (run.Options, run.Output, run.Errors, run.Ct);
        var anchorsPath = anchorsFile ?? AuditAnchors.FilePath(options.DataDir);
        if (anchorsFile is not null && !File.Exists(anchorsPath))
        {
            await errors.WriteLineAsync($"找不到锚点文件“{anchorsPath}”。");
            return BadCommandLine;
        }
        if (!await run.DatabaseReadyAsync()) return ChainBroken;
        var db = run.Get<LinliDb>();
        // The anchors first, then the database: see AuditAnchorCheck.
        var anchors = await AuditAnchorCheck.ReadAsync(anchorsPath, options.DataDir, ct);
        var verdict = await AuditChain.VerifyAsync(db, ct);
        var guarded = await AuditChain.AppendOnlyGuardsInPlaceAsync(db, ct);
        await anchors.CompareAsync(db, ct);
        if (verdict.Intact)
        {
            if (verdict.Rows == 0) { if (anchors.Anchors.Count == 0) await output.WriteLineAsync("审计日志还没有记录。"); }
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

        foreach (var problem in anchors.Problems) await errors.WriteLineAsync(problem);
        if (!anchors.Found)
        {
            if (verdict.Rows > 0)
                await output.WriteLineAsync($"没有锚点文件 {anchorsPath}：只核对了哈希链，末尾被整批删除的行看不出来。把各服务器的锚点文件定期复制到别处，用 --anchors 核对。");
        }
        else if (anchors.Problems.Count == 0)
        {
            var newest = anchors.Anchors.Select(a => a.Anchor).MaxBy(a => a.Id);
            await output.WriteLineAsync(newest is null
                ? $"锚点文件 {anchorsPath} 中还没有锚点。"
                : $"锚点核对无误：{anchorsPath} 中的 {anchors.Anchors.Count} 条锚点与数据库一致，最新一条锚定第 {newest.Id} 行。");
        }
        if (anchors.UnfinishedLastLine)
            await output.WriteLineAsync($"锚点文件 {anchorsPath} 的最后一行不完整（正在写入，或写入时中断），未核对。");

        if (!verdict.Intact || !guarded) return ChainBroken;
        return anchors.Problems.Count > 0 ? AnchorsDisagree : Intact;
    }
}
