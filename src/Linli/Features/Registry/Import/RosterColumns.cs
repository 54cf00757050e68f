using System.Text;

namespace Linli.Features.Registry.Import;

/// <summary>The columns a roster may have, whatever each office calls them.</summary>
public enum RosterColumn
{
    Name, NationalId, Gender, Ethnicity, BirthDate, Relation, Phone, Address, HouseholdNumber,
    Tags, ResidenceKind, Education, PoliticalStatus, MaritalStatus, Notes, Grid,
    /// <summary>A second number: 固定电话 beside 手机号码, or a second 电话 column.</summary>
    OtherPhone,
    /// <summary>户主姓名 repeated on each member's row: the rows of one head are one household.</summary>
    HeadName,
    /// <summary>证件类型: 居民身份证, 护照, 港澳/台湾通行证, 外国人永久居留身份证.</summary>
    DocumentType,
    /// <summary>序号: read and dropped, never reported as lost.</summary>
    Sequence,
}

/// <summary>A column of the roster as the header names it: its position, letter, heading as written, and what it was read as (null: not imported).</summary>
public sealed record HeaderColumn(int Index, string Letter, string Written, RosterColumn? Column, bool Ignored);

/// <summary>
/// What the user chose for columns the import did not recognise: a heading (as written) or a column letter mapped to a
/// known column, or ignored. Empty by default.
/// </summary>
public sealed record ColumnChoices(IReadOnlyDictionary<string, RosterColumn> Map, IReadOnlySet<string> Ignore)
{
    public static readonly ColumnChoices None = new(new Dictionary<string, RosterColumn>(), new HashSet<string>());

    internal RosterColumn? MappedFor(string letter, string? written) =>
        Map.TryGetValue(letter, out var c) || (written is not null && (Map.TryGetValue(written, out c) || Map.TryGetValue(RosterColumns.Normalize(written), out c))) ? c : null;

    internal bool Ignores(string letter, string? written) =>
        Ignore.Contains(letter) || (written is not null && (Ignore.Contains(written) || Ignore.Contains(RosterColumns.Normalize(written))));
}

/// <summary>Where the header is (one row, or two: 联系电话 over 固定电话 | 手机号码) and which column holds what, with each header as the file writes it.</summary>
public sealed class RosterHeader
{
    readonly Dictionary<RosterColumn, (int Index, string Written)> columns;

    RosterHeader(int rowIndex, int rowNumber, int rows, Dictionary<RosterColumn, (int, string)> columns, IReadOnlyList<HeaderColumn> all)
    {
        RowIndex = rowIndex;
        RowNumber = rowNumber;
        Rows = rows;
        this.columns = columns;
        All = all;
    }

    /// <summary>Position of the header's last row in <see cref="RosterSheet.Rows"/>: data starts below it.</summary>
    public int RowIndex { get; }
    /// <summary>The header's first row number as Excel shows it.</summary>
    public int RowNumber { get; }
    /// <summary>1, or 2 for a two-row header.</summary>
    public int Rows { get; }
    /// <summary>Every column under the header, read or not.</summary>
    public IReadOnlyList<HeaderColumn> All { get; }

    public bool Has(RosterColumn c) => columns.ContainsKey(c);
    public int? IndexOf(RosterColumn c) => columns.TryGetValue(c, out var x) ? x.Index : null;

    /// <summary>The header text as written in the file, or the usual name when the file has no such column.</summary>
    public string NameOf(RosterColumn c) => columns.TryGetValue(c, out var x) ? x.Written : RosterColumns.UsualName(c);

    /// <summary>
    /// The first row that, alone or with the row below it, has a 姓名 column and at least one other known column.
    /// Title rows, a 填报单位 line and merged title cells (filled with the title text) above it match nothing and are
    /// passed over. A second header row (固定电话 | 手机号码 under 联系电话; 姓名 merged down, or left empty by a
    /// program that writes no merge) is read with the first.
    /// </summary>
    public static RosterHeader? Find(RosterSheet sheet, ColumnChoices? choices = null, int searchRows = 50)
    {
        choices ??= ColumnChoices.None;
        for (var i = 0; i < Math.Min(sheet.Rows.Count, searchRows); i++)
        {
            var upper = sheet.Rows[i].Cells;
            var lower = i + 1 < sheet.Rows.Count ? sheet.Rows[i + 1].Cells : [];
            var single = Read(upper, null, choices);
            var two = IsSubHeader(upper, lower) ? Read(upper, lower, choices) : null;
            var best = two is not null && Known(two) >= Known(single) ? two : single;
            if (Has(best, RosterColumn.Name) && Known(best) >= 2)
            {
                var rows = ReferenceEquals(best, two) ? 2 : 1;
                var found = new Dictionary<RosterColumn, (int, string)>();
                foreach (var c in best.Where(c => c.Column is { } k && k != RosterColumn.Sequence)) found.TryAdd(c.Column!.Value, (c.Index, c.Written));
                return new RosterHeader(i + rows - 1, sheet.Rows[i].Number, rows, found, best);
            }
        }
        return null;
    }

    static bool Has(List<HeaderColumn> cols, RosterColumn c) => cols.Any(x => x.Column == c);
    static int Known(List<HeaderColumn> cols) => cols.Where(c => c.Column is { } k && k != RosterColumn.Sequence).Select(c => c.Column).Distinct().Count();

    /// <summary>The row below looks like more headings: text only, no digits, at least one new heading, and 姓名 empty or repeated there.</summary>
    static bool IsSubHeader(object?[] upper, object?[] lower)
    {
        // A title or 填报单位 line above the header names no column: the header is the row below, alone.
        if (!upper.Any(u => RosterValues.TextOf(u) is { } t && RosterColumns.Match(t) is not null)) return false;
        var anyNew = false;
        for (var c = 0; c < lower.Length; c++)
        {
            var lo = RosterValues.TextOf(lower[c]);
            if (lo is null) continue;
            if (lower[c] is not string || lo.Any(char.IsDigit)) return false;
            var up = c < upper.Length ? RosterValues.TextOf(upper[c]) : null;
            if (up is not null && RosterColumns.Match(up) == RosterColumn.Name && RosterColumns.Match(lo) != RosterColumn.Name) return false;
            if (up != lo) anyNew = true;
        }
        return anyNew;
    }

    static List<HeaderColumn> Read(object?[] upper, object?[]? lower, ColumnChoices choices)
    {
        var list = new List<HeaderColumn>();
        var taken = new HashSet<RosterColumn>();
        var width = Math.Max(upper.Length, lower?.Length ?? 0);
        string? group = null;
        for (var c = 0; c < width; c++)
        {
            var up = c < upper.Length ? RosterValues.TextOf(upper[c]) : null;
            var lo = lower is not null && c < lower.Length ? RosterValues.TextOf(lower[c]) : null;
            if (lo == up) lo = null;                          // 姓名 merged down and filled in
            if (up is not null) group = up;
            else if (lo is not null) up = group;              // a heading over several columns, written once by a program
            else group = null;
            RosterColumn? column;
            string? written;
            if (lo is not null)
            {
                written = Written(lo);
                column = RosterColumns.Match(lo) ?? (up is null ? null : RosterColumns.Match(up + lo));
            }
            else
            {
                written = up is null ? null : Written(up);
                column = up is null ? null : RosterColumns.Match(up);
            }
            var letter = RosterColumns.Letter(c);
            if (choices.MappedFor(letter, written) is { } mapped) column = mapped;
            var ignored = choices.Ignores(letter, written);
            if (ignored) column = null;
            // A second 电话 column (手机 beside 联系电话) is read as the other phone, never dropped.
            if (column == RosterColumn.Phone && taken.Contains(RosterColumn.Phone)) column = RosterColumn.OtherPhone;
            if (column is { } k && k != RosterColumn.Sequence && !taken.Add(k)) column = null;
            if (written is null && column is null && !ignored) continue;
            list.Add(new HeaderColumn(c, letter, written ?? letter, column, ignored));
        }
        // 手机号码 and 固定电话 side by side: the mobile is the phone, the landline the other number.
        var landline = list.FindIndex(x => x.Column == RosterColumn.Phone && RosterColumns.IsLandlineHeading(x.Written));
        var mobile = list.FindIndex(x => x.Column == RosterColumn.OtherPhone && !RosterColumns.IsLandlineHeading(x.Written));
        if (landline >= 0 && mobile >= 0)
        {
            list[landline] = list[landline] with { Column = RosterColumn.OtherPhone };
            list[mobile] = list[mobile] with { Column = RosterColumn.Phone };
        }
        return list;
    }

    static string Written(string header)
    {
        // Line breaks inside the cell and a required-mark are how the header looks, not what it says.
        var s = RosterValues.Invisible(header).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim().TrimEnd('*', '＊', ' ', '\u3000');
        return s.Length == 0 ? header.Trim() : s;
    }
}

public static class RosterColumns
{
    static readonly (RosterColumn Column, string[] Names)[] Names =
    [
        (RosterColumn.Name, ["姓名", "居民姓名", "人员姓名"]),
        (RosterColumn.NationalId, ["公民身份号码", "身份证号", "身份证号码", "公民身份证号码", "公民身份证号", "身份证", "证件号码", "公民身份证件编号",
            "身份证件号码", "身份证件号", "证件号", "身份号码", "居民身份证号码", "居民身份证号", "证件编号", "身份证编号"]),
        (RosterColumn.Gender, ["性别"]),
        (RosterColumn.Ethnicity, ["民族", "民族名称"]),
        (RosterColumn.BirthDate, ["出生日期", "出生年月", "出生年月日", "生日"]),
        (RosterColumn.Relation, ["与户主关系", "与户主的关系", "与户主关系名称", "家庭关系", "户主或与户主关系", "与户主关系代码", "关系"]),
        (RosterColumn.Phone, ["联系电话", "手机号", "电话", "手机号码", "手机", "电话号码", "联系方式", "联系电话手机号码", "移动电话", "联系手机",
            "本人电话", "固定电话", "联系电话固定电话", "座机", "家庭电话", "住宅电话"]),
        (RosterColumn.Address, ["现住址", "居住地址", "住址", "现居住地址", "现居住地", "家庭住址", "居住地", "地址", "住所", "现住地址", "实际居住地址"]),
        (RosterColumn.HouseholdNumber, ["户号", "户编号", "户号编码", "户编码", "户籍户号", "家庭户号", "户口号", "户代码"]),
        (RosterColumn.HeadName, ["户主姓名", "户主名称", "户主名", "所属户主"]),
        (RosterColumn.DocumentType, ["证件类型", "证件种类", "身份证件种类", "身份证件类型", "证件名称"]),
        (RosterColumn.Sequence, ["序号", "序", "编号", "顺序号"]),
        (RosterColumn.Tags, ["人员类别", "标签", "人员标签", "重点人群"]),
        (RosterColumn.ResidenceKind, ["户籍类别", "居住类型", "人口类型", "人口类别"]),
        (RosterColumn.Education, ["文化程度", "学历"]),
        (RosterColumn.PoliticalStatus, ["政治面貌"]),
        (RosterColumn.MaritalStatus, ["婚姻状况"]),
        (RosterColumn.Notes, ["备注"]),
        (RosterColumn.Grid, ["网格", "居民组", "所属网格", "片区", "所属居民组", "所属片区", "网格名称"]),
    ];

    static readonly Dictionary<string, RosterColumn> ByName =
        Names.SelectMany(n => n.Names.Select(name => (name, n.Column))).ToDictionary(x => x.name, x => x.Column);

    public static string UsualName(RosterColumn c) => c == RosterColumn.OtherPhone ? "固定电话" : Names.First(n => n.Column == c).Names[0];

    /// <summary>The name the page's mapping choice shows for each column one may map to.</summary>
    public static IEnumerable<RosterColumn> Mappable => Enum.GetValues<RosterColumn>().Where(c => c != RosterColumn.Sequence);

    internal static bool IsLandlineHeading(string written) => Normalize(written) is var n && (n.Contains("固定", StringComparison.Ordinal) || n.Contains("座机", StringComparison.Ordinal) || n.Contains("住宅", StringComparison.Ordinal) || n.Contains("家庭电话", StringComparison.Ordinal));

    /// <summary>A, B … Z, AA: the letter Excel shows above a column.</summary>
    public static string Letter(int column)
    {
        var s = "";
        for (var c = column + 1; c > 0; c = (c - 1) / 26) s = (char)('A' + (c - 1) % 26) + s;
        return s;
    }

    /// <summary>The column a name or letter means, as the CLI's --map-column and the page's choice give it: a heading known for that column (公民身份号码, 手机号码 …).</summary>
    public static RosterColumn? Parse(string name) => Match(name) is { } c ? c : Enum.TryParse<RosterColumn>(name, ignoreCase: true, out var e) ? e : null;

    public static RosterColumn? Match(string header) => ByName.TryGetValue(Normalize(header), out var c) ? c : null;

    /// <summary>
    /// "公民身份\n号码 *" → "公民身份号码": full-width folded, spaces and line breaks dropped, a trailing
    /// required-mark (*) or a bracketed remark ("（必填）", "(yyyy.mm.dd)") and a colon removed.
    /// </summary>
    public static string Normalize(string header)
    {
        var s = Text.ToHalfWidth(RosterValues.Invisible(header));
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
            if (!char.IsWhiteSpace(c)) b.Append(c);
        s = b.ToString().Trim('*', ':');
        if (s.EndsWith(')') && s.LastIndexOf('(') is > 0 and var open) s = s[..open];
        return s.Trim('*', ':');
    }
}
