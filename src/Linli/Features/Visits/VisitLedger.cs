using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Features.Registry.Import;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// 走访情况记录, the ledger departments ask for, generated from the visits of a grid or a community over a period: one
/// row a visit, the phone masked, the content of a visit to a person with a sensitive label left out for a reader
/// without that grant. The page prints it on A4 landscape; <see cref="WriteXlsxAsync"/> gives the same rows as xlsx.
/// </summary>
public sealed class VisitLedger(LinliDb db, VisitReader reader)
{
    public const int MaxRows = 5000;
    public static readonly string[] Columns = ["序号", "时间", "被访者", "住址", "电话", "走访者", "方式", "反映的问题和建议", "家庭基本情况", "采取的措施", "处理结果"];

    public sealed record Row(int No, string When, string Visited, string Address, string? Phone, string Visitor, string Method, string? Problems,
        string? Family, string? Measures, string? Result, bool Hidden);

    public sealed record Result(OrgUnit Unit, DateOnly From, DateOnly To, IReadOnlyList<Row> Rows, bool Cut);

    /// <summary>Null when the unit is not a grid or community where the user reads visits.</summary>
    public async Task<Result?> ForAsync(UserArea area, long unitId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == unitId && o.Kind != OrgUnitKind.Street, ct);
        if (unit is null || !area.HasIn(Permissions.Visits.Read, unit)) return null;
        var grids = unit.Kind == OrgUnitKind.Grid ? [unit.Id]
            : await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == unit.Id && o.Kind == OrgUnitKind.Grid).Select(o => o.Id).ToListAsync(ct);
        var visits = await reader.InScope(area).Where(v => grids.Contains(v.GridId) && v.Date >= from && v.Date <= to)
            .OrderBy(v => v.Date).ThenBy(v => v.Time).ThenBy(v => v.Id).Take(MaxRows + 1).ToListAsync(ct);
        var cut = visits.Count > MaxRows;
        var views = await reader.ViewsAsync(area, visits.Take(MaxRows).ToList(), ct);
        var residentIds = views.Where(v => v.ResidentId != null).Select(v => v.ResidentId!.Value).Distinct().ToList();
        var householdIds = views.Where(v => v.HouseholdId != null).Select(v => v.HouseholdId!.Value).Distinct().ToList();
        var phones = await db.Residents.AsNoTracking().Where(r => residentIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.PhoneMasked, ct);
        var heads = await db.Households.AsNoTracking().Where(h => householdIds.Contains(h.Id))
            .Select(h => new { h.Id, h.DwellingId, Head = db.Residents.Where(r => r.Id == h.HeadId).Select(r => new { r.Name, r.PhoneMasked }).FirstOrDefault() })
            .ToDictionaryAsync(h => h.Id, ct);
        var dwellingIds = heads.Values.Where(h => h.DwellingId != null).Select(h => h.DwellingId!.Value).Distinct().ToList();
        var addresses = await db.Dwellings.AsNoTracking().Where(d => dwellingIds.Contains(d.Id))
            .Join(db.Buildings, d => d.BuildingId, b => b.Id, (d, b) => new { d.Id, b.Name, d.Unit, d.Room })
            .ToDictionaryAsync(x => x.Id, x => RegistryText.Address(x.Name, x.Unit, x.Room), ct);
        var rows = views.Select((v, i) =>
        {
            var h = v.HouseholdId is { } hid ? heads.GetValueOrDefault(hid) : null;
            var c = v.Content;
            return new Row(i + 1, $"{v.Date:yyyy-MM-dd}{(v.Time is { } t ? " " + t.ToString("HH:mm", CultureInfo.InvariantCulture) : "")}",
                v.ResidentName ?? (h?.Head is { } head ? $"{head.Name}户" : $"户号{v.HouseholdNumber}"),
                h?.DwellingId is { } d ? addresses.GetValueOrDefault(d) ?? "" : "",
                v.ResidentId is { } rid ? phones.GetValueOrDefault(rid) : h?.Head?.PhoneMasked,
                v.VisitorName, VisitText.Of(v.Method),
                c is null ? null : string.Join("；", new[] { c.Difficulties, c.Requests }.OfType<string>()) is { Length: > 0 } p ? p : null,
                c?.FamilySituation, c?.Measures, c?.Result, c is null);
        }).ToList();
        return new Result(unit, from, to, rows, cut);
    }

    public static async Task WriteXlsxAsync(Result ledger, string unitPath, Stream output, CancellationToken ct)
    {
        static string Key(int i) => ((char)('A' + i)).ToString();
        Dictionary<string, object?> Line(string text)
        {
            var row = Columns.Select((_, i) => Key(i)).ToDictionary(k => k, _ => (object?)null);
            row[Key(0)] = text;
            return row;
        }
        var rows = new List<Dictionary<string, object?>>
        {
            Line($"{ledger.Unit.Name}走访情况记录"),
            Line($"填报单位：{unitPath}　期间：{ledger.From:yyyy-MM-dd} 至 {ledger.To:yyyy-MM-dd}　共 {ledger.Rows.Count} 次走访（电话已脱敏）"),
            Columns.Select((c, i) => (Key(i), (object?)c)).ToDictionary(x => x.Item1, x => x.Item2),
        };
        foreach (var r in ledger.Rows)
        {
            string?[] values = [r.No.ToString(CultureInfo.InvariantCulture), r.When, r.Visited, r.Address, r.Phone, r.Visitor, r.Method,
                r.Hidden ? "（内容不公开）" : r.Problems, r.Family, r.Measures, r.Result];
            rows.Add(values.Select((v, i) => (Key(i), (object?)RosterExport.Inert(v))).ToDictionary(x => x.Item1, x => x.Item2));
        }
        var config = new OpenXmlConfiguration { AutoFilter = false, FreezeRowCount = 3, EnableWriteNullValueCell = false };
        await output.SaveAsAsync(rows, printHeader: false, sheetName: "走访情况记录", excelType: ExcelType.XLSX, configuration: config, cancellationToken: ct);
    }
}
