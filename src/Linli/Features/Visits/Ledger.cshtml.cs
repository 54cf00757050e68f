using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>走访情况记录 of a grid or community for a period: on screen, printed on A4 landscape, or as xlsx (audited).</summary>
[Authorize(Policy = Permissions.Visits.Read)]
public sealed class LedgerModel(LinliDb db, CurrentUser me, VisitLedger ledger, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record UnitChoice(long Id, string Name);

    public IReadOnlyList<UnitChoice> Units { get; private set; } = [];
    public VisitLedger.Result? Ledger { get; private set; }
    public long? Unit { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public string Printed { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long? unit, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var result = await LoadAsync(unit, from, to, ct);
        return result is null && unit is not null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(long? unit, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (await LoadAsync(unit, from, to, ct) is not { } result) return NotFound();
        var path = await OrgUnitTree.PathOfNamesAsync(db, result.Unit, ct);
        var stream = new MemoryStream();
        await VisitLedger.WriteXlsxAsync(result, path, stream, ct);
        await audit.WriteAsync(AuditActions.Export, new AuditTarget(AuditTargets.OrgUnit, result.Unit.Id), result.Unit.Id,
            $"导出走访情况记录：{result.Unit.Name}，{result.From:yyyy-MM-dd} 至 {result.To:yyyy-MM-dd}，{result.Rows.Count} 行", ct: ct);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"走访情况记录-{result.Unit.Name}-{result.From:yyyyMMdd}-{result.To:yyyyMMdd}.xlsx");
    }

    async Task<VisitLedger.Result?> LoadAsync(long? unit, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var today = clock.Today();
        Printed = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To = to ?? today;
        From = from ?? new DateOnly(To.Year, To.Month, 1);
        if (From > To) (From, To) = (To, From);
        var grids = area.GridsWhere(Permissions.Visits.Read);
        var parents = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(grids).Contains(o.Id)).Select(o => o.ParentId).Distinct().ToListAsync(ct);
        Units = (await db.OrgUnits.AsNoTracking().Where(o => parents.Contains(o.Id) || EF.Parameter(grids).Contains(o.Id))
                .OrderBy(o => o.Path).Select(o => new { o.Id, o.Name, o.Kind, o.ParentId }).ToListAsync(ct))
            .Where(o => o.Kind == OrgUnitKind.Grid || area.UnitsWhere(Permissions.Visits.Read).Any(u => u.Kind != OrgUnitKind.Grid))
            .Select(o => new UnitChoice(o.Id, o.Name)).Take(200).ToList();
        Unit = unit ?? (Units.Count > 0 ? Units[0].Id : null);
        if (Unit is not { } id) return null;
        return Ledger = await ledger.ForAsync(area, id, From, To, ct);
    }
}
