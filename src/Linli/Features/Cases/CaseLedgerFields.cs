using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// What cases offer ledgers (issue 16): mediation and grievance cases as rows of 信访调解记录, in the paper register's
/// columns. Their content is for the community's leads (cases.lead), as in <see cref="CaseLedgers"/>.
/// </summary>
public sealed class CaseLedgerFields(LinliDb db, TimeProvider clock) : ILedgerFields
{
    public const string Subject = "case";
    const string G = Permissions.Cases.Lead;
    public static readonly LedgerField Reference = new("cases.reference", "编号", Subject, LedgerValueKind.Text, ["编号", "案件编号"], G);
    public static readonly LedgerField Kind = new("cases.kind", "纠纷类别", Subject, LedgerValueKind.Text, ["纠纷类别", "类别", "类型"], G);
    public static readonly LedgerField Accepted = new("cases.accepted", "受理时间", Subject, LedgerValueKind.Date, ["受理时间", "受理日期", "登记日期"], G);
    public static readonly LedgerField Handler = new("cases.handler", "调解人员", Subject, LedgerValueKind.Text, ["调解人员", "调解人", "承办人"], G);
    public static readonly LedgerField Agreement = new("cases.agreement", "有无调解协议", Subject, LedgerValueKind.Text, ["有无调解协议", "调解协议"], G);
    public static readonly LedgerField Content = new("cases.content", "纠纷概况", Subject, LedgerValueKind.Text, ["纠纷概况", "事由", "事 由", "诉求"], G);
    public static readonly LedgerField Parties = new("cases.parties", "当事人概况", Subject, LedgerValueKind.Text, ["当事人概况", "当事人"], G);
    public static readonly LedgerField Result = new("cases.result", "调处结果", Subject, LedgerValueKind.Text, ["调处结果", "处理结果"], G);
    public static readonly LedgerField FollowUp = new("cases.follow-up", "跟踪反馈", Subject, LedgerValueKind.Text, ["跟踪反馈", "回访结果"], G);

    public IReadOnlyList<LedgerField> Fields { get; } = [Reference, Kind, Accepted, Handler, Agreement, Content, Parties, Result, FollowUp];

    public async Task<IReadOnlyDictionary<long, object?[]>> ValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, IReadOnlyCollection<long> rowIds, CancellationToken ct)
    {
        var result = new Dictionary<long, object?[]>();
        if (fields.Count == 0 || rowIds.Count == 0) return result;
        var grids = await LedgerUnits.GridsAsync(db, scope, G, ct);
        var ids = rowIds.ToArray();
        var cases = await db.Set<Case>().AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.Id) && EF.Parameter(grids).Contains(c.GridId)).ToListAsync(ct);
        var owners = cases.Where(c => c.OwnerId is not null).Select(c => c.OwnerId!.Value).Distinct().ToArray();
        var names = await db.Users.AsNoTracking().Where(u => owners.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var found = cases.Select(c => c.Id).ToArray();
        var parties = (await db.Set<CaseParty>().AsNoTracking().Where(p => found.Contains(p.CaseId)).ToListAsync(ct)).ToLookup(p => p.CaseId);
        var zone = clock.LocalTimeZone;
        foreach (var c in cases)
        {
            var accepted = zone.LocalDateOf(c.AcceptedAt ?? c.CreatedAt);
            result[c.Id] = fields.Select(f => f.Key switch
            {
                "cases.reference" => (object?)c.Reference,
                "cases.kind" => CaseType.NameOf(c.Kind),
                "cases.accepted" => accepted,
                "cases.handler" => c.OwnerId is { } o ? names.GetValueOrDefault(o) : null,
                "cases.agreement" => c.Kind == CaseType.Mediation ? c.AgreementReached switch { true => "有", false => "无", _ => null } : null,
                "cases.content" => c.Content,
                "cases.parties" => parties[c.Id].Any() ? string.Join("；", parties[c.Id].Select(p => $"{p.Side}：{p.Name}{(p.Note is null ? "" : "（" + p.Note + "）")}")) : c.CallerName,
                "cases.result" => c.State == CaseState.Terminated ? "终止调解" : c.Answer,
                "cases.follow-up" => c.FollowUpSolved switch { true => "已解决", false => "未解决", _ => null } is { } s ? s + (c.FollowUpNote is null ? "" : "：" + c.FollowUpNote) : null,
                _ => null,
            }).ToArray();
        }
        return result;
    }
}

/// <summary>The mediation and grievance cases registered in the period in the unit, by date.</summary>
public sealed class CaseLedgerRows(LinliDb db, TimeProvider clock) : ILedgerRows
{
    public string Subject => CaseLedgerFields.Subject;
    public string Name => "调解信访事件";
    public string Permission => Permissions.Cases.Lead;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        var grids = await LedgerUnits.GridsAsync(db, scope, Permission, ct);
        var kinds = filter.Kinds is { Count: > 0 } k ? k.ToArray() : [CaseType.Mediation, CaseType.Grievance];
        var zone = clock.LocalTimeZone;
        var from = zone.UtcStartOf(scope.From);
        var to = zone.UtcStartOf(scope.To.AddDays(1));
        return await db.Set<Case>().AsNoTracking()
            .Where(c => EF.Parameter(grids).Contains(c.GridId) && kinds.Contains(c.Kind) && c.State != CaseState.Merged && c.CreatedAt >= from && c.CreatedAt < to)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
    }
}

/// <summary>信访调解记录, monthly.</summary>
public sealed class CaseLedgerDeclarations : ILedgerDeclarations
{
    public IReadOnlyList<LedgerDeclaration> Ledgers { get; } =
    [
        new("cases.mediation", "综治", "信访调解记录", "monthly", 5, CaseLedgerFields.Subject, LedgerFilter.None,
            new[] { CaseLedgerFields.Reference, CaseLedgerFields.Kind, CaseLedgerFields.Accepted, CaseLedgerFields.Handler, CaseLedgerFields.Agreement, CaseLedgerFields.Content, CaseLedgerFields.Parties, CaseLedgerFields.Result, CaseLedgerFields.FollowUp }.Select(f => new LedgerColumn(f.Name, f.Key)).ToList()),
    ];
}
