using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>
/// What benefits offer a roster of people (one row per resident, issue 16): the benefits the person's household holds on
/// the ledger's last day (享受救助, e.g. "低保、高龄津贴") and their monthly sum in 元 (月救助金额). A benefit counts from
/// its 起始年月 until it ends; an application still in progress counts nothing. Benefit status is sensitive: the fields
/// need <c>benefits.read</c> where the person lives, and a row outside those grids gets nothing.
/// </summary>
public sealed class BenefitPersonLedgerFields(LinliDb db) : ILedgerFields
{
    public static readonly LedgerField Kinds = new("benefits.person-kinds", "享受救助", LedgerSubjects.Resident, LedgerValueKind.Text,
        ["享受救助", "救助情况", "享受政策"], Permissions.Benefits.Read);
    public static readonly LedgerField Amount = new("benefits.person-amount", "月救助金额", LedgerSubjects.Resident, LedgerValueKind.Money,
        ["月救助金额", "享受金额"], Permissions.Benefits.Read);

    public IReadOnlyList<LedgerField> Fields { get; } = [Kinds, Amount];

    public async Task<IReadOnlyDictionary<long, object?[]>> ValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, IReadOnlyCollection<long> rowIds, CancellationToken ct)
    {
        var result = new Dictionary<long, object?[]>();
        if (fields.Count == 0 || rowIds.Count == 0) return result;
        var grids = await LedgerUnits.GridsAsync(db, scope, Permissions.Benefits.Read, ct);
        var ids = rowIds.ToArray();
        var day = scope.To;
        var people = await db.Residents.AsNoTracking().Where(r => EF.Parameter(ids).Contains(r.Id) && EF.Parameter(grids).Contains(r.GridId))
            .Select(r => new { r.Id, r.HouseholdId }).ToListAsync(ct);
        var households = people.Where(p => p.HouseholdId != null).Select(p => p.HouseholdId!.Value).Distinct().ToArray();
        var held = (await db.Set<BenefitApplication>().AsNoTracking()
                .Where(a => EF.Parameter(households).Contains(a.HouseholdId) && (a.State == BenefitState.Granted || a.State == BenefitState.Ended)
                            && a.StartMonth != null && a.StartMonth <= day && (a.EndedOn == null || a.EndedOn > day))
                .Select(a => new { a.HouseholdId, a.Kind, a.MonthlyAmount }).ToListAsync(ct))
            .ToLookup(a => a.HouseholdId);
        foreach (var p in people)
        {
            var benefits = p.HouseholdId is { } household ? held[household].ToList() : [];
            result[p.Id] = fields.Select(f => f.Key switch
            {
                "benefits.person-kinds" => benefits.Count == 0 ? null : string.Join("、", benefits.Select(b => BenefitKind.NameOf(b.Kind)).Distinct()),
                "benefits.person-amount" => benefits.Count == 0 ? null : (object?)benefits.Sum(b => b.MonthlyAmount ?? 0m),
                _ => null,
            }).ToArray();
        }
        return result;
    }
}
