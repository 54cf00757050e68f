using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Ledgers;

/// <summary>One column of a generated ledger: its heading and the field that fills it, or none for a typed column.</summary>
public sealed record LedgerSheetColumn(string Heading, LedgerField? Field)
{
    public bool Typed => Field is null;
}

/// <summary>One row: the subject's row id (a resident, a household, a visit …) and its cells as text.</summary>
public sealed record LedgerSheetRow(long RowId, string?[] Cells);

/// <summary>A ledger generated for a unit and a period: fields filled, typed columns as the office last saved them.</summary>
public sealed record LedgerSheet(LedgerTemplateView Template, OrgUnit Unit, DateOnly From, DateOnly To, IReadOnlyList<LedgerSheetColumn> Columns,
    IReadOnlyList<LedgerSheetRow> Rows, bool FullNumbers)
{
    public string Title => $"{Unit.Name}{Template.Name}（{LedgerCatalog.PeriodName(Template.Cycle, From)}）";
    /// <summary>Non-empty cells the fields filled.</summary>
    public int FieldCells => Count(c => !c.Typed);
    /// <summary>Non-empty cells typed by hand.</summary>
    public int TypedCells => Count(c => c.Typed);

    int Count(Func<LedgerSheetColumn, bool> which)
    {
        var n = 0;
        for (var c = 0; c < Columns.Count; c++)
            if (which(Columns[c])) n += Rows.Count(r => r.Cells[c] is { Length: > 0 });
        return n;
    }
}

public enum LedgerRefusal { None, NotFound, Forbidden, Invalid }

public sealed record LedgerOutcome<T>(T? Value, LedgerRefusal Refusal = LedgerRefusal.None, string? Message = null)
{
    public bool Ok => Refusal == LedgerRefusal.None;
}

/// <summary>
/// Generates a ledger in one step: the rows from the subject's module and the filter, each field's values from the module
/// that offers it, typed columns from the office's draft. Refused when a field needs a grant the user lacks where the
/// ledger is for; numbers masked unless <paramref name="fullNumbers"/> (an approved export, checked by the caller).
/// </summary>
public sealed class LedgerGenerator(LinliDb db, LedgerCatalog catalog)
{
    public const int MaxRows = 20_000;

    /// <summary>The unit (a community or a grid) when the user may work ledgers there; null otherwise (404).</summary>
    public async Task<OrgUnit?> UnitAsync(UserArea area, long unitId, CancellationToken ct)
    {
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == unitId, ct);
        if (unit is null || unit.Kind == OrgUnitKind.Street) return null;
        return area.HasIn(Permissions.Ledgers.Fill, unit) || area.HasIn(Permissions.Ledgers.Review, unit) ? unit : null;
    }

    public async Task<LedgerOutcome<LedgerSheet>> GenerateAsync(UserArea area, LedgerTemplateView template, OrgUnit unit, DateOnly month, bool fullNumbers, CancellationToken ct)
    {
        if (catalog.RowsOf(template.Subject) is not { } rowSource)
            return new(null, LedgerRefusal.Invalid, UiText.Shared["台账“{0}”的数据来源（{1}）所在模块未启用，无法生成。", template.Name, template.Subject]);
        if (!area.HasIn(rowSource.Permission, unit)) return new(null, LedgerRefusal.NotFound, "找不到该单位，或它不在你的管辖范围内。");
        var columns = template.Columns.Select(c => new LedgerSheetColumn(c.Heading, c.FieldKey is { } k ? catalog.Field(k) : null)).ToList();
        foreach (var c in columns.Where(c => c.Field?.Grant is { } g && !area.HasIn(g, unit)))
            return new(null, LedgerRefusal.Forbidden, UiText.Shared["台账“{0}”含有“{1}”，你的角色在{2}无权查看这一项，不能生成。请由有权限的人员生成。", template.Name, c.Heading, unit.Name]);

        var (from, to) = LedgerCatalog.PeriodOf(template.Cycle, month);
        var scope = new LedgerScope(area, unit.Id, from, to, fullNumbers);
        var ids = (await rowSource.RowIdsAsync(scope, template.Filter, ct)).Take(MaxRows).ToList();
        var cells = ids.ToDictionary(id => id, _ => new string?[columns.Count]);

        // Each module fills its own fields of the subject, many rows at once.
        var groups = columns.Select((c, i) => (c, i)).Where(x => x.c.Field is { } f && f.Subject == template.Subject)
            .GroupBy(x => catalog.SourceOf(x.c.Field!.Key)!);
        foreach (var group in groups)
        {
            var list = group.ToList();
            var wanted = list.Select(x => x.c.Field!).ToList();
            for (var start = 0; start < ids.Count; start += 2_000)
            {
                var chunk = ids.Skip(start).Take(2_000).ToList();
                var values = await group.Key.ValuesAsync(scope, wanted, chunk, ct);
                foreach (var (rowId, row) in values)
                    if (cells.TryGetValue(rowId, out var target))
                        for (var k = 0; k < list.Count; k++) target[list[k].i] = Format(row.Length > k ? row[k] : null, wanted[k].Kind);
            }
        }

        var draft = await DraftAsync(template.Key, unit.Id, from, ct);
        for (var c = 0; c < columns.Count; c++)
        {
            if (!columns[c].Typed) continue;
            foreach (var id in ids)
                if (draft.TryGetValue(id, out var typed) && typed.TryGetValue(c, out var text)) cells[id][c] = text;
        }
        return new(new LedgerSheet(template, unit, from, to, columns, ids.Select(id => new LedgerSheetRow(id, cells[id])).ToList(), fullNumbers));
    }

    public async Task<Dictionary<long, Dictionary<int, string>>> DraftAsync(string key, long unitId, DateOnly from, CancellationToken ct)
    {
        var json = await db.Set<LedgerDraft>().AsNoTracking().Where(d => d.TemplateKey == key && d.UnitId == unitId && d.PeriodFrom == from)
            .Select(d => d.TypedJson).FirstOrDefaultAsync(ct);
        return json is null ? [] : LedgerCatalog.FromJson<Dictionary<long, Dictionary<int, string>>>(json) ?? [];
    }

    /// <summary>Keeps what was typed into a ledger's typed columns (row id → column → text; an empty text clears the cell).</summary>
    public async Task SaveDraftAsync(UserArea area, LedgerSheet sheet, IReadOnlyDictionary<long, Dictionary<int, string>> typed, DateTime nowUtc, CancellationToken ct)
    {
        var draft = await db.Set<LedgerDraft>().FirstOrDefaultAsync(d => d.TemplateKey == sheet.Template.Key && d.UnitId == sheet.Unit.Id && d.PeriodFrom == sheet.From, ct);
        var current = draft is null ? [] : LedgerCatalog.FromJson<Dictionary<long, Dictionary<int, string>>>(draft.TypedJson) ?? [];
        var rowIds = sheet.Rows.Select(r => r.RowId).ToHashSet();
        foreach (var (rowId, byColumn) in typed)
        {
            if (!rowIds.Contains(rowId)) continue;
            var row = current.TryGetValue(rowId, out var r) ? r : current[rowId] = [];
            foreach (var (c, text) in byColumn)
            {
                if (c < 0 || c >= sheet.Columns.Count || !sheet.Columns[c].Typed) continue;
                if (text.Trim() is { Length: > 0 } t) row[c] = t.Length > 500 ? t[..500] : t;
                else row.Remove(c);
            }
            if (row.Count == 0) current.Remove(rowId);
        }
        if (draft is null)
        {
            draft = new LedgerDraft { TemplateKey = sheet.Template.Key, UnitId = sheet.Unit.Id, PeriodFrom = sheet.From, TypedJson = "{}" };
            db.Add(draft);
        }
        draft.TypedJson = LedgerCatalog.ToJson(current);
        draft.UpdatedById = area.UserId;
        draft.UpdatedUtc = nowUtc;
        await db.SaveChangesAsync(ct);
        foreach (var row in sheet.Rows)
            for (var c = 0; c < sheet.Columns.Count; c++)
                if (sheet.Columns[c].Typed) row.Cells[c] = current.TryGetValue(row.RowId, out var x) && x.TryGetValue(c, out var v) ? v : null;
    }

    public static string? Format(object? value, LedgerValueKind kind) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        DateOnly d when kind == LedgerValueKind.YearMonth => d.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t when kind == LedgerValueKind.Date => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(kind == LedgerValueKind.DateTime ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m when kind == LedgerValueKind.Money => m.ToString("0.00", CultureInfo.InvariantCulture),
        decimal m when kind == LedgerValueKind.Amount => m.ToString("0.##", CultureInfo.InvariantCulture),
        double m when kind == LedgerValueKind.Money => m.ToString("0.00", CultureInfo.InvariantCulture),
        double m when kind == LedgerValueKind.Amount => m.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
