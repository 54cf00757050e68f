using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry.Import;

/// <summary>
/// A field in which a roster row says something else than the resident it duplicates already holds (numbers masked):
/// offered on the preview with a tick box, applied only when ticked. <see cref="Version"/> is the record's version the
/// preview saw: the update is made only onto that version.
/// </summary>
public sealed record ImportDifference(int Row, string? Sheet, long ResidentId, int Version, string Field, string? Stored, string? Roster)
{
    /// <summary>What the page's tick box sends back: resident, version and field.</summary>
    public string Choice => $"{ResidentId}:{Version}:{Field}";

    /// <summary>Lays the roster's value of this field over the resident's form (the full number, not the masked one shown).</summary>
    internal Action<ResidentEditor.Form>? Apply { get; init; }

    /// <summary>The roster row, for the API's updateExisting: the differences are found again under the write lock, against the record as it is then.</summary>
    internal RosterRow? Source { get; init; }
}

/// <summary>A field of a registered resident the user ticked to be updated from the roster, onto the version the preview showed.</summary>
public sealed record ImportUpdate(long ResidentId, int Version, string Field)
{
    /// <summary>"4711:3:联系电话" → the update; null for anything else.</summary>
    public static ImportUpdate? Parse(string? choice)
    {
        var parts = choice?.Split(':', 3);
        return parts is { Length: 3 } && long.TryParse(parts[0], out var id) && int.TryParse(parts[1], out var version) && parts[2].Length > 0
            ? new ImportUpdate(id, version, parts[2]) : null;
    }
}

/// <summary>
/// "Update the existing records from this roster": the differences between duplicate rows and the residents they are,
/// and the ticked ones applied through the registry's own editor (history row per change, search keys, counts, audit),
/// inside the import's transaction.
/// </summary>
static class ImportUpdates
{
    const int Chunk = 500;

    /// <summary>
    /// The fields in which each row that is an already registered resident differs from the record. A field the roster
    /// leaves empty is no difference (an import never erases); a masked number in the roster is none either.
    /// </summary>
    public static async Task FindAsync(LinliDb db, FieldCipher cipher, List<RosterRow> rows, ImportReport report, CancellationToken ct)
    {
        var matched = rows.Where(r => r.ExistingResidentId is not null && !r.HasError).ToList();
        if (matched.Count == 0) return;
        var residents = new Dictionary<long, Resident>();
        foreach (var chunk in matched.Select(r => r.ExistingResidentId!.Value).Distinct().Chunk(Chunk))
            foreach (var x in await db.Residents.AsNoTracking().Where(x => chunk.Contains(x.Id)).ToListAsync(ct))
                residents[x.Id] = x;
        foreach (var r in matched)
        {
            if (!residents.TryGetValue(r.ExistingResidentId!.Value, out var x)) continue;
            foreach (var (field, stored, roster, apply, _) in Differ(r, x, cipher))
                report.Differences.Add(new ImportDifference(r.Number, r.Sheet, x.Id, x.Version, field, stored, roster) { Apply = apply, Source = r });
        }
    }

    /// <summary>
    /// Each field in which the row differs from the record: as shown (numbers masked), laid over the editor's form (the
    /// page's tick boxes), and set on the record itself as the editor would store it (the API's updateExisting).
    /// </summary>
    static IEnumerable<(string Field, string? Stored, string? Roster, Action<ResidentEditor.Form> Apply, Action<Resident> Set)> Differ(RosterRow r, Resident x, FieldCipher cipher)
    {
        static bool SameText(string? stored, string roster) => TextElements.Clean(stored, multiline: true) == TextElements.Clean(roster, multiline: true);
        if (r.Name is { } name && !SameText(x.Name, name) && TextElements.Name(name).Name is { } cleanName)
            yield return ("姓名", x.Name, name, f => f.Name = name, y => y.Name = cleanName);
        if (r.Gender is { } g && g != x.Gender) yield return ("性别", RegistryText.Of(x.Gender), RegistryText.Of(g), f => f.Gender = g, y => y.Gender = g);
        if (r.BirthDate is { } b && b != x.BirthDate)
            yield return ("出生日期", x.BirthDate?.ToString("yyyy-MM-dd"), b.ToString("yyyy-MM-dd"), f => f.BirthDate = b, y => y.BirthDate = b);
        if (r.Ethnicity is { } e && !SameText(x.Ethnicity, e)) yield return ("民族", x.Ethnicity, e, f => f.Ethnicity = e, y => y.Ethnicity = TextElements.Clean(e));
        if (r.Phone is { } p && (x.PhoneHash is null || !cipher.Hash(p).AsSpan().SequenceEqual(x.PhoneHash)))
            yield return ("联系电话", x.PhoneMasked, PhoneNumber.Mask(p), f => f.Phone = p,
                y => (y.PhoneCipher, y.PhoneHash, y.PhoneMasked) = (cipher.Encrypt(p), cipher.Hash(p), PhoneNumber.Mask(p)));
        if (r.Header.Has(RosterColumn.ResidenceKind) && r.ResidenceKind != x.ResidenceKind)
        {
            var kind = r.ResidenceKind;
            yield return ("居住类型", RegistryText.Of(x.ResidenceKind), RegistryText.Of(kind), f => f.ResidenceKind = kind, y => y.ResidenceKind = kind);
        }
        if (r.Education is { } ed && !SameText(x.Education, ed)) yield return ("文化程度", x.Education, ed, f => f.Education = ed, y => y.Education = TextElements.Clean(ed));
        if (r.PoliticalStatus is { } ps && !SameText(x.PoliticalStatus, ps))
            yield return ("政治面貌", x.PoliticalStatus, ps, f => f.PoliticalStatus = ps, y => y.PoliticalStatus = TextElements.Clean(ps));
        if (r.MaritalStatus is { } ms && !SameText(x.MaritalStatus, ms))
            yield return ("婚姻状况", x.MaritalStatus, ms, f => f.MaritalStatus = ms, y => y.MaritalStatus = TextElements.Clean(ms));
        if (r.Notes is { } n && !SameText(x.Notes, n)) yield return ("备注", x.Notes, n, f => f.Notes = n, y => y.Notes = TextElements.Clean(n, multiline: true));
    }

    /// <summary>
    /// "Update the existing records from this roster" without a preview (the API's updateExisting=true): every row that is
    /// a registered resident by its full ID number, inside the user's area, updates the fields in which it differs from
    /// the record as it is under the write lock — the fields and values the page's tick boxes apply, one history row per
    /// change. Set-based: a chunk's residents are read in one query, changed, their history rows added, and saved in one
    /// SaveChanges (the save hook refreshes their search keys in one query). A resident outside the user's area is left
    /// as it is; its row stays a duplicate.
    /// </summary>
    public static async Task ApplyAllAsync(LinliDb db, FieldCipher cipher, UserArea area, TimeProvider clock, ImportReport report, CancellationToken ct)
    {
        var rows = new Dictionary<long, RosterRow>();
        foreach (var d in report.Differences)
            if (d.Source is { NationalIdHash: not null } row) rows.TryAdd(d.ResidentId, row);
        if (rows.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var userName = await ResidentEditor.EditorNameAsync(db, area, ct);
        foreach (var chunk in rows.Keys.Chunk(Chunk))
        {
            var residents = await db.Residents.InScopeOf(area, Permissions.Registry.Write).Where(x => chunk.Contains(x.Id)).ToListAsync(ct);
            foreach (var resident in residents)
            {
                var changes = Differ(rows[resident.Id], resident, cipher).ToList();
                if (changes.Count == 0) continue;
                foreach (var (field, stored, roster, _, set) in changes)
                {
                    set(resident);
                    db.ResidentChanges.Add(ResidentEditor.HistoryRow(resident, area, userName, now, field, stored, roster));
                }
                Data.RowVersions.Touch(db.Entry(resident));
                report.UpdatedResidents++;
                report.UpdatedFields += changes.Count;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Applies the ticked fields that still differ, one resident at a time through <see cref="ResidentEditor"/>, onto the
    /// version the preview showed. Returns a problem (and the caller rolls everything back) when a record changed since
    /// the preview, is no longer the user's to change, or the editor refuses a value.
    /// </summary>
    public static async Task<ImportProblem?> ApplyAsync(LinliDb db, ResidentEditor editor, UserArea area, IReadOnlyList<ImportUpdate> chosen,
        ImportReport report, CancellationToken ct)
    {
        foreach (var wanted in chosen.GroupBy(u => u.ResidentId))
        {
            var fields = wanted.Select(u => u.Field).ToHashSet();
            var diffs = report.Differences.Where(d => d.ResidentId == wanted.Key && fields.Contains(d.Field)).ToList();
            if (diffs.Count == 0) continue;
            var row = diffs[0];
            var version = wanted.First().Version;
            var resident = await db.Residents.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(x => x.Id == wanted.Key, ct);
            if (resident is null)
                return new ImportProblem(row.Row, "", "这一行对应的居民不在你可以修改的范围内，不能按名册更新。没有导入任何数据。", row.Sheet);
            var who = $"{resident.Name}{(resident.NationalIdMasked is { } m ? $"（{m}）" : "")}";
            if (resident.Version != version)
            {
                report.StaleUpdate = true;
                return new ImportProblem(row.Row, "", Web.UiText.Shared["{0}的信息在预览之后已被他人修改，为了不覆盖别人的修改，这次没有导入任何数据，也没有更新任何居民。请重新预览后再勾选要更新的项。", who], row.Sheet);
            }
            var form = await ResidentEditor.Form.OfAsync(db, resident, ct);
            foreach (var d in diffs) d.Apply!(form);
            var outcome = await editor.UpdateAsync(area, resident.Id, form, ct);
            if (outcome is null)
                return new ImportProblem(row.Row, "", "这一行对应的居民不在你可以修改的范围内，不能按名册更新。没有导入任何数据。", row.Sheet);
            if (outcome.Stale)
            {
                report.StaleUpdate = true;
                return new ImportProblem(row.Row, "", Web.UiText.Shared["{0}的信息在预览之后已被他人修改，为了不覆盖别人的修改，这次没有导入任何数据，也没有更新任何居民。请重新预览后再勾选要更新的项。", who], row.Sheet);
            }
            if (!outcome.Ok)
                return new ImportProblem(row.Row, string.Join("、", diffs.Select(d => d.Field)), Web.UiText.Shared["不能按名册更新{0}：{1}。没有导入任何数据。", who, string.Join("；", outcome.Errors.Values)], row.Sheet);
            report.UpdatedFields += diffs.Count;
            report.UpdatedResidents++;
        }
        return null;
    }
}
