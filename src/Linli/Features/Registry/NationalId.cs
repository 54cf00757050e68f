using System.Globalization;
using Linli.Web;

namespace Linli.Features.Registry;

/// <summary>公民身份号码 (GB 11643-1999): check digit, the legacy 15-digit form, and what the number says.</summary>
public static class NationalId
{
    static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const string CheckChars = "10X98765432";

    /// <summary>The check character for the first 17 digits.</summary>
    public static char CheckDigit(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }

    /// <summary>
    /// Normalises what a person typed (full-width digits, spaces, a lower-case x, a 15-digit legacy
    /// number) into the 18-character form, or says in Chinese what is wrong with it.
    /// </summary>
    public static bool TryNormalize(string? input, out string normalized, out string? error)
    {
        normalized = "";
        var s = Text.ToHalfWidth(input ?? "").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (s.Length == 0) { error = "身份证号为空"; return false; }
        if (s.Length == 15 && s.All(char.IsAsciiDigit))
        {
            // Numbers issued before 1999: no century and no check digit; all were born in the 1900s.
            var first17 = string.Concat(s.AsSpan(0, 6), "19", s.AsSpan(6, 9));
            s = first17 + CheckDigit(first17);
        }
        if (s.Length != 18) { error = UiText.Shared["身份证号应为18位，这里是{0}位", s.Length]; return false; }
        if (s.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9')) { error = "身份证号前17位应全是数字"; return false; }
        if (s[17] != 'X' && !char.IsAsciiDigit(s[17])) { error = "身份证号最后一位应是数字或X"; return false; }
        if (BirthDate(s) is null) { error = "身份证号中的出生日期不存在"; return false; }
        if (CheckDigit(s) != s[17]) { error = "身份证号校验位不正确"; return false; }
        normalized = s;
        error = null;
        return true;
    }

    public static DateOnly? BirthDate(string id18) =>
        DateOnly.TryParseExact(id18.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>The 17th digit is odd for men and even for women.</summary>
    public static Gender Gender(string id18) => (id18[16] - '0') % 2 == 1 ? Registry.Gender.Male : Registry.Gender.Female;

    /// <summary>4101**********123X: the region's first four and the last four.</summary>
    public static string Mask(string id18) => Privacy.Masking.NationalId(id18);
}

public static class PhoneNumber
{
    /// <summary>Digits only, full-width folded, "+86" and separators dropped; null when nothing is left.</summary>
    public static string? Normalize(string? input)
    {
        var digits = new string(Text.ToHalfWidth(input ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.StartsWith("86", StringComparison.Ordinal) && digits.Length == 13) digits = digits[2..];
        return digits.Length == 0 ? null : digits;
    }

    /// <summary>138****5678 for mobiles; for other lengths, all but the last four hidden.</summary>
    public static string Mask(string digits) => Privacy.Masking.Phone(digits);
}

public static class Text
{
    /// <summary>Full-width digits, letters and spaces (０-９, Ｘ, 　) to their ASCII forms.</summary>
    public static string ToHalfWidth(string s)
    {
        if (s.All(c => c < 0x3000)) return s;
        return string.Create(s.Length, s, static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                var c = src[i];
                span[i] = c switch
                {
                    '\u3000' => ' ',
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    _ => c,
                };
            }
        });
    }
}
