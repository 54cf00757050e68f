using System.Text.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry.Import;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Ledgers;

/// <summary>A template as the ledger pages use it: a module's built-in register (<see cref="OwnerUnitId"/> null) or one saved by an office.</summary>
public sealed record LedgerTemplateView(string Key, string Department, string Name, string? DutyItem, string Cycle, int? DueDay, bool StreetApproves,
    string Subject, LedgerFilter Filter, IReadOnlyList<LedgerColumn> Columns, long? OwnerUnitId = null)
{
    public bool BuiltIn => OwnerUnitId is null;
    public const string CustomPrefix = "custom.";
}

/// <summary>
/// The catalogue the ledger module reads: every module's fields (<see cref="ILedgerFields"/>), rows (<see cref="ILedgerRows"/>)
/// and built-in registers (<see cref="ILedgerDeclarations"/>), plus the templates offices saved. A module that is absent
/// contributes nothing; this module never reaches a module's own types.
/// </summary>
public sealed class LedgerCatalog(LinliDb db, IEnumerable<ILedgerFields> fieldSources, IEnumerable<ILedgerRows> rowSources, IEnumerable<ILedgerDeclarations> declarations)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly List<(LedgerField Field, ILedgerFields Source)> fields = fieldSources.SelectMany(s => s.Fields.Select(f => (f, s))).ToList();
    readonly Dictionary<string, ILedgerRows> rows = rowSources.GroupBy(r => r.Subject).ToDictionary(g => g.Key, g => g.First());

    public IEnumerable<LedgerField> Fields => fields.Select(f => f.Field);
    public IReadOnlyDictionary<string, ILedgerRows> Subjects => rows;

    public LedgerField? Field(string key) => fields.FirstOrDefault(f => f.Field.Key == key).Field;
    public ILedgerFields? SourceOf(string key) => fields.FirstOrDefault(f => f.Field.Key == key).Source;
    public ILedgerRows? RowsOf(string subject) => rows.GetValueOrDefault(subject);

    /// <summary>The modules' built-in registers whose subject some module lists.</summary>
    public IReadOnlyList<LedgerTemplateView> BuiltIns =>
        declarations.SelectMany(d => d.Ledgers).Where(d => rows.ContainsKey(d.Subject))
            .Select(d => new LedgerTemplateView(d.Key, d.Department, d.Name, null, d.Cycle, d.DueDay, d.StreetApproves, d.Subject, d.Filter, d.Columns))
            .ToList();

    /// <summary>Built-ins and the saved templates of the user's units (a street's for its communities, a community's for itself).</summary>
    public async Task<List<LedgerTemplateView>> TemplatesAsync(UserArea area, CancellationToken ct)
    {
        var list = BuiltIns.ToList();
        var paths = area.Units.Select(u => u.Path).ToList();
        var saved = await db.Set<LedgerTemplate>().AsNoTracking()
            .Join(db.OrgUnits, t => t.OwnerUnitId, o => o.Id, (t, o) => new { Template = t, o.Path }).ToListAsync(ct);
        list.AddRange(saved.Where(s => paths.Any(p => p.StartsWith(s.Path, StringComparison.Ordinal) || s.Path.StartsWith(p, StringComparison.Ordinal)))
            .Select(s => ViewOf(s.Template)));
        return list;
    }

    /// <summary>
    /// The templates the user may generate somewhere: the subject's rows are theirs to list in some unit and every field's
    /// grant is held in some unit (generation still checks both at the unit asked for). A street officer without the
    /// sensitive grant is not offered the 低保 or 残疾 rosters only to be refused when generating them.
    /// </summary>
    public async Task<List<LedgerTemplateView>> GeneratableAsync(UserArea area, CancellationToken ct) =>
        (await TemplatesAsync(area, ct)).Where(t => RowsOf(t.Subject) is { } rows && area.Has(rows.Permission)
            && t.Columns.All(c => c.FieldKey is null || Field(c.FieldKey) is not { Grant: { } g } || area.Has(g))).ToList();

    public async Task<LedgerTemplateView?> TemplateAsync(UserArea area, string key, CancellationToken ct) =>
        (await TemplatesAsync(area, ct)).FirstOrDefault(t => t.Key == key);

    public static LedgerTemplateView ViewOf(LedgerTemplate t) =>
        new(LedgerTemplateView.CustomPrefix + t.Id, t.Department, t.Name, t.DutyItem, t.Cycle, t.DueDay, t.StreetApproves, t.Subject,
            JsonSerializer.Deserialize<LedgerFilter>(t.FilterJson, Json) ?? LedgerFilter.None,
            JsonSerializer.Deserialize<List<LedgerColumn>>(t.ColumnsJson, Json) ?? [], t.OwnerUnitId);

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);
    public static T? FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, Json);

    /// <summary>
    /// The field a department's heading names, by the words each module gave its fields (身份证 → 身份证号, 出生年月 → 出生年月,
    /// 家庭住址 → 住址): an exact word first, then a word the heading contains; fields of <paramref name="subject"/> first.
    /// </summary>
    public LedgerField? Propose(string heading, string? subject)
    {
        var h = RosterColumns.Normalize(heading);
        if (h.Length == 0) return null;
        var ordered = fields.Select(f => f.Field).OrderBy(f => subject is null || f.Subject == subject ? 0 : 1).ToList();
        return ordered.FirstOrDefault(f => f.Words.Any(w => RosterColumns.Normalize(w) == h) || RosterColumns.Normalize(f.Name) == h)
            ?? ordered.Where(f => f.Words.Any(w => w.Length >= 2 && h.Contains(RosterColumns.Normalize(w), StringComparison.Ordinal)))
                .OrderByDescending(f => f.Words.Max(w => h.Contains(RosterColumns.Normalize(w), StringComparison.Ordinal) ? w.Length : 0)).FirstOrDefault();
    }

    /// <summary>The subject most of these fields fill (the registry's residents when none is known).</summary>
    public string SubjectFor(IEnumerable<LedgerField?> proposed) =>
        proposed.Where(f => f is not null && rows.ContainsKey(f.Subject)).GroupBy(f => f!.Subject).OrderByDescending(g => g.Count())
            .Select(g => g.Key).FirstOrDefault() ?? LedgerSubjects.Resident;

    public static string CycleName(string cycle, int? dueDay) => cycle switch
    {
        "monthly" => dueDay is { } d ? $"每月{d}日" : "每月",
        "quarterly" => dueDay is { } d ? $"每季{d}日" : "每季",
        "yearly" => dueDay is { } d ? $"每年1月{d}日" : "每年",
        _ => "按需",
    };

    /// <summary>The period a ledger of this cycle covers for a month: the month, its quarter or its year.</summary>
    public static (DateOnly From, DateOnly To) PeriodOf(string cycle, DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        return cycle switch
        {
            "quarterly" => (new DateOnly(month.Year, (month.Month - 1) / 3 * 3 + 1, 1), new DateOnly(month.Year, (month.Month - 1) / 3 * 3 + 1, 1).AddMonths(3).AddDays(-1)),
            "yearly" => (new DateOnly(month.Year, 1, 1), new DateOnly(month.Year, 12, 31)),
            _ => (first, first.AddMonths(1).AddDays(-1)),
        };
    }

    public static string PeriodName(string cycle, DateOnly from) => cycle switch
    {
        "quarterly" => $"{from.Year}年第{(from.Month - 1) / 3 + 1}季度",
        "yearly" => $"{from.Year}年",
        _ => $"{from.Year}年{from.Month}月",
    };
}
