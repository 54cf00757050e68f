using System.Globalization;
using System.Text;
using Linli.Web;

namespace Linli.Features.Registry;

/// <summary>
/// Text as people see it: names are cut, keyed and counted in text elements (grapheme clusters), never in
/// UTF-16 units, so 𠮷 (U+20BB7, CJK Extension B) or an emoji is one character and never two broken halves.
/// Also the cleaning of what comes in from a form, the API or a file: control characters and broken
/// surrogates never reach the database.
/// </summary>
public static class TextElements
{
    /// <summary>The text elements (user-perceived characters) of <paramref name="s"/>, in order.</summary>
    public static List<string> Of(string s)
    {
        var list = new List<string>(s.Length);
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext()) list.Add(e.GetTextElement());
        return list;
    }

    /// <summary>How many Unicode scalar values (code points): what PostgreSQL's varchar(n) counts.</summary>
    public static int CodePoints(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }

    /// <summary>At most <paramref name="maxUnits"/> UTF-16 units of <paramref name="s"/>, never splitting a text element; the ellipsis counts.</summary>
    public static string Cut(string s, int maxUnits, string ellipsis = "")
    {
        if (s.Length <= maxUnits) return s;
        var room = maxUnits - ellipsis.Length;
        var b = new StringBuilder(maxUnits);
        foreach (var element in Of(s))
        {
            if (b.Length + element.Length > room) break;
            b.Append(element);
        }
        return b.Append(ellipsis).ToString();
    }

    /// <summary>True for a control character (NUL, ESC, backspace, DEL …) or half of a surrogate pair standing alone.</summary>
    public static bool HasControlOrBroken(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsControl(c)) return true;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return true;
        }
        return false;
    }

    /// <summary>
    /// <paramref name="s"/> without control characters and broken surrogates, trimmed; null when nothing is left.
    /// With <paramref name="multiline"/> line breaks and tabs stay (for 备注).
    /// </summary>
    public static string? Clean(string? s, bool multiline = false)
    {
        if (s is null) return null;
        if (HasControlOrBroken(s))
        {
            var b = new StringBuilder(s.Length);
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { b.Append(c).Append(s[++i]); continue; }
                if (char.IsSurrogate(c)) continue;
                if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')) continue;
                b.Append(c);
            }
            s = b.ToString();
        }
        // A browser posts a textarea's line breaks as CRLF: stored as \n, so that sending back what was shown changes nothing.
        if (multiline) s = s.ReplaceLineEndings("\n");
        s = s.Trim();
        return s.Length == 0 ? null : s;
    }

    /// <summary>
    /// A person's name as typed, checked: (the name, null) or (null, the message). A name of nothing but spaces
    /// and control characters is empty; control characters inside a name are refused, not silently dropped.
    /// </summary>
    public static (string? Name, string? Error) Name(string? typed, string label = "姓名")
    {
        var say = UiText.Shared;
        label = say[label];
        if (Clean(typed) is not { } visible) return (null, say["请填写{0}", label]);
        if (HasControlOrBroken(typed!.Trim()))
            return (null, say["{0}含有控制字符或无法识别的字符（如 NUL、ESC、退格），请重新输入", label]);
        if (CodePoints(visible) > 64) return (null, say["{0}不能超过64个字", label]);
        return (visible, null);
    }
}
