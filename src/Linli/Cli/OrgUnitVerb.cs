using Linli.Data;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Cli;

/// <summary>`linli orgunit list [ORGUNIT]`: the tree with codes, so that scripts can name units.</summary>
static class OrgUnitVerb
{
    public static VerbCommand Command()
    {
        var unit = Args.Word("ORGUNIT", "只列出这个单元和它下面的单元：代码（CGJD-XFL）或从街道开始的名称路径（城关街道/幸福里社区）", optional: true);
        var list = new VerbCommand("list", "列出街道 → 社区 → 网格的树和各单元的代码") { unit };
        list.Run = run => ListAsync(run, run.Value(unit));
        return new VerbCommand("orgunit", "列出组织单元（街道/社区/网格）及其代码；ORGUNIT 可写代码或“城关街道/幸福里社区”") { list };
    }

    static async Task<int> ListAsync(VerbRun run, string? reference)
    {
        var (output, errors, ct) = (run.Output, run.Errors, run.Ct);
        if (!await run.DatabaseReadyAsync()) return 1;
        var db = run.Get<LinliDb>();
        var prefix = "/";
        if (reference is not null)
        {
            var unit = await OrgUnitTree.ResolveAsync(db, reference, ct);
            if (unit is null)
            {
                await errors.WriteLineAsync($"找不到组织单元“{reference}”。可以写它的代码，或从街道开始的名称路径，如 城关街道/幸福里社区/第三居民组。");
                return 1;
            }
            prefix = unit.Path;
        }
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.Path.StartsWith(prefix)).ToListAsync(ct);
        var byParent = units.ToLookup(u => u.ParentId);
        var roots = units.Where(u => u.ParentId is null || units.All(p => p.Id != u.ParentId)).OrderBy(u => u.SortOrder);
        void Write(OrgUnit u, int depth)
        {
            output.WriteLine($"{new string(' ', depth * 2)}{u.Name}  [{u.Code}]");
            foreach (var c in byParent[u.Id].OrderBy(c => c.SortOrder).ThenBy(c => c.Name)) Write(c, depth + 1);
        }
        foreach (var r in roots) Write(r, 0);
        return 0;
    }
}
