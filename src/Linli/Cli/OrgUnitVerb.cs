using Linli.Data;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Cli;

/// <summary>`linli orgunit list [ORGUNIT]`: the tree with codes, so that scripts can name units.</summary>
static class OrgUnitVerb
{
    public static async Task<int> RunAsync(LinliOptions options, List<string> words, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (words.FirstOrDefault() != "list")
        {
            await errors.WriteLineAsync("用法：linli orgunit list [ORGUNIT]");
            return 2;
        }
        await using var db = DatabaseTarget.From(options).CreateContext();
        var prefix = "/";
        if (words.ElementAtOrDefault(1) is { } reference)
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
