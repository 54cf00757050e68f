using Linli.Data;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// Brings the words already stored in 民族, 文化程度, 政治面貌 and 婚姻状况 to the code tables' words (汉 → 汉族,
/// 党员 → 中共党员, 大学专科 → 大专), once, after the tables came in; says which stored words no table knows, with how
/// many residents hold each, for someone to correct by hand. `linli registry map-codes [--dry-run]`.
/// </summary>
public sealed class CodeMapping(LinliDb db, AuditLog audit)
{
    public sealed record Change(string Field, string From, string To, int Residents);
    public sealed record Unknown(string Field, string Value, int Residents);
    public sealed record Result(IReadOnlyList<Change> Changes, IReadOnlyList<Unknown> Unknowns);

    public async Task<Result> RunAsync(bool dryRun, CancellationToken ct)
    {
        var changes = new List<Change>();
        var unknowns = new List<Unknown>();
        async Task Field(string name, CodeTable table, System.Linq.Expressions.Expression<Func<Resident, string?>> field)
        {
            var counts = await db.Residents.Where(Expressions.NotNull(field)).GroupBy(field).Select(g => new { Value = g.Key!, N = g.Count() }).ToListAsync(ct);
            foreach (var c in counts.OrderByDescending(c => c.N))
            {
                if (table.WordOf(c.Value) is not { } word) unknowns.Add(new Unknown(name, c.Value, c.N));
                else if (word != c.Value) changes.Add(new Change(name, c.Value, word, c.N));
            }
        }
        await Field("民族", CodeTables.Ethnicity, r => r.Ethnicity);
        await Field("文化程度", CodeTables.Education, r => r.Education);
        await Field("政治面貌", CodeTables.PoliticalStatus, r => r.PoliticalStatus);
        await Field("婚姻状况", CodeTables.MaritalStatus, r => r.MaritalStatus);
        if (dryRun || changes.Count == 0) return new Result(changes, unknowns);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var c in changes)
        {
            var (from, to) = (c.From, c.To);
            // The version moves with the value, so a form or an ETag read before the mapping is not saved over it.
            _ = c.Field switch
            {
                "民族" => await db.Residents.Where(r => r.Ethnicity == from).ExecuteUpdateAsync(s => s.SetProperty(r => r.Ethnicity, to).SetProperty(r => r.Version, r => r.Version + 1), ct),
                "文化程度" => await db.Residents.Where(r => r.Education == from).ExecuteUpdateAsync(s => s.SetProperty(r => r.Education, to).SetProperty(r => r.Version, r => r.Version + 1), ct),
                "政治面貌" => await db.Residents.Where(r => r.PoliticalStatus == from).ExecuteUpdateAsync(s => s.SetProperty(r => r.PoliticalStatus, to).SetProperty(r => r.Version, r => r.Version + 1), ct),
                _ => await db.Residents.Where(r => r.MaritalStatus == from).ExecuteUpdateAsync(s => s.SetProperty(r => r.MaritalStatus, to).SetProperty(r => r.Version, r => r.Version + 1), ct),
            };
        }
        await audit.WriteAsync(db, AuditActions.Write, null, null,
            $"按国家标准代码表统一已登记的值：{string.Join("；", changes.Select(c => $"{c.Field}“{c.From}”→“{c.To}”{c.Residents}人"))}", ct: ct);
        await tx.CommitAsync(ct);
        return new Result(changes, unknowns);
    }

    static class Expressions
    {
        public static System.Linq.Expressions.Expression<Func<Resident, bool>> NotNull(System.Linq.Expressions.Expression<Func<Resident, string?>> field) =>
            System.Linq.Expressions.Expression.Lambda<Func<Resident, bool>>(
                System.Linq.Expressions.Expression.NotEqual(field.Body, System.Linq.Expressions.Expression.Constant(null, typeof(string))), field.Parameters);
    }
}
