using System.Globalization;
using Linli.Data;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Linli.Features.Registry.Import;

/// <summary>
/// Writes a grid's or community's roster (residents 在册) as xlsx in the layout the import reads: a title,
/// a 填报单位 line, the header, one row per resident grouped by household, head first. ID and phone are masked
/// unless <c>reveal</c> is asked for, and sensitive tags are left out unless <c>sensitiveLabels</c> is: only a door
/// that audits it and holds a second person's approval may ask for either (<see cref="Exports.ExportApprovals"/>).
/// Texts that begin with = + - @ get a leading ' so that no spreadsheet runs them; the import drops it again.
/// </summary>
public sealed class RosterExport(LinliDb db, FieldCipher cipher, TimeProvider clock)
{
    public sealed record Result(int Residents, int Households);

    /// <summary>The columns, in the order written; the import finds each by these names.</summary>
    public static readonly string[] Columns =
        ["序号", "网格", "户号", "姓名", "与户主关系", "性别", "民族", "出生日期", "公民身份号码", "联系电话", "现住址", "户籍类别", "文化程度", "政治面貌", "婚姻状况", "人员类别", "备注"];

    public Task<Result> WriteAsync(OrgUnit unit, Stream output, bool reveal, CancellationToken ct) =>
        WriteAsync(unit, output, reveal, sensitiveLabels: false, ct);

    public Task<Result> WriteAsync(OrgUnit unit, Stream output, bool reveal, bool sensitiveLabels, CancellationToken ct) =>
        WriteAsync(unit, output, reveal, sensitiveLabels, only: null, title: null, ct);

    /// <param name="only">A list's residents (<see cref="ResidentList"/>): the roster holds only these, whatever their status; null for the unit's 在册 residents.</param>
    /// <param name="title">The list's filter in words, written under the title.</param>
    public async Task<Result> WriteAsync(OrgUnit unit, Stream output, bool reveal, bool sensitiveLabels, IQueryable<long>? only, string? title, CancellationToken ct)
    {
        // Grids in the order the office lists them: community by community, each by its sort order.
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.Path.StartsWith(unit.Path)).ToListAsync(ct);
        var children = units.ToLookup(o => o.ParentId);
        var grids = new List<OrgUnit>();
        void Walk(OrgUnit u)
        {
            if (u.Kind == OrgUnitKind.Grid) grids.Add(u);
            foreach (var c in children[u.Id].OrderBy(c => c.SortOrder).ThenBy(c => c.Name, StringComparer.Ordinal)) Walk(c);
        }
        Walk(units.Single(o => o.Id == unit.Id));
        var gridIds = grids.Select(g => g.Id).ToList();
        var gridOrder = grids.Select((g, i) => (g.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var gridNames = grids.ToDictionary(g => g.Id, g => g.Name);

        var residents = await (only is null
                ? db.Residents.AsNoTracking().Where(r => gridIds.Contains(r.GridId) && r.Status == ResidentStatus.Active)
                : db.Residents.AsNoTracking().Where(r => gridIds.Contains(r.GridId) && only.Contains(r.Id)))
            .ToListAsync(ct);
        var households = await db.Households.AsNoTracking().Where(h => gridIds.Contains(h.GridId))
            .Select(h => new { h.Id, h.Number, h.DwellingId, h.HeadId }).ToDictionaryAsync(h => h.Id, ct);
        var addresses = await db.Dwellings.AsNoTracking().Where(d => gridIds.Contains(d.GridId))
            .Join(db.Buildings, d => d.BuildingId, b => b.Id, (d, b) => new { d.Id, b.Name, d.Unit, d.Room })
            .ToDictionaryAsync(d => d.Id, d => new AddressParser.Place(d.Name, d.Unit, d.Room).ToString(), ct);
        var tagNames = await db.ResidentTags.AsNoTracking().Where(rt => gridIds.Contains(rt.GridId))
            .Join(db.Tags.Where(t => sensitiveLabels || !t.IsSensitive), rt => rt.TagId, t => t.Id, (rt, t) => new { rt.ResidentId, t.Name, t.Id })
            .ToListAsync(ct);
        var tagsOf = tagNames.OrderBy(t => t.Id).ToLookup(t => t.ResidentId, t => t.Name);

        var ordered = residents
            .OrderBy(r => gridOrder[r.GridId])
            .ThenBy(r => r.HouseholdId is { } h && households.TryGetValue(h, out var hh) ? hh.Number : "\uffff", StringComparer.Ordinal)
            .ThenBy(r => r.HouseholdId)
            .ThenBy(r => r.HouseholdId is { } h && households.TryGetValue(h, out var hh) && hh.HeadId == r.Id ? 0 : 1)
            .ThenBy(r => r.RelationToHead)
            .ThenBy(r => r.BirthDate)
            .ThenBy(r => r.Id)
            .ToList();

        var path = await OrgUnitTree.PathOfNamesAsync(db, unit, ct);
        var today = clock.GetLocalNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, object?>>(ordered.Count + 3)
        {
            Line(title is null ? $"{unit.Name}居民花名册" : $"{unit.Name}居民名单（{title}）"),
            Line($"填报单位：{path}　导出日期：{today}　共 {ordered.Count} 人" 
                + (reveal ? "（含完整身份证号、联系电话，请妥善保管）" : "（身份证号、联系电话已脱敏）") + (sensitiveLabels ? "（含敏感标签）" : "")),
            Columns.Select((c, i) => (Key: Key(i), Value: (object?)c)).ToDictionary(x => x.Key, x => x.Value),
        };
        var number = 0;
        foreach (var r in ordered)
        {
            var household = r.HouseholdId is { } hid && households.TryGetValue(hid, out var h) ? h : null;
            string?[] values =
            [
                (++number).ToString(CultureInfo.InvariantCulture),
                gridNames[r.GridId],
                household?.Number,
                r.Name,
                RosterValues.NameOf(r.RelationToHead),
                RosterValues.NameOf(r.Gender),
                r.Ethnicity,
                r.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                reveal && r.NationalIdCipher is { } id ? cipher.Decrypt(id) : r.NationalIdMasked,
                reveal && r.PhoneCipher is { } phone ? cipher.Decrypt(phone) : r.PhoneMasked,
                household?.DwellingId is { } d && addresses.TryGetValue(d, out var address) ? address : null,
                RosterValues.NameOf(r.ResidenceKind),
                r.Education,
                r.PoliticalStatus,
                r.MaritalStatus,
                string.Join("、", tagsOf[r.Id]),
                r.Notes,
            ];
            var row = new Dictionary<string, object?>(values.Length);
            for (var i = 0; i < values.Length; i++) row[Key(i)] = Inert(values[i]);
            rows.Add(row);
        }

        var config = new OpenXmlConfiguration { AutoFilter = false, FreezeRowCount = 3, EnableWriteNullValueCell = false };
        await output.SaveAsAsync(rows, printHeader: false, sheetName: "花名册", excelType: ExcelType.XLSX, configuration: config, cancellationToken: ct);
        return new Result(ordered.Count, ordered.Where(r => r.HouseholdId is not null).Select(r => r.HouseholdId).Distinct().Count());
    }

    static string Key(int column) => ((char)('A' + column)).ToString();

    static Dictionary<string, object?> Line(string text)
    {
        var row = Columns.Select((_, i) => Key(i)).ToDictionary(k => k, _ => (object?)null);
        row[Key(0)] = text;
        return row;
    }

    /// <summary>=1+2 is written '=1+2: shown as text by every spreadsheet, and read back as =1+2 by the import.</summary>
    public static string? Inert(string? text) =>
        text is { Length: > 0 } && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;
}
