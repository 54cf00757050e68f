using System.Text;
using Linli.Data;

namespace Linli.Features.Registry.Import;

/// <summary>What one data row of a roster says, read and checked, with its problems already in the report.</summary>
sealed class RosterRow
{
    public required int Number { get; init; }
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

        public object? Cell(RosterSheet.Row row, RosterColumn c) => Header.IndexOf(c) is { } i ? row[i] : null;
        public string? TextOf(RosterSheet.Row row, RosterColumn c) => RosterValues.TextOf(Cell(row, c));
    }

    public static RosterRow Parse(RosterSheet.Row cells, Context x)
    {
        var row = new RosterRow { Number = cells.Number };
        var header = x.Header;
        void Error(RosterColumn c, string message)
        {
            row.HasError = true;
            x.Report.Errors.Add(new ImportProblem(row.Number, header.NameOf(c), message));
        }
        void Warn(RosterColumn c, string message) => x.Report.Warnings.Add(new ImportProblem(row.Number, header.NameOf(c), message));
        string? Short(RosterColumn c, int max)
        {
            // Control characters dropped; a long text cut between characters, never inside 𠮷 or an emoji.
            var text = TextElements.Clean(x.TextOf(cells, c), multiline: c == RosterColumn.Notes);
            if (text is null || text.Length <= max) return text;
            Warn(c, $"超过{max}个字，只保留了前{max}个字");
            return TextElements.Cut(text, max);
        }

        // 姓名: two-character names are often padded with spaces ("王  芳") to line up in print.
        var name = x.TextOf(cells, RosterColumn.Name);
        if (name is null) Error(RosterColumn.Name, "姓名为空");
        else
        {
            // The same rule as the pages and the API: control characters refused, the length counted in characters.
            name = TidyName(name);
            var (checkedName, problem) = TextElements.Name(name);
            if (problem is null) row.Name = checkedName;
            else Error(RosterColumn.Name, TextElements.Clean(name) is null ? "姓名为空" : problem.Replace("请重新输入", "请改正", StringComparison.Ordinal));
        }

        // 公民身份号码, and what it says about birth date and gender.
        var id = RosterValues.NationalIdOf(x.Cell(cells, RosterColumn.NationalId));
        switch (id.Kind)
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
        if (genderText is not null && typedGender is null) Warn(RosterColumn.Gender, $"性别“{genderText}”无法识别，应为“男”或“女”");
        var typedBirth = RosterValues.DateOf(x.Cell(cells, RosterColumn.BirthDate), x.Today);
        if (typedBirth.Problem is not null) Warn(RosterColumn.BirthDate, typedBirth.Problem);

        if (row.NationalId is { } valid)
        {
            var idGender = Registry.NationalId.Gender(valid);
            var idBirth = Registry.NationalId.BirthDate(valid)!.Value;
            if (typedGender is { } g && g != idGender)
                Warn(RosterColumn.Gender, $"性别“{RosterValues.NameOf(g)}”与身份证号不符，以身份证号为准（{RosterValues.NameOf(idGender)}）");
            if (typedBirth.Date is { } b && (typedBirth.MonthOnly ? b.Year != idBirth.Year || b.Month != idBirth.Month : b != idBirth))
                Warn(RosterColumn.BirthDate, $"出生日期 {(typedBirth.MonthOnly ? b.ToString("yyyy-MM") : b.ToString("yyyy-MM-dd"))} 与身份证号不符，以身份证号为准（{idBirth:yyyy-MM-dd}）");
            row.Gender = idGender;
            row.BirthDate = idBirth;
        }
        else
        {
            row.Gender = typedGender;
            // With a wrong ID the ID's error says it all: once corrected, it gives the gender.
            if (typedGender is null && row.Name is not null && id.Kind != RosterValues.IdKind.Invalid)
                Error(RosterColumn.Gender, "性别为空或无法识别，也没有有效的身份证号可以推断");
            row.BirthDate = typedBirth.Date;
            if (typedBirth.MonthOnly)
                Warn(RosterColumn.BirthDate, $"出生日期只有年月（{typedBirth.Date:yyyy-MM}），按当月1日记录");
        }

        row.Ethnicity = Short(RosterColumn.Ethnicity, 16);

        var relationText = x.TextOf(cells, RosterColumn.Relation);
        row.Relation = RosterValues.RelationOf(relationText);
        if (relationText is not null && row.Relation is null)
        {
            Warn(RosterColumn.Relation, $"与户主关系“{relationText}”无法识别，按“其他”记录");
            row.Relation = RelationToHead.Other;
        }

        var phone = RosterValues.PhoneOf(x.Cell(cells, RosterColumn.Phone));
        if (phone.Problem is not null) Warn(RosterColumn.Phone, phone.Problem);
        if (phone.Digits is not null) row.Phone = phone.Digits;
        else row.MaskedPhone = phone.Masked;

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
            else Warn(RosterColumn.ResidenceKind, $"户籍类别“{kindText}”无法识别，按“户籍”记录；应为户籍、常住或流动");
        }

        foreach (var tagName in RosterValues.TagNamesOf(x.TextOf(cells, RosterColumn.Tags)))
        {
            if (x.TagsByName.TryGetValue(tagName, out var tag))
            {
                if (!row.TagIds.Contains(tag.Id)) row.TagIds.Add(tag.Id);
            }
            // Some offices put 户籍人口/流动人口 under 人员类别.
            else if (kindText is null && RosterValues.ResidenceKindOf(tagName) is { } kind) row.ResidenceKind = kind;
            else Warn(RosterColumn.Tags, $"标签“{tagName}”不存在，未添加；请先在标签管理中建立它");
        }

        row.Education = Short(RosterColumn.Education, 16);
        row.PoliticalStatus = Short(RosterColumn.PoliticalStatus, 16);
        row.MaritalStatus = Short(RosterColumn.MaritalStatus, 16);
        row.Notes = Short(RosterColumn.Notes, 2000);

        if (x.TargetGridId is { } gridId) row.GridId = gridId;
        else if (x.Grids is not null && header.Has(RosterColumn.Grid))
        {
            var gridText = x.TextOf(cells, RosterColumn.Grid);
            if (gridText is null) Error(RosterColumn.Grid, "没有填写网格（居民组）");
            else if (x.Grids.TryGetValue(RosterValues.Compact(gridText), out var grid)) row.GridId = grid.Id;
            else Error(RosterColumn.Grid, $"“{gridText}”不是{x.TargetName}的网格");
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

    /// <summary>Blank lines, 合计/总计/小计 rows, signature lines under the table and a repeated header carry no person.</summary>
    public static bool CarriesNoPerson(RosterSheet.Row cells, RosterHeader header)
    {
        string? first = null;
        foreach (var c in cells.Cells)
            if (RosterValues.TextOf(c) is { } t) { first = t; break; }
        if (first is null) return true;
        var f = RosterValues.Compact(first);
        if (Footers.Any(w => f.StartsWith(w, StringComparison.Ordinal))) return true;
        return header.IndexOf(RosterColumn.Name) is { } i && cells[i] is string name && RosterColumns.Match(name) == RosterColumn.Name;
    }

    static readonly string[] Footers = ["合计", "总计", "小计", "共计", "制表人", "填表人", "填报人", "审核人", "负责人", "单位负责人", "制表日期", "填表日期", "填报日期"];
}
