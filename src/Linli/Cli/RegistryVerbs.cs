using Linli.Data;
using Linli.Features.Audit;
using Linli.Features.Registry;

namespace Linli.Cli;

/// <summary>`linli registry map-codes [--dry-run]`: the stored 民族/文化程度/政治面貌/婚姻状况 words brought to the national code tables, with what could not be.</summary>
static class RegistryVerbs
{
    public static VerbCommand Command()
    {
        var dryRun = Args.Flag("--dry-run", "只列出会改什么、哪些值对不上，不写入");
        var map = new VerbCommand("map-codes", "把已登记的民族、文化程度、政治面貌、婚姻状况统一为国家标准代码表中的写法（如 汉→汉族、党员→中共党员、大学专科→大专），并列出对不上的值") { dryRun };
        map.Run = run => MapCodesAsync(run, run.Has(dryRun));
        return new VerbCommand("registry", "人口登记的维护：map-codes 按国家标准代码表统一已登记的值") { map };
    }

    static async Task<int> MapCodesAsync(VerbRun run, bool dryRun)
    {
        if (!await run.DatabaseReadyAsync()) return 1;
        var result = await new CodeMapping(run.Get<LinliDb>(), run.Get<AuditLog>()).RunAsync(dryRun, run.Ct);
        var o = run.Output;
        if (result.Changes.Count == 0) await o.WriteLineAsync("已登记的值都已是代码表中的写法，没有要改的。");
        else
        {
            await o.WriteLineAsync(dryRun ? "试运行，将要修改：" : "已修改：");
            foreach (var c in result.Changes) await o.WriteLineAsync($"  {c.Field}：“{c.From}” → “{c.To}”  {c.Residents} 人");
        }
        if (result.Unknowns.Count > 0)
        {
            await o.WriteLineAsync("对不上代码表的值（没有修改，请在居民页面逐个改正）：");
            foreach (var u in result.Unknowns) await o.WriteLineAsync($"  {u.Field}：“{u.Value}”  {u.Residents} 人");
        }
        if (dryRun) await o.WriteLineAsync("试运行：数据库没有改动。");
        return Verbs.Done;
    }
}
