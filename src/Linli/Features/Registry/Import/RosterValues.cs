using System.Globalization;
using System.Text.RegularExpressions;

namespace Linli.Features.Registry.Import;

/// <summary>
/// Turns the cells people type into values: dates in their many forms, ID numbers (never guessing
/// at ones Excel turned into numbers), phone numbers, relations to the head, genders, residence kinds
/// and tag lists. Messages are in Chinese and never hold a full ID or phone number.
/// </summary>
public static partial class RosterValues
{
    /// <summary>Trimmed text of a cell, or null when it is empty. A leading ' that guarded a formula-like text (=, +, -, @) is dropped.</summary>
    public static string? TextOf(object? cell)
    {
        var s = cell switch
        {
            null => null,
            string t => t,
            DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => cell.ToString(),
        };
        if (s is null) return null;
        s = Invisible(s).Trim().Trim('\u3000').Trim();
        if (s.Length >= 2 && s[0] == '\'' && "=+-@\t\r".Contains(s[1], StringComparison.Ordinal)) s = s[1..];
        return s.Length == 0 ? null : s;
    }

    /// <summary>
    /// What Excel, WPS and copying from web pages leave in a cell that nobody sees: zero-width spaces and joiners, BOMs,
    /// direction marks and embeddings removed; non-breaking and other odd spaces made plain spaces.
    /// </summary>
    public static string Invisible(string s)
    {
        var clean = true;
        foreach (var c in s)
            if (IsInvisible(c) || c is '\u00A0' or '\u2007' or '\u202F' or (>= '\u2000' and <= '\u200A')) { clean = false; break; }
        if (clean) return s;
        var b = new System.Text.StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (IsInvisible(c)) continue;
            b.Append(c is '\u00A0' or '\u2007' or '\u202F' or (>= '\u2000' and <= '\u200A') ? ' ' : c);
        }
        return b.ToString();
    }

    static bool IsInvisible(char c) => c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u200E' or '\u200F' or '\u061C'
        or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u00AD';

    /// <summary>
    /// A cell that holds a number or a name: as <see cref="TextOf"/>, and a leading apostrophe (the one Excel and WPS use to
    /// keep a long number as text, when a program writes it into the cell) or quotation mark dropped.
    /// </summary>
    public static string? NumberTextOf(object? cell)
    {
        var s = TextOf(cell);
        if (s is null) return null;
        s = s.TrimStart('\'', '\u2018', '\u2019', '`', '\uFF07').Trim();
        return s.Length == 0 ? null : s;
    }

    /// <summary>Text with full-width characters folded and every space removed: for numbers people type.</summary>
    public static string Compact(string s) => new(Text.ToHalfWidth(s).Where(c => !char.IsWhiteSpace(c)).ToArray());

    // ---------------------------------------------------------------- national ID

    public enum IdKind { Empty, Valid, Masked, Invalid }

    public readonly record struct IdValue(IdKind Kind, string? Value, string? Message, bool Upgraded);

    public static IdValue NationalIdOf(object? cell)
    {
        switch (cell)
        {
            case null: return new(IdKind.Empty, null, null, false);
            case double or float or decimal or long or int:
            {
                // Excel keeps 15 significant digits of a number: an 18-digit ID stored as a number has lost its last digits.
                var value = Convert.ToDecimal(cell, CultureInfo.InvariantCulture);
                var digits = decimal.Truncate(decimal.Abs(value)).ToString(CultureInfo.InvariantCulture);
                if (value == decimal.Truncate(value) && digits.Length == 15) return FromText(digits);
                if (digits.Length >= 16)
                    return new(IdKind.Invalid, null, "身份证号被 Excel 存成了数字，末几位已经丢失，无法还原。请把该列设为“文本”格式，重新录入完整号码", false);
                return FromText(digits);
            }
            default:
                return NumberTextOf(cell) is { } text ? FromText(text) : new(IdKind.Empty, null, null, false);
        }
    }

    static IdValue FromText(string text)
    {
        var s = Compact(text).ToUpperInvariant();
        if (ScientificNumber().IsMatch(s))
            return new(IdKind.Invalid, null, "身份证号成了科学计数法（如 1.23457E+17），末几位已经丢失，无法还原。请把该列设为“文本”格式，重新录入完整号码", false);
        if (s.Contains('*', StringComparison.Ordinal))
            return MaskedId().IsMatch(s)
                ? new(IdKind.Masked, s, null, false)
                : new(IdKind.Invalid, null, "身份证号不完整（含有*）", false);
        if (!NationalId.TryNormalize(s, out var id, out var error))
        {
            if (s.Length == 18 && s.All(char.IsAsciiDigit) && s.EndsWith("000", StringComparison.Ordinal) && error == "身份证号校验位不正确")
                error += "；末三位是000，可能是 Excel 把号码当作数字存储时丢失了末几位";
            return new(IdKind.Invalid, null, error, false);
        }
        return new(IdKind.Valid, id, null, s.Length == 15);
    }

    [GeneratedRegex(@"^\d(\.\d+)?E\+?\d+$")]
    private static partial Regex ScientificNumber();

    [GeneratedRegex(@"^\d{4}\*{10}\d{3}[\dX]$")]
    private static partial Regex MaskedId();

    // ---------------------------------------------------------------- dates

    public readonly record struct DateValue(DateOnly? Date, bool MonthOnly, string? Problem);

    static readonly DateOnly Earliest = new(1880, 1, 1);

    /// <summary>1956.03.12, 1956-3-12, 1956/3/12, 1956年3月12日, 19560312, 1956.3 (month only), Excel serials and date cells.</summary>
    public static DateValue DateOf(object? cell, DateOnly today)
    {
        switch (cell)
        {
            case null: return default;
            case DateTime dt: return Checked(DateOnly.FromDateTime(dt), false, today);
            case DateOnly d: return Checked(d, false, today);
            case double or float or decimal or long or int:
            {
                var n = Convert.ToDouble(cell, CultureInfo.InvariantCulture);
                if (n >= 19000101 && n <= 21001231 && n == Math.Floor(n)) return FromText(((long)n).ToString(CultureInfo.InvariantCulture), today);
                if (n >= 1880 && n < 2101 && n != Math.Floor(n))
                {
                    // A year.month that Excel took for a number: 1956.3 (and 1956.10, which it shows as 1956.1).
                    var text = n.ToString("0.##", CultureInfo.InvariantCulture);
                    return FromText(text, today);
                }
                if (n >= 1 && n < 80000) return Checked(DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(n))), false, today);
                return new(null, false, Web.UiText.Shared["出生日期“{0}”无法识别", TextOf(cell)]);
            }
            default:
                return TextOf(cell) is { } t ? FromText(t, today) : default;
        }
    }

    static DateValue FromText(string raw, DateOnly today)
    {
        var s = Compact(raw);
        var m = FullDate().Match(s);
        if (m.Success) return Build(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value, raw, today);
        m = EightDigits().Match(s);
        if (m.Success) return Build(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value, raw, today);
        m = YearMonth().Match(s);
        if (m.Success) return Build(m.Groups["y"].Value, m.Groups["m"].Value, null, raw, today);
        m = Serial().Match(s);
        if (m.Success && int.TryParse(s, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 80000)
            return Checked(DateOnly.FromDateTime(DateTime.FromOADate(serial)), false, today);
        return new(null, false, Web.UiText.Shared["出生日期“{0}”无法识别，可写作 1956-03-12、1956.3.12 或 1956年3月12日", raw]);
    }

    static DateValue Build(string y, string m, string? d, string raw, DateOnly today)
    {
        var year = int.Parse(y, CultureInfo.InvariantCulture);
        var month = int.Parse(m, CultureInfo.InvariantCulture);
        var day = d is null ? 1 : int.Parse(d, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), Math.Clamp(month, 1, 12)))
            return new(null, false, Web.UiText.Shared["出生日期“{0}”不是一个存在的日期", raw]);
        return Checked(new DateOnly(year, month, day), d is null, today);
    }

    static DateValue Checked(DateOnly date, bool monthOnly, DateOnly today) =>
        date < Earliest || date > today
            ? new(null, false, Web.UiText.Shared["出生日期 {0:yyyy-MM-dd} 不可能是真的出生日期", date])
            : new(date, monthOnly, null);

    [GeneratedRegex(@"^(?<y>\d{4})(?:[.\-/]|年)(?<m>\d{1,2})(?:[.\-/]|月)(?<d>\d{1,2})日?(?:T?\d{1,2}:\d{2}(?::\d{2})?)?$")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"^(?<y>(?:19|20)\d{2})(?<m>\d{2})(?<d>\d{2})$")]
    private static partial Regex EightDigits();

    [GeneratedRegex(@"^(?<y>\d{4})(?:[.\-/]|年)(?<m>\d{1,2})月?$")]
    private static partial Regex YearMonth();

    [GeneratedRegex(@"^\d{1,5}$")]
    private static partial Regex Serial();

    // ---------------------------------------------------------------- phone

    /// <summary>The number kept (mobile first), its masked form, a problem to warn about, and the other numbers of the cell (for the notes).</summary>
    public readonly record struct PhoneValue(string? Digits, string? Masked, string? Problem, IReadOnlyList<string>? Others = null);

    /// <summary>
    /// The numbers of a cell: +86/0086 dropped, spaces, dashes and brackets removed (0371-6000 0001, (0371)60000001);
    /// a mobile (11 digits from 1) or a landline (7–8 digits, area code optional) passes without remark. With two or more
    /// numbers the first mobile is kept and the rest are returned for the notes, with a warning.
    /// </summary>
    public static PhoneValue PhoneOf(object? cell)
    {
        var text = cell switch
        {
            double or float or decimal or long or int => Convert.ToDecimal(cell, CultureInfo.InvariantCulture).ToString("0", CultureInfo.InvariantCulture),
            _ => NumberTextOf(cell),
        };
        if (text is null) return default;
        var s = Compact(text);
        if (s.Contains('*', StringComparison.Ordinal))
            return MaskedPhone().IsMatch(s) ? new(null, s, null) : new(null, null, "联系电话不完整（含有*），未导入");
        var numbers = new List<string>();
        foreach (var part in PhoneSeparators().Split(Text.ToHalfWidth(text)))
        {
            if (!part.Any(char.IsAsciiDigit)) continue;
            // Two numbers typed with only a space between them (a space inside one number, 138 0000 0001, splits it into no numbers).
            var spaced = part.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (spaced.Length > 1 && spaced.All(p => Digits(p) is { Length: >= 7 } d && IsPhone(d))) numbers.AddRange(spaced.Select(Digits));
            else numbers.Add(Digits(part));
        }
        if (numbers.Count == 0) return new(null, null, Web.UiText.Shared["联系电话“{0}”中没有数字，未导入", text]);
        var digits = numbers.FirstOrDefault(n => Mobile().IsMatch(n)) ?? numbers[0];
        var others = numbers.Where(n => n != digits).Distinct().ToList();
        string? problem = null;
        if (digits.Length > 16) return new(null, null, Web.UiText.Shared["联系电话有{0}位数字，不是一个电话号码，未导入", digits.Length]);
        if (!IsPhone(digits))
            problem = Web.UiText.Shared["联系电话 {0} 不像手机号（11位，以1开头）也不像固定电话（7—8位，可带区号）", PhoneNumber.Mask(digits)];
        if (others.Count > 0)
            problem = (problem is null ? "" : problem + "；") + Web.UiText.Shared["一格中有 {0} 个号码，保存了{1}，其余记入备注", numbers.Count, Web.UiText.Shared[Mobile().IsMatch(digits) ? "第一个手机号" : "第一个"]];
        return new(digits, PhoneNumber.Mask(digits), problem, others);
    }

    /// <summary>An 18-character ID (check digit right) or a 15-digit one: what an unread column must not hold.</summary>
    public static bool LooksLikeId(string text)
    {
        var s = Compact(text).ToUpperInvariant();
        return (s.Length == 18 && s.AsSpan(0, 17).IndexOfAnyExceptInRange('0', '9') < 0 && NationalId.CheckDigit(s.AsSpan(0, 17)) == s[17])
            || (s.Length == 15 && s.All(char.IsAsciiDigit) && s[0] != '0');
    }

    /// <summary>A mobile number, +86 and separators allowed.</summary>
    public static bool LooksLikeMobile(string text) => Mobile().IsMatch(Digits(text));

    /// <summary>A mobile or a landline (area code optional).</summary>
    public static bool IsPhone(string digits) => Mobile().IsMatch(digits) || Landline().IsMatch(digits);

    /// <summary>A mobile number: 11 digits from 1.</summary>
    public static bool IsMobile(string digits) => Mobile().IsMatch(digits);

    /// <summary>The digits of one number: 0086 and +86 dropped (a landline's area code then gets its 0 back).</summary>
    static string Digits(string part)
    {
        var t = Compact(part);
        var international = t.StartsWith("+86", StringComparison.Ordinal) || t.StartsWith("0086", StringComparison.Ordinal);
        var d = new string(t.Where(char.IsAsciiDigit).ToArray());
        if (international) d = d.StartsWith("0086", StringComparison.Ordinal) ? d[4..] : d[2..];
        else if (d.Length == 13 && d.StartsWith("86", StringComparison.Ordinal)) d = d[2..];
        if (international && d.Length > 0 && d[0] is not ('0' or '1')) d = "0" + d;
        return d;
    }

    [GeneratedRegex(@"^1\d{10}$")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"^(?:0\d{2,3})?[1-9]\d{6,7}$")]
    private static partial Regex Landline();

    [GeneratedRegex(@"^(?:\d{3}\*{4}\d{4}|\*+\d{4})$")]
    private static partial Regex MaskedPhone();

    [GeneratedRegex("[/、,;，；|｜\n]|或")]
    private static partial Regex PhoneSeparators();

    // ---------------------------------------------------------------- words

    /// <summary>The names the glossary gives; export writes these.</summary>
    public static string NameOf(RelationToHead r) => r switch
    {
        RelationToHead.Self => "本人",
        RelationToHead.Spouse => "配偶",
        RelationToHead.Child => "子女",
        RelationToHead.Parent => "父母",
        RelationToHead.Grandchild => "孙子女",
        RelationToHead.Sibling => "兄弟姐妹",
        _ => "其他",
    };

    /// <summary>The category of a relation word (all of GB/T 4761's, see <see cref="CodeTables.Relation"/>); null when unknown.</summary>
    public static RelationToHead? RelationOf(string? text) => CodeTables.RelationOf(text)?.Category;

    /// <summary>男/女, and GB/T 2261.1's 1/2.</summary>
    public static Gender? GenderOf(string? text) => CodeTables.GenderOf(text);

    public static string NameOf(Gender g) => g == Gender.Male ? "男" : "女";

    public static ResidenceKind? ResidenceKindOf(string? text) => text is null ? null : Compact(text) switch
    {
        "户籍" or "户籍人口" or "户籍居民" or "本地户籍" or "本地" => ResidenceKind.Registered,
        "常住" or "常住人口" or "非户籍常住" or "常住非户籍" or "人户分离" or "寄住" => ResidenceKind.Resident,
        "流动" or "流动人口" or "外来" or "外来人口" or "暂住" or "暂住人口" => ResidenceKind.Migrant,
        _ => null,
    };

    public static string NameOf(ResidenceKind k) => k switch
    {
        ResidenceKind.Registered => "户籍",
        ResidenceKind.Resident => "常住",
        _ => "流动",
    };

    /// <summary>"独居老人、低保户, 残疾人" → the names, in order, each once.</summary>
    public static IReadOnlyList<string> TagNamesOf(string? text) => text is null
        ? []
        : TagSeparators().Split(Text.ToHalfWidth(text)).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList();

    [GeneratedRegex(@"[、,，;；\s]+")]
    private static partial Regex TagSeparators();
}
