using System.Text;
using Linli.Data;

namespace Linli.Features.Registry.Import;

/// <summary>What one data row of a roster says, read and checked, with its problems already in the report.</summary>
sealed partial class RosterRow
{
    public required int Number { get; init; }
    /// <summary>The header of the row's sheet (its column names for the report).</summary>
    public required RosterHeader Header { get; init; }
    /// <summary>The sheet's name when the file has several sheets to import, else null.</summary>
    public string? Sheet { get; init; }
    public string? Name { get; private set; }
    public Gender? Gender { get; private set; }
    public DateOnly? BirthDate { get; private set; }
    public string? Ethnicity { get; private set; }
    /// <summary>The checked 18-character number; never written anywhere but encrypted.</summary>
    public string? NationalId { get; private set; }
    public byte[]? NationalIdHash { get; private set; }
    /// <summary>A number that arrived masked (an exported roster): kept as it is, without cipher or hash.</summary>
    public string? MaskedNationalId { get; private set; }
    public string? Phone { get; private set; }
    public string? MaskedPhone { get; private set; }
    public RelationToHead? Relation { get; set; }
    /// <summary>The GB/T 4761 code when the word names one (长子 22), else null.</summary>
    public string? RelationCode { get; set; }
    /// <summary>Marked 户主/本人 in the file (not made head by the import).</summary>
    public bool MarkedHead => Relation == RelationToHead.Self;
    /// <summary>户主姓名 as the row repeats it.</summary>
    public string? HeadName { get; private set; }
    /// <summary>Set when the number is of another document than the mainland ID (then <see cref="NationalId"/> holds that number).</summary>
    public IdDocumentKind? IdDocument { get; private set; }
    public string? Address { get; private set; }
    public string? HouseholdNumber { get; private set; }
    public List<long> TagIds { get; } = [];
    public ResidenceKind ResidenceKind { get; private set; } = ResidenceKind.Registered;
    public string? Education { get; private set; }
    public string? PoliticalStatus { get; private set; }
    public string? MaritalStatus { get; private set; }
    public string? Notes { get; private set; }
    public long? GridId { get; private set; }

    public bool HasError { get; set; }
    /// <summary>Same person as an earlier row, or as a resident already in the registry: reported, never imported.</summary>
    public bool IsDuplicate { get; set; }
    public bool IsDuplicateInFile { get; set; }
    public long? ExistingHouseholdId { get; set; }
    /// <summary>The resident already registered (inside the community imported into) that this row is: the one its differences are shown against.</summary>
    public long? ExistingResidentId { get; set; }

    public bool IsImportable => !HasError && !IsDuplicate && GridId is not null;

    public sealed class Context
    {
        public required RosterHeader Header { get; init; }
        public required ImportReport Report { get; init; }
        public required DateOnly Today { get; init; }
        public required FieldCipher Cipher { get; init; }
        public required IReadOnlyDictionary<string, Tag> TagsByName { get; init; }
        /// <summary>Set when the target is a grid: every row goes there.</summary>
        public long? TargetGridId { get; init; }
        /// <summary>Set when the target is a community: each row names its grid (by name or code).</summary>
        public IReadOnlyDictionary<string, OrgUnit>? Grids { get; init; }
        public string TargetName { get; init; } = "";
        /// <summary>The sheet's name when several sheets are imported: problems name it.</summary>
        public string? Sheet { get; init; }
        /// <summary>Every grid of the community by name and code: a 居民组 column is checked against the grid imported into.</summary>
        public IReadOnlyDictionary<string, OrgUnit>? AllGrids { get; init; }

        public object? Cell(RosterSheet.Row row, RosterColumn c) => Header.IndexOf(c) is { } i ? row[i] : null;
        public string? TextOf(RosterSheet.Row row, RosterColumn c) => RosterValues.TextOf(Cell(row, c));
    }

    public static RosterRow Parse(RosterSheet.Row cells, Context x)
    {
        var row = new RosterRow { Number = cells.Number, Header = x.Header, Sheet = x.Sheet };
        var header = x.Header;
        void Error(RosterColumn c, string message)
        {
            row.HasError = true;
            x.Report.Errors.Add(new ImportProblem(row.Number, header.NameOf(c), message, x.Sheet));
        }
        void Warn(RosterColumn c, string message) => x.Report.Warnings.Add(new ImportProblem(row.Number, header.NameOf(c), message, x.Sheet));
        string? Short(RosterColumn c, int max)
        {
            // Control characters dropped; a long text cut between characters, never inside 𠮷 or an emoji.
            var text = TextElements.Clean(x.TextOf(cells, c), multiline: c == RosterColumn.Notes);
            if (text is null || text.Length <= max) return text;
            Warn(c, Web.UiText.Shared["超过{0}个字，只保留了前{0}个字", max]);
            return TextElements.Cut(text, max);
        }

        // 姓名: two-character names are often padded with spaces ("王  芳") to line up in print.
        var name = RosterValues.NumberTextOf(x.Cell(cells, RosterColumn.Name));
        if (name is null) Error(RosterColumn.Name, "姓名为空");
        else
        {
            // The same rule as the pages and the API: control characters refused, the length counted in characters.
            name = TidyName(name);
            var (checkedName, problem) = TextElements.Name(name);
            if (problem is null) row.Name = checkedName;
            else Error(RosterColumn.Name, TextElements.Clean(name) is null ? "姓名为空" : problem.Replace("请重新输入", "请改正", StringComparison.Ordinal));
        }

        // 证件类型: a passport or permit number is kept like an ID number, with its kind, and checked by its own rule.
        var documentText = x.TextOf(cells, RosterColumn.DocumentType);
        var documentKind = IdDocuments.KindOf(documentText, out var knownDocument);
        if (!knownDocument) Warn(RosterColumn.DocumentType, Web.UiText.Shared["证件类型“{0}”无法识别，按居民身份证检查号码", documentText]);
        var id = documentKind is null ? RosterValues.NationalIdOf(x.Cell(cells, RosterColumn.NationalId)) : default;
        if (documentKind is { } kind0 && RosterValues.NumberTextOf(x.Cell(cells, RosterColumn.NationalId)) is { } docText)
        {
            var (docNumber, problem) = IdDocuments.Normalize(kind0, docText);
            if (docNumber is null) Error(RosterColumn.NationalId, problem!);
            else
            {
                row.IdDocument = kind0;
                row.NationalId = docNumber;
                row.NationalIdHash = x.Cipher.Hash(docNumber);
            }
        }
        else if (documentKind is not null && header.Has(RosterColumn.NationalId)) Warn(RosterColumn.NationalId, Web.UiText.Shared["没有{0}号码，无法查重", Web.UiText.Shared[IdDocuments.NameOf(documentKind.Value)]]);
        if (documentKind is null) switch (id.Kind)
        {
            case RosterValues.IdKind.Valid:
                row.NationalId = id.Value;
                row.NationalIdHash = x.Cipher.Hash(id.Value!);
                if (id.Upgraded) Warn(RosterColumn.NationalId, "15位旧身份证号，已按规则升级为18位");
                break;
            case RosterValues.IdKind.Masked:
                row.MaskedNationalId = id.Value;
                break;
            case RosterValues.IdKind.Invalid:
                Error(RosterColumn.NationalId, id.Message!);
                break;
            default:
                if (header.Has(RosterColumn.NationalId)) Warn(RosterColumn.NationalId, "没有身份证号，无法查重");
                break;
        }

        var genderText = x.TextOf(cells, RosterColumn.Gender);
        var typedGender = RosterValues.GenderOf(genderText);
        if (genderText is not null && typedGender is null) Warn(RosterColumn.Gender, Web.UiText.Shared["性别“{0}”无法识别，应为“男”或“女”", genderText]);
        var typedBirth = RosterValues.DateOf(x.Cell(cells, RosterColumn.BirthDate), x.Today);
        if (typedBirth.Problem is not null) Warn(RosterColumn.BirthDate, typedBirth.Problem);

        if (row.NationalId is { } valid && row.IdDocument is null)
        {
            var idGender = Registry.NationalId.Gender(valid);
            var idBirth = Registry.NationalId.BirthDate(valid)!.Value;
            if (typedGender is { } g && g != idGender)
                Warn(RosterColumn.Gender, Web.UiText.Shared["性别“{0}”与身份证号不符，以身份证号为准（{1}）", Web.UiText.Shared[RosterValues.NameOf(g)], Web.UiText.Shared[RosterValues.NameOf(idGender)]]);
            if (typedBirth.Date is { } b && (typedBirth.MonthOnly ? b.Year != idBirth.Year || b.Month != idBirth.Month : b != idBirth))
                Warn(RosterColumn.BirthDate, Web.UiText.Shared["出生日期 {0} 与身份证号不符，以身份证号为准（{1:yyyy-MM-dd}）", (typedBirth.MonthOnly ? b.ToString("yyyy-MM") : b.ToString("yyyy-MM-dd")), idBirth]);
            row.Gender = idGender;
            row.BirthDate = idBirth;
        }
        else
        {
            row.Gender = typedGender;
            // With a wrong ID the ID's error says it all: once corrected, it gives the gender.
            if (typedGender is null && row.Name is not null && id.Kind != RosterValues.IdKind.Invalid && !row.HasError)
                Error(RosterColumn.Gender, row.IdDocument is null ? "性别为空或无法识别，也没有有效的身份证号可以推断" : "性别为空或无法识别（持其他证件的居民要填写性别）");
            row.BirthDate = typedBirth.Date ?? (row.IdDocument is { } k && row.NationalId is { } n ? IdDocuments.BirthDate(k, n) : null);
            if (typedBirth.MonthOnly)
                Warn(RosterColumn.BirthDate, Web.UiText.Shared["出生日期只有年月（{0:yyyy-MM}），按当月1日记录", typedBirth.Date]);
        }

        // 民族, 文化程度, 政治面貌, 婚姻状况: the code table's word; a word it does not know is kept as written, with a warning.
        string? Coded(RosterColumn c, CodeTable table)
        {
            var text = Short(c, 16);
            if (text is null) return null;
            if (table.WordOf(text) is { } word) return word;
            Warn(c, Web.UiText.Shared["{0}“{1}”不在{2}代码表中，按原样保存，请核对", Web.UiText.Shared[table.Name], text, table.Standard]);
            return text;
        }
        row.Ethnicity = Coded(RosterColumn.Ethnicity, CodeTables.Ethnicity);

        var relationText = x.TextOf(cells, RosterColumn.Relation);
        if (CodeTables.RelationOf(relationText) is { } relation)
        {
            row.Relation = relation.Category;
            row.RelationCode = relation.Code;
        }
        else if (relationText is not null)
        {
            Warn(RosterColumn.Relation, Web.UiText.Shared["与户主关系“{0}”无法识别，按“其他”记录", relationText]);
            row.Relation = RelationToHead.Other;
        }
        row.HeadName = x.TextOf(cells, RosterColumn.HeadName) is { } headName ? TidyName(headName) : null;

        var notes = new List<string>();
        var phone = RosterValues.PhoneOf(x.Cell(cells, RosterColumn.Phone));
        var other = RosterValues.PhoneOf(x.Cell(cells, RosterColumn.OtherPhone));
        if (phone.Problem is not null) Warn(RosterColumn.Phone, phone.Problem);
        if (other.Problem is not null && other.Others is not { Count: > 0 }) Warn(RosterColumn.OtherPhone, other.Problem);
        // 手机号码 first; the landline when there is no mobile; every other number into the notes.
        if (phone.Digits is null && phone.Masked is null && (other.Digits is not null || other.Masked is not null)) (phone, other) = (other, default);
        if (phone.Digits is not null) row.Phone = phone.Digits;
        else row.MaskedPhone = phone.Masked;
        var extra = (phone.Others ?? []).Concat(other.Digits is { } od ? [od] : []).Concat(other.Others ?? []).Where(n => n != row.Phone).Distinct().ToList();
        if (extra.Count > 0) notes.Add("其他电话：" + string.Join("、", extra));

        row.Address = TextElements.Clean(x.TextOf(cells, RosterColumn.Address));
        if (x.TextOf(cells, RosterColumn.HouseholdNumber) is { } number)
        {
            number = RosterValues.Compact(number);
            if (number.Length > 32) Error(RosterColumn.HouseholdNumber, "户号超过32个字符");
            else row.HouseholdNumber = number;
        }

        var kindText = x.TextOf(cells, RosterColumn.ResidenceKind);
        if (kindText is not null)
        {
            if (RosterValues.ResidenceKindOf(kindText) is { } kind) row.ResidenceKind = kind;
            else Warn(RosterColumn.ResidenceKind, Web.UiText.Shared["户籍类别“{0}”无法识别，按“户籍”记录；应为户籍、常住或流动", kindText]);
        }

        foreach (var tagName in RosterValues.TagNamesOf(x.TextOf(cells, RosterColumn.Tags)))
        {
            if (x.TagsByName.TryGetValue(tagName, out var tag))
            {
                if (!row.TagIds.Contains(tag.Id)) row.TagIds.Add(tag.Id);
            }
            // Some offices put 户籍人口/流动人口 under 人员类别.
            else if (kindText is null && RosterValues.ResidenceKindOf(tagName) is { } kind) row.ResidenceKind = kind;
            else Warn(RosterColumn.Tags, Web.UiText.Shared["标签“{0}”不存在，未添加；请先在标签管理中建立它", tagName]);
        }

        row.Education = Coded(RosterColumn.Education, CodeTables.Education);
        row.PoliticalStatus = Coded(RosterColumn.PoliticalStatus, CodeTables.PoliticalStatus);
        row.MaritalStatus = Coded(RosterColumn.MaritalStatus, CodeTables.MaritalStatus);
        row.Notes = Short(RosterColumn.Notes, 2000);
        if (notes.Count > 0) row.Notes = TextElements.Cut(string.Join("；", [.. notes, .. row.Notes is null ? Array.Empty<string>() : [row.Notes]]), 2000);

        if (x.TargetGridId is { } gridId)
        {
            row.GridId = gridId;
            // A 居民组 column that names another grid: the row belongs elsewhere, never silently here.
            if (x.TextOf(cells, RosterColumn.Grid) is { } named && x.AllGrids is not null
                && x.AllGrids.TryGetValue(RosterValues.Compact(named), out var namedGrid) && namedGrid.Id != gridId)
                Error(RosterColumn.Grid, Web.UiText.Shared["本行写的是“{0}”，但导入到的是{1}；请把这些行导入到{2}，或导入到社区让每行按所属网格导入", named, x.TargetName, namedGrid.Name]);
            else if (x.TextOf(cells, RosterColumn.Grid) is { } unknown && x.AllGrids is not null && !x.AllGrids.ContainsKey(RosterValues.Compact(unknown)))
                Error(RosterColumn.Grid, Web.UiText.Shared["“{0}”不是本社区的网格，与导入到的{1}不符", unknown, x.TargetName]);
        }
        else if (x.Grids is not null && header.Has(RosterColumn.Grid))
        {
            var gridText = x.TextOf(cells, RosterColumn.Grid);
            if (gridText is null) Error(RosterColumn.Grid, "没有填写网格（居民组）");
            else if (x.Grids.TryGetValue(RosterValues.Compact(gridText), out var grid)) row.GridId = grid.Id;
            else Error(RosterColumn.Grid, Web.UiText.Shared["“{0}”不是{1}的网格", gridText, x.TargetName]);
        }
        return row;
    }

    /// <summary>Spaces inside a Chinese name are padding; in a name with Latin letters one space stays.</summary>
    static string TidyName(string name)
    {
        var s = Text.ToHalfWidth(name);
        if (!s.Any(char.IsAsciiLetter)) return new string(s.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
            if (!char.IsWhiteSpace(c) || (b.Length > 0 && b[^1] != ' ')) b.Append(char.IsWhiteSpace(c) ? ' ' : c);
        return b.ToString().Trim();
    }

    /// <summary>
    /// A member's row that leaves 户号, 户主姓名 or the address empty under a household's first row takes them from the
    /// row above: what a merged cell means when a program writes the value once and no merge Excel would fill in.
    /// A row marked 户主/本人 starts a household and takes nothing.
    /// </summary>
    public static void CarryDown(List<RosterRow> rows, RosterHeader header)
    {
        if (!header.Has(RosterColumn.HouseholdNumber) && !header.Has(RosterColumn.HeadName) && !header.Has(RosterColumn.Address)) return;
        RosterRow? above = null;
        foreach (var r in rows)
        {
            if (above is not null && r.Relation is { } rel && rel != RelationToHead.Self
                && r.HouseholdNumber is null && r.HeadName is null && r.Address is null
                && (above.HouseholdNumber is not null || above.HeadName is not null || above.Address is not null))
            {
                r.HouseholdNumber = above.HouseholdNumber;
                r.HeadName = above.HeadName ?? (header.Has(RosterColumn.HeadName) && above.Relation == RelationToHead.Self ? above.Name : null);
                r.Address = above.Address;
            }
            above = r;
        }
    }

    public enum Kind { Person, Skip, End }

    /// <summary>
    /// Blank lines, 合计/总计/小计 rows and a repeated header carry no person and are passed over; a note or signature
    /// line under the table (注：…, 说明：…, 填表人：…, 审核人：…) ends it: what follows is not the roster.
    /// </summary>
    public static Kind KindOf(RosterSheet.Row cells, RosterHeader header)
    {
        string? first = null;
        foreach (var c in cells.Cells)
            if (RosterValues.TextOf(c) is { } t) { first = t; break; }
        if (first is null) return Kind.Skip;
        var f = RosterValues.Compact(first);
        if (Ends.Any(w => f.StartsWith(w, StringComparison.Ordinal)) || NoteLine().IsMatch(f)) return Kind.End;
        if (Footers.Any(w => f.StartsWith(w, StringComparison.Ordinal))) return Kind.Skip;
        return header.IndexOf(RosterColumn.Name) is { } i && cells[i] is string name && RosterColumns.Match(name) == RosterColumn.Name ? Kind.Skip : Kind.Person;
    }

    /// <summary>Kept for callers that only ask whether a row is a person.</summary>
    public static bool CarriesNoPerson(RosterSheet.Row cells, RosterHeader header) => KindOf(cells, header) != Kind.Person;

    static readonly string[] Footers = ["合计", "总计", "小计", "共计"];
    static readonly string[] Ends = ["制表人", "填表人", "填报人", "审核人", "负责人", "单位负责人", "制表日期", "填表日期", "填报日期", "制表单位", "填报单位", "统计人", "联系人:", "联系人：", "经办人", "签字", "签名", "盖章", "(盖章)", "（盖章）"];

    [System.Text.RegularExpressions.GeneratedRegex(@"^(注[:：1-9①一、.]|注意[:：]|说明[:：1-9]|填表说明|备注[:：]|附注|附[:：])")]
    private static partial System.Text.RegularExpressions.Regex NoteLine();
}
