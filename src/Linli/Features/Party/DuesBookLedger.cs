using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>
/// The 党费收支 register through the ledger module (ledger-layouts.txt <c>dfszsyqk</c>: 缴纳党费, 党费返还 收入, 上级下拨 收入 …,
/// 可用党费累计数): one row per month's collected dues and per entry of the account, in order, with the balances running from
/// the first entry ever (so a year's register opens with what was carried over). For a community: a grid has no dues account.
/// </summary>
public sealed class PartyDuesBookLedgerRows(LinliDb db) : ILedgerRows
{
    public string Subject => PartyLedgerSubjects.DuesFlow;
    public string Name => "党费收支";
    public string Permission => Permissions.Party.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        if (await PartyLedgerScope.CommunityAsync(db, scope, ct) is not { } c || c.Grid is not null) return [];
        var book = await new DuesBookReader(db).ReadAsync(null, c.Community, scope.To, ct);
        return book.Lines.Where(l => l.Date >= scope.From).Select(l => l.RowId).ToList();
    }
}

public sealed class PartyDuesBookLedgerFields(LinliDb db) : ILedgerFields
{
    static LedgerField F(string key, string name, LedgerValueKind kind, params string[] words) => new("party." + key, name, PartyLedgerSubjects.DuesFlow, kind, words, Permissions.Party.Read);

    public IReadOnlyList<LedgerField> Fields { get; } =
    [
        F("flow-date", "收支日期", LedgerValueKind.Date, "日期", "收支日期"),
        F("flow-summary", "收支摘要", LedgerValueKind.Text, "摘要", "事由"),
        F("flow-collected", "缴纳党费收入", LedgerValueKind.Money, "缴纳党费", "收缴党费"),
        F("flow-refund", "党费返还收入", LedgerValueKind.Money, "党费返还 收入", "党费返还收入"),
        F("flow-allocated", "上级下拨收入", LedgerValueKind.Money, "上级下拔 收入", "上级下拨 收入", "上级下拨收入"),
        F("flow-remitted", "上缴党费", LedgerValueKind.Money, "上缴党费", "上缴"),
        F("flow-spent", "党费支出", LedgerValueKind.Money, "党费支出", "支出"),
        F("flow-purpose", "支出用途", LedgerValueKind.Text, "用途", "支出用途"),
        F("flow-to-remit", "待上缴党费", LedgerValueKind.Money, "待上缴", "未上缴"),
        F("flow-available", "可用党费累计数", LedgerValueKind.Money, "可用党费累计数", "可用党费", "结余"),
        F("flow-handler", "收支经手人", LedgerValueKind.Text, "经手人", "记账人"),
    ];

    public async Task<IReadOnlyDictionary<long, object?[]>> ValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, IReadOnlyCollection<long> rowIds, CancellationToken ct)
    {
        var result = new Dictionary<long, object?[]>();
        if (fields.Count == 0 || rowIds.Count == 0) return result;
        if (await PartyLedgerScope.CommunityAsync(db, scope, ct) is not { } c || c.Grid is not null) return result;
        var wanted = rowIds.ToHashSet();
        var book = await new DuesBookReader(db).ReadAsync(null, c.Community, scope.To, ct);
        foreach (var l in book.Lines.Where(l => wanted.Contains(l.RowId)))
            result[l.RowId] = fields.Select(f => (object?)(f.Key switch
            {
                "party.flow-date" => l.Date, "party.flow-summary" => l.Summary,
                "party.flow-collected" => Money(l.Collected), "party.flow-refund" => Money(l.Refunded), "party.flow-allocated" => Money(l.Allocated),
                "party.flow-remitted" => Money(l.Remitted), "party.flow-spent" => Money(l.Spent), "party.flow-purpose" => l.Purpose,
                "party.flow-to-remit" => l.ToRemit, "party.flow-available" => l.Available, "party.flow-handler" => l.Handler,
                _ => null,
            })).ToArray();
        return result;
    }

    /// <summary>An empty cell rather than 0.00 in the columns a line does not touch, as the paper book is kept.</summary>
    static decimal? Money(decimal d) => d == 0 ? null : d;
}
