using System.Runtime.CompilerServices;
using System.Text;
using Linli.Privacy;

namespace Linli.Features.Audit;

/// <summary>
/// The detail text of an audit row, written as an interpolated string: <c>$"查看 {name} 的身份证号，理由：{reason}"</c>.
/// Every value put into a hole is masked like a log line (ID and mobile numbers) before it is
/// appended, and the whole text once more at the end, so no caller can store an unmasked number by
/// accident. A plain string does not convert: the caller writes <c>$"…"</c> and the masking happens.
/// </summary>
[InterpolatedStringHandler]
public sealed class AuditDetail
{
    readonly StringBuilder text;

    public AuditDetail(int literalLength, int formattedCount) => text = new StringBuilder(literalLength + formattedCount * 8);

    public void AppendLiteral(string value) => text.Append(value);

    public void AppendFormatted<T>(T value) => text.Append(Masking.Redact(value?.ToString() ?? ""));

    public void AppendFormatted<T>(T value, string? format) =>
        text.Append(Masking.Redact((value is IFormattable f ? f.ToString(format, null) : value?.ToString()) ?? ""));

    /// <summary>The masked text, cut to what the column holds.</summary>
    public override string ToString() => Masked(text.ToString(), AuditLog.DetailLength);

    /// <summary>Masks ID- and phone-shaped numbers and cuts the text to <paramref name="max"/> characters.</summary>
    public static string Masked(string s, int max)
    {
        var masked = Masking.Redact(s.ReplaceLineEndings(" "));
        if (masked.Length <= max) return masked;
        // Never cut between the halves of a surrogate pair (𠮷 in a name): the database would store a U+FFFD.
        var keep = max - 1;
        if (char.IsHighSurrogate(masked[keep - 1])) keep--;
        return string.Concat(masked.AsSpan(0, keep), "…");
    }
}
