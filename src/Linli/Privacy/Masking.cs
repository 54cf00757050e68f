using System.Text.RegularExpressions;

namespace Linli.Privacy;

/// <summary>
/// How an ID or mobile number is shown to someone who has not revealed it, and the net that masks anything
/// shaped like one in free text before it is logged or audited. One rule for the pages, the log lines and
/// the audit rows (DESIGN.md "Access, privacy and audit": logs and audit rows never hold an unmasked number).
/// </summary>
public static partial class Masking
{
    /// <summary>"4201********1234": the first four and last four characters of an ID number (18 or 15 long) kept.</summary>
    public static string NationalId(string id) =>
        id.Length <= 8 ? new string('*', id.Length) : string.Concat(id.AsSpan(0, 4), new string('*', id.Length - 8), id.AsSpan(id.Length - 4));

    /// <summary>"138****5678" for a mobile; for other lengths all but the last four digits hidden.</summary>
    public static string Phone(string digits) => digits.Length switch
    {
        11 => string.Concat(digits.AsSpan(0, 3), "****", digits.AsSpan(7)),
        <= 4 => new string('*', digits.Length),
        _ => string.Concat(new string('*', digits.Length - 4), digits.AsSpan(digits.Length - 4)),
    };

    /// <summary>The text with every ID-shaped (18 or 15 digits) and mobile-shaped (1[3-9] + 9 digits) number masked.</summary>
    public static string Redact(string text) =>
        MobileLike().Replace(IdLike().Replace(text, m => NationalId(m.Value)), m => Phone(m.Value));

    [GeneratedRegex(@"(?<![0-9])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")]
    private static partial Regex IdLike();

    [GeneratedRegex(@"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")]
    private static partial Regex MobileLike();
}
