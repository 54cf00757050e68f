using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry.Exports;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Ledgers;

/// <summary>
/// A generated ledger as xlsx, audited. Full ID and phone numbers only under the registry's 导出审批: the user's own approved
/// request (完整身份证号和电话) over the ledger's unit or a unit above it, used up by this one download, as a roster export's is.
/// </summary>
public sealed class LedgerDownloads(LinliDb db, LedgerGenerator generator, AuditLog audit, TimeProvider clock)
{
    public sealed record File(byte[] Content, string FileName, int Rows);

    public async Task<LedgerOutcome<File>> XlsxAsync(UserArea area, LedgerTemplateView template, OrgUnit unit, DateOnly month, long? approvalId, CancellationToken ct)
    {
        var full = false;
        if (approvalId is { } id)
        {
            var claim = await ClaimAsync(area, unit, id, ct);
            if (claim is not null) return new(null, LedgerRefusal.Invalid, claim);
            full = true;
        }
        var generated = await generator.GenerateAsync(area, template, unit, month, full, ct);
        if (generated.Value is not { } sheet) return new(null, generated.Refusal, generated.Message);
        var bytes = await LedgerXlsx.WriteAsync(sheet, area.DisplayName, clock.Today(), ct);
        await audit.WriteAsync(AuditActions.Export, approvalId is { } a ? AuditTarget.ExportRequest(a) : null, unit.Id,
            $"导出台账《{template.Name}》：{unit.Name}，{LedgerCatalog.PeriodName(template.Cycle, sheet.From)}，{sheet.Rows.Count} 行，{(full ? "完整身份证号和电话（按导出申请）" : "号码已脱敏")}", ct: ct);
        return new(new File(bytes, $"{sheet.Title}.xlsx", sheet.Rows.Count));
    }

    /// <summary>Uses up the approval; null when it was good, else why not.</summary>
    async Task<string?> ClaimAsync(UserArea area, OrgUnit unit, long id, CancellationToken ct)
    {
        var found = await db.ExportRequests.AsNoTracking().Where(r => r.Id == id && r.RequesterId == area.UserId)
            .Join(db.OrgUnits, r => r.OrgUnitId, o => o.Id, (r, o) => new { Request = r, o.Path }).FirstOrDefaultAsync(ct);
        if (found is null || !unit.Path.StartsWith(found.Path, StringComparison.Ordinal)) return $"找不到你对 {unit.Name} 的导出申请 #{id}。";
        if (!found.Request.Unmasked) return $"导出申请 #{id} 没有申请完整身份证号和电话。";
        var now = clock.GetUtcNow().UtcDateTime;
        if (found.Request.StateAt(now) != ExportRequestState.Approved) return $"导出申请 #{id}{ExportApprovals.StateText(found.Request.StateAt(now))}，不能用于导出完整号码。";
        var validFrom = now - ExportRequest.ApprovalValidity;
        var claimed = await db.ExportRequests.Where(r => r.Id == id && r.State == ExportRequestState.Approved && r.DecidedUtc > validFrom)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ExportRequestState.Used).SetProperty(r => r.UsedUtc, now), ct);
        return claimed == 0 ? $"导出申请 #{id} 已经用过或已过期。" : null;
    }
}
