using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// What visits offer ledgers (issue 16): a person's last visit (最近走访日期, 走访人) for any roster, and the visits
/// themselves as rows of 走访情况记录. What was found on a visit to someone with a sensitive label is filled only where
/// the user may see that label, as on the visit's own page.
/// </summary>
public sealed class VisitLedgerFields(LinliDb db) : ILedgerFields
{
    public const string Subject = "visit";
    public static readonly LedgerField LastDate = new("visits.last-date", "最近走访日期", LedgerSubjects.Resident, LedgerValueKind.Date, ["最近走访日期", "走访日期", "最近走访"], Permissions.Visits.Read);
    public static readonly LedgerField LastVisitor = new("visits.last-visitor", "走访人", LedgerSubjects.Resident, LedgerValueKind.Text, ["走访人", "走访人员"], Permissions.Visits.Read);
    public static readonly LedgerField Date = new("visits.date", "走访日期", Subject, LedgerValueKind.Date, ["走访日期", "日期", "时间"], Permissions.Visits.Read);
    public static readonly LedgerField Visitor = new("visits.visitor", "走访人员", Subject, LedgerValueKind.Text, ["走访人员", "走访人"], Permissions.Visits.Read);
    public static readonly LedgerField Person = new("visits.person", "走访对象", Subject, LedgerValueKind.Text, ["走访对象", "姓名", "对象姓名"], Permissions.Visits.Read);
    public static readonly LedgerField Method = new("visits.method", "走访方式", Subject, LedgerValueKind.Text, ["走访方式", "方式"], Permissions.Visits.Read);
    public static readonly LedgerField Situation = new("visits.situation", "家庭情况", Subject, LedgerValueKind.Text, ["家庭情况", "基本情况", "走访情况"], Permissions.Visits.Read);
    public static readonly LedgerField Requests = new("visits.requests", "诉求与建议", Subject, LedgerValueKind.Text, ["诉求与建议", "诉求", "困难诉求"], Permissions.Visits.Read);
    public static readonly LedgerField Measures = new("visits.measures", "采取措施", Subject, LedgerValueKind.Text, ["采取措施", "措施"], Permissions.Visits.Read);
    public static readonly LedgerField Result = new("visits.result", "处理结果", Subject, LedgerValueKind.Text, ["处理结果", "结果"], Permissions.Visits.Read);

    public IReadOnlyList<LedgerField> Fields { get; } = [LastDate, LastVisitor, Date, Visitor, Person, Method, Situation, Requests, Measures, Result];

    public async Task<IReadOnlyDictionary<long, object?[]>> ValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, IReadOnlyCollection<long> rowIds, CancellationToken ct)
    {
        var result = new Dictionary<long, object?[]>();
        if (fields.Count == 0 || rowIds.Count == 0) return result;
        var grids = await LedgerUnits.GridsAsync(db, scope, Permissions.Visits.Read, ct);
        var ids = rowIds.ToArray();
        if (fields[0].Subject == LedgerSubjects.Resident)
        {
            var to = scope.To;
            var last = await db.Set<Visit>().AsNoTracking()
                .Where(v => v.ResidentId != null && EF.Parameter(ids).Contains(v.ResidentId.Value) && EF.Parameter(grids).Contains(v.GridId) && v.Date <= to)
                .Select(v => new { ResidentId = v.ResidentId!.Value, v.Date, v.Id, v.VisitorName }).ToListAsync(ct);
            foreach (var g in last.GroupBy(v => v.ResidentId))
            {
                var v = g.OrderByDescending(x => x.Date).ThenByDescending(x => x.Id).First();
                result[g.Key] = fields.Select(f => f.Key == LastDate.Key ? (object?)v.Date : f.Key == LastVisitor.Key ? v.VisitorName : null).ToArray();
            }
            foreach (var id in ids) result.TryAdd(id, new object?[fields.Count]);
            return result;
        }
        var visits = await db.Set<Visit>().AsNoTracking().Where(v => EF.Parameter(ids).Contains(v.Id) && EF.Parameter(grids).Contains(v.GridId)).ToListAsync(ct);
        var people = visits.Where(v => v.ResidentId is not null).Select(v => v.ResidentId!.Value).Distinct().ToArray();
        var names = await db.Residents.AsNoTracking().Where(r => EF.Parameter(people).Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        foreach (var v in visits)
        {
            var content = !v.IsSensitive || scope.Area.HasInGrid(Permissions.Registry.Sensitive, v.GridId);
            result[v.Id] = fields.Select(f => f.Key switch
            {
                "visits.date" => (object?)v.Date,
                "visits.visitor" => v.VisitorName + (v.Companions is { Length: > 0 } c ? "、" + c : ""),
                "visits.person" => v.ResidentId is { } r ? names.GetValueOrDefault(r) : null,
                "visits.method" => VisitText.Of(v.Method),
                "visits.situation" => content ? v.FamilySituation : null,
                "visits.requests" => content ? v.Requests : null,
                "visits.measures" => content ? v.Measures : null,
                "visits.result" => content ? v.Result : null,
                _ => null,
            }).ToArray();
        }
        return result;
    }
}

/// <summary>The visits of the period in the unit, by date, as rows of 走访情况记录.</summary>
public sealed class VisitLedgerRows(LinliDb db) : ILedgerRows
{
    public string Subject => VisitLedgerFields.Subject;
    public string Name => "走访记录";
    public string Permission => Permissions.Visits.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        var grids = await LedgerUnits.GridsAsync(db, scope, Permission, ct);
        var (from, to) = (scope.From, scope.To);
        return await db.Set<Visit>().AsNoTracking().Where(v => EF.Parameter(grids).Contains(v.GridId) && v.Date >= from && v.Date <= to)
            .OrderBy(v => v.Date).ThenBy(v => v.Id).Select(v => v.Id).ToListAsync(ct);
    }
}

/// <summary>走访情况记录, monthly.</summary>
public sealed class VisitLedgerDeclarations : ILedgerDeclarations
{
    public IReadOnlyList<LedgerDeclaration> Ledgers { get; } =
    [
        new("visits.record", "民政", "走访情况记录", "monthly", 5, VisitLedgerFields.Subject, LedgerFilter.None,
        [
            new("走访日期", VisitLedgerFields.Date.Key), new("走访对象", VisitLedgerFields.Person.Key), new("走访人员", VisitLedgerFields.Visitor.Key),
            new("走访方式", VisitLedgerFields.Method.Key), new("家庭情况", VisitLedgerFields.Situation.Key), new("诉求与建议", VisitLedgerFields.Requests.Key),
            new("采取措施", VisitLedgerFields.Measures.Key), new("处理结果", VisitLedgerFields.Result.Key), new("备注", null),
        ]),
    ];
}
