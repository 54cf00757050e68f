using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry.Import;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Linli.Features.Cases;

/// <summary>
/// The ledgers the departments want back, generated from the cases: 信访调解记录 (mediation and grievances, in the columns
/// of the paper register) and the 12345 工单 ledger. For the community's leads, who see the content; every export audited.
/// </summary>
public sealed class CaseLedgers(LinliDb db, AuditLog audit, TimeProvider clock)
{
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string> { ["mediation"] = "信访调解记录", ["12345"] = "12345工单台账" };

    static readonly string[] MediationColumns = ["序号", "编号", "纠纷类别", "受理时间", "调解人员", "有无调解协议", "纠纷概况", "当事人概况", "调处结果", "跟踪反馈"];
    static readonly string[] OrderColumns = ["序号", "工单号", "本社区编号", "受理时间", "来电人", "诉求", "承办人", "办理期限", "状态", "答复", "回访结果"];

    public async Task<int> WriteAsync(UserArea area, string ledger, Stream output, CancellationToken ct)
    {
        var grids = area.GridsWhere(Permissions.Cases.Lead);
        var kinds = ledger == "12345" ? new[] { CaseType.Hotline12345 } : [CaseType.Mediation, CaseType.Grievance];
        var cases = await db.Set<Case>().AsNoTracking().Where(c => EF.Parameter(grids).Contains(c.GridId) && kinds.Contains(c.Kind) && c.State != CaseState.Merged)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Take(20_000).ToListAsync(ct);
        var ids = cases.Select(c => c.Id).ToList();
        var owners = await db.Users.AsNoTracking().Where(u => cases.Select(c => c.OwnerId).Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var parties = (await db.Set<CaseParty>().AsNoTracking().Where(p => ids.Contains(p.CaseId)).ToListAsync(ct)).ToLookup(p => p.CaseId);
        var zone = clock.LocalTimeZone;
        string Day(DateTime? t) => t is { } d ? zone.LocalOf(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
        var columns = ledger == "12345" ? OrderColumns : MediationColumns;
        var rows = new List<Dictionary<string, object?>> { columns.Select((c, i) => (Key(i), (object?)c)).ToDictionary() };
        var n = 0;
        foreach (var c in cases)
        {
            var owner = c.OwnerId is { } o ? owners.GetValueOrDefault(o) : null;
            var followUp = c.FollowUpSolved switch { true => "已解决" + (c.FollowUpNote is null ? "" : "：" + c.FollowUpNote), false => "未解决" + (c.FollowUpNote is null ? "" : "：" + c.FollowUpNote), _ => "" };
            string?[] values = ledger == "12345"
                ? [(++n).ToString(CultureInfo.InvariantCulture), c.ExternalNumber, c.Reference, Day(c.CreatedAt), c.CallerName, c.Content, owner, Day(c.DueAt?.AddTicks(-1)), CaseClock.StateWord(c.State), c.Answer, followUp]
                : [(++n).ToString(CultureInfo.InvariantCulture), c.Reference, CaseType.NameOf(c.Kind), Day(c.AcceptedAt ?? c.CreatedAt), owner,
                    c.Kind == CaseType.Mediation ? c.AgreementReached switch { true => "有", false => "无", _ => "" } : "",
                    c.Content, parties[c.Id].Any() ? string.Join("；", parties[c.Id].Select(p => $"{p.Side}：{p.Name}{(p.Note is null ? "" : "（" + p.Note + "）")}")) : c.CallerName,
                    c.State == CaseState.Terminated ? "终止调解" : c.Answer, followUp];
            rows.Add(values.Select((v, i) => (Key(i), (object?)RosterExport.Inert(v))).ToDictionary());
        }
        await output.SaveAsAsync(rows, printHeader: false, sheetName: Titles[ledger], excelType: ExcelType.XLSX,
            configuration: new OpenXmlConfiguration { AutoFilter = false, FreezeRowCount = 1, EnableWriteNullValueCell = false }, cancellationToken: ct);
        await audit.WriteAsync(AuditActions.Export, null, null, $"导出{Titles[ledger]}（{cases.Count}条）", ct: ct);
        return cases.Count;
    }

    static string Key(int column) => ((char)('A' + column)).ToString();
}
