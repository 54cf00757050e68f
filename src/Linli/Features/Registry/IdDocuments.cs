using System.Text.RegularExpressions;
using Linli.Web;

namespace Linli.Features.Registry;

/// <summary>The identity documents of people without a mainland 居民身份证 (证件类型).</summary>
public enum IdDocumentKind { Passport, HongKongMacaoPermit, TaiwanPermit, ForeignPermanentResident }

/// <summary>
/// Reading and masking the numbers of <see cref="IdDocumentKind"/> documents. They are stored like the ID number
/// (encrypted, keyed hash, masked form) with the kind beside them, so a person with a passport is one resident like any other.
/// </summary>
public static partial class IdDocuments
{
    /// <summary>The document a 证件类型 cell names; null for 居民身份证 (and the words for it); throws nothing, returns <paramref name="known"/> false for an unknown word.</summary>
    public static IdDocumentKind? KindOf(string? typed, out bool known)
    {
        known = true;
        if (typed is null) return null;
        var s = new string(Text.ToHalfWidth(typed).Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (s is "居民身份证" or "身份证" or "二代身份证" or "中华人民共和国居民身份证" or "临时身份证" or "港澳台居民居住证" or "户口簿" or "01" or "1" or "111") return null;
        if (s.Contains("护照", StringComparison.Ordinal) || s is "414" or "Passport") return IdDocumentKind.Passport;
        if (s.Contains("永久居留", StringComparison.Ordinal) || s.Contains("永居", StringComparison.Ordinal) || s is "553") return IdDocumentKind.ForeignPermanentResident;
        if (s.Contains("港澳", StringComparison.Ordinal) || s.Contains("回乡证", StringComparison.Ordinal) || s is "516") return IdDocumentKind.HongKongMacaoPermit;
        if (s.Contains("台湾", StringComparison.Ordinal) || s.Contains("台胞证", StringComparison.Ordinal) || s is "511") return IdDocumentKind.TaiwanPermit;
        known = false;
        return null;
    }

    public static string NameOf(IdDocumentKind k) => k switch
    {
        IdDocumentKind.Passport => "护照",
        IdDocumentKind.HongKongMacaoPermit => "港澳居民来往内地通行证",
        IdDocumentKind.TaiwanPermit => "台湾居民来往大陆通行证",
        _ => "外国人永久居留身份证",
    };

    /// <summary>The number in its stored form (upper case, no spaces) and null, or null and what is wrong with it.</summary>
    public static (string? Number, string? Error) Normalize(IdDocumentKind kind, string typed)
    {
        var s = new string(Text.ToHalfWidth(typed).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        var ok = kind switch
        {
            IdDocumentKind.Passport => Passport().IsMatch(s),
            IdDocumentKind.HongKongMacaoPermit => HongKongMacao().IsMatch(s),
            IdDocumentKind.TaiwanPermit => Taiwan().IsMatch(s),
            // Before 2023: three letters of the nationality and 12 digits; since December 2023: 18 characters that begin
            // with 9 and end with a GB 11643 check character, the birth date in the middle.
            _ => PermanentOld().IsMatch(s) || (PermanentNew().IsMatch(s) && NationalId.CheckDigit(s.AsSpan(0, 17)) == s[17]),
        };
        return ok ? (s, null) : (null, UiText.Shared["{0}号码“{1}”格式不对", UiText.Shared[NameOf(kind)], Privacy.Masking.Phone(s)]);
    }

    /// <summary>The birth date a 2023 permanent-residence number carries (characters 7–14); null for other documents.</summary>
    public static DateOnly? BirthDate(IdDocumentKind kind, string number) =>
        kind == IdDocumentKind.ForeignPermanentResident && number.Length == 18
        && DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", out var d) ? d : null;

    /// <summary>Two characters at each end shown, the rest hidden (passport numbers are short: the ID's 4+4 would show almost all).</summary>
    public static string Mask(string number) => number.Length <= 6
        ? new string('*', number.Length)
        : number.Length >= 15 ? Privacy.Masking.NationalId(number)
        : string.Concat(number.AsSpan(0, 2), new string('*', number.Length - 4), number.AsSpan(number.Length - 2));

    [GeneratedRegex(@"^[A-Z0-9]{5,17}$")]
    private static partial Regex Passport();

    [GeneratedRegex(@"^[HM]\d{8}(\d{2})?$")]
    private static partial Regex HongKongMacao();

    [GeneratedRegex(@"^(\d{8}|\d{10}|[A-Z]\d{9})$")]
    private static partial Regex Taiwan();

    [GeneratedRegex(@"^[A-Z]{3}\d{12}$")]
    private static partial Regex PermanentOld();

    [GeneratedRegex(@"^9\d{16}[\dX]$")]
    private static partial Regex PermanentNew();
}
