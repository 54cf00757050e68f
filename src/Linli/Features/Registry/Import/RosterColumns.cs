using System.Text;

namespace Linli.Features.Registry.Import;

/// <summary>The columns a roster may have, whatever each office calls them.</summary>
public enum RosterColumn
{
    Name, NationalId, Gender, Ethnicity, BirthDate, Relation, Phone, Address, HouseholdNumber,
    Tags, ResidenceKind, Education, PoliticalStatus, MaritalStatus, Notes, Grid,
}

/// <summary>Where the header row is and which column holds what, with each header as the file writes it.</summary>
public sealed class RosterHeader
{
    readonly Dictionary<RosterColumn, (int Index, string Written)> columns;

    RosterHeader(int rowIndex, int rowNumber, Dictionary<RosterColumn, (int, string)> columns)
    {
        RowIndex = rowIndex;
        RowNumber = rowNumber;
        this.columns = columns;
    }

    /// <summary>Position of the header in <see cref="RosterSheet.Rows"/>.</summary>
    public int RowIndex { get; }
    /// <summary>The header's row number as Excel shows it.</summary>
    public int RowNumber { get; }

    public bool Has(RosterColumn c) => columns.ContainsKey(c);
    public int? IndexOf(RosterColumn c) => columns.TryGetValue(c, out var x) ? x.Index : null;

    /// <summary>The header text as written in the file, or the usual name when the file has no such column.</summary>
    public string NameOf(RosterColumn c) => columns.TryGetValue(c, out var x) ? x.Written : RosterColumns.UsualName(c);

    /// <summary>
    /// The first row that has a 姓名 column and at least one other known column. Title rows, a 填报单位 line
    /// and merged title cells (filled with the title text) above it match nothing and are passed over.
    /// </summary>
    public static RosterHeader? Find(RosterSheet sheet, int searchRows = 50)
    {
        for (var i = 0; i < Math.Min(sheet.Rows.Count, searchRows); i++)
        {
            var found = new Dictionary<RosterColumn, (int, string)>();
            var cells = sheet.Rows[i].Cells;
            for (var c = 0; c < cells.Length; c++)
            {
                if (cells[c] is not string text || RosterColumns.Match(text) is not { } column) continue;
                found.TryAdd(column, (c, Written(text)));
            }
            if (found.ContainsKey(RosterColumn.Name) && found.Count >= 2) return new RosterHeader(i, sheet.Rows[i].Number, found);
        }
        return null;
    }

    static string Written(string header)
    {
        // Line breaks inside the cell and a required-mark are how the header looks, not what it says.
        var s = header.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim().TrimEnd('*', '＊', ' ', '\u3000');
        return s.Length == 0 ? header.Trim() : s;
    }
}

public static class RosterColumns
{
    static readonly (RosterColumn Column, string[] Names)[] Names =
    [
        (RosterColumn.Name, ["姓名", "居民姓名", "人员姓名"]),
        (RosterColumn.NationalId, ["公民身份号码", "身份证号", "身份证号码", "公民身份证号码", "公民身份证号", "身份证", "证件号码"]),
        (RosterColumn.Gender, ["性别"]),
        (RosterColumn.Ethnicity, ["民族"]),
        (RosterColumn.BirthDate, ["出生日期", "出生年月", "出生年月日", "生日"]),
        (RosterColumn.Relation, ["与户主关系", "与户主的关系", "与户主关系名称", "家庭关系"]),
        (RosterColumn.Phone, ["联系电话", "手机号", "电话", "手机号码", "手机", "电话号码", "联系方式"]),
        (RosterColumn.Address, ["现住址", "居住地址", "住址", "现居住地址", "现居住地", "家庭住址", "居住地", "地址"]),
        (RosterColumn.HouseholdNumber, ["户号", "户编号"]),
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

    public static string UsualName(RosterColumn c) => Names.First(n => n.Column == c).Names[0];

    public static RosterColumn? Match(string header) => ByName.TryGetValue(Normalize(header), out var c) ? c : null;

    /// <summary>
    /// "公民身份\n号码 *" → "公民身份号码": full-width folded, spaces and line breaks dropped, a trailing
    /// required-mark (*) or a bracketed remark ("（必填）", "(yyyy.mm.dd)") and a colon removed.
    /// </summary>
    public static string Normalize(string header)
    {
        var s = Text.ToHalfWidth(header);
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
            if (!char.IsWhiteSpace(c)) b.Append(c);
        s = b.ToString().Trim('*', ':');
        if (s.EndsWith(')') && s.LastIndexOf('(') is > 0 and var open) s = s[..open];
        return s.Trim('*', ':');
    }
}
