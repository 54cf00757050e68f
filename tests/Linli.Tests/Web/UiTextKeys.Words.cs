using System.Text;
using System.Text.RegularExpressions;

namespace Linli.Tests.Web;

/// <summary>
/// The refusals and validators' messages that <see cref="UiTextKeys.InCode"/> misses because the message is not the first
/// argument or not right after the call's parenthesis: <c>Outcome.Fail(nameof(f.Note), "…")</c>, <c>Outcome.Fail("", cond ? "…" : "…")</c>,
/// <c>Refusals.Invalid&lt;T&gt;("…")</c>, <c>Refusals.NotFound&lt;T&gt;("…")</c>, <c>new(null, TaskRefusal.Forbidden, "…")</c>, a validator's
/// <c>return (null, "…")</c>, and the file exceptions a page shows. Every string literal with Chinese in such a call is a message,
/// except the text a condition looks for (<c>error.Contains("签收", …)</c>). An interpolated one (<c>$"…{x}…"</c>) has no key and
/// is reported as composed. Backup and restore, and issuing access tokens, are spoken by the command line only.
/// </summary>
static partial class UiTextKeys
{
    public sealed record Found(int Line, string Text, bool Composed);

    static readonly string[] CommandLineOnly = ["Cli", "Demo", "Migrations", "bin", "obj", "Backup", "AccessToken.cs"];

    static IEnumerable<(string File, Found Hit)> RefusalsUnder(string srcRoot) =>
        Directory.EnumerateFiles(srcRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(srcRoot, f).Split(Path.DirectorySeparatorChar).Intersect(CommandLineOnly).Any())
            .SelectMany(f => RefusalsIn(File.ReadAllText(f)).Select(hit => (Path.GetRelativePath(srcRoot, f), hit)));

    /// <summary>The plain refusal messages in the sources: each must be a key of every language's table.</summary>
    public static IEnumerable<string> RefusalMessages(string srcRoot) =>
        RefusalsUnder(srcRoot).Where(x => !x.Hit.Composed).Select(x => x.Hit.Text).Distinct();

    /// <summary>The refusals composed in Chinese by interpolation, as "file:line: text": they must be <c>say["…{0}…", x]</c> instead.</summary>
    public static IEnumerable<string> ComposedRefusals(string srcRoot) =>
        RefusalsUnder(srcRoot).Where(x => x.Hit.Composed).Select(x => $"{x.File}:{x.Hit.Line}: {x.Hit.Text}");

    /// <summary>The Chinese literals in refusal and validator positions of one source text.</summary>
    public static IEnumerable<Found> RefusalsIn(string source)
    {
        foreach (Match m in RefusalStart().Matches(source))
            foreach (var (at, text, composed) in LiteralsOfCall(source, m.Index + m.Length))
                if (Chinese().IsMatch(text))
                    yield return new Found(source.AsSpan(0, at).Count('\n') + 1, composed ? text : Regex.Unescape(text), composed);
    }

    [GeneratedRegex("""\.Fail\(|\bInvalid(?:<[^<>()]*>)?\(|\bNotFound(?:<[^<>()]*>)?\(|\bRefuse\w*\(|\breturn\s*\((?=\s*(?:null|default|false)\s*,)|\bnew\(\s*(?=(?:null|default)\s*,\s*\w+Refusal\.)|\bBad\(|\bError\((?=\s*(?:"[^"]*"|nameof\([^)]*\))\s*,)|throw new (?:SealedFile|RosterFile|RestoreRefused)Exception\(""")]
    private static partial Regex RefusalStart();

    [GeneratedRegex(@"\b(?:Contains|StartsWith|EndsWith|IndexOf|Equals|Replace|Split)\s*$")]
    private static partial Regex TextTest();

    /// <summary>
    /// The string literals of a call whose opening parenthesis ends at <paramref name="start"/>, up to its closing one: their
    /// position, text and whether interpolated. Literals inside a nested Contains(…)-like test are not messages and are skipped;
    /// strings inside an interpolation's holes belong to their literal.
    /// </summary>
    static IEnumerable<(int At, string Text, bool Composed)> LiteralsOfCall(string s, int start)
    {
        var tests = new Stack<bool>();
        tests.Push(false);
        var i = start;
        while (i < s.Length && tests.Count > 0)
        {
            var c = s[i];
            if (c == '"' || (c is '$' or '@' && i + 1 < s.Length && s[i + 1] is '"' or '$' or '@'))
            {
                var at = i;
                var prefix = new StringBuilder();
                while (s[i] is '$' or '@') prefix.Append(s[i++]);
                var (text, end) = ReadLiteral(s, i, prefix.ToString().Contains('$'), prefix.ToString().Contains('@'));
                if (!tests.Peek()) yield return (at, text, prefix.ToString().Contains('$'));
                i = end;
                continue;
            }
            if (c == '(') tests.Push(tests.Peek() || TextTest().IsMatch(s.AsSpan(start, i - start).ToString()));
            else if (c == ')') tests.Pop();
            else if (c == ';') yield break;
            i++;
        }
    }

    /// <summary>The literal whose opening quote is at <paramref name="quote"/>: its raw text and the index after its closing quote.</summary>
    static (string Text, int End) ReadLiteral(string s, int quote, bool interpolated, bool verbatim)
    {
        var i = quote + 1;
        var holes = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (holes > 0)
            {
                if (c == '"') { i = ReadLiteral(s, i, false, false).End; continue; }
                if (c == '{') holes++;
                else if (c == '}') holes--;
                i++;
                continue;
            }
            if (!verbatim && c == '\\') { i += 2; continue; }
            if (interpolated && c == '{')
            {
                if (i + 1 < s.Length && s[i + 1] == '{') { i += 2; continue; }
                holes = 1;
                i++;
                continue;
            }
            if (c == '"')
            {
                if (verbatim && i + 1 < s.Length && s[i + 1] == '"') { i += 2; continue; }
                return (s[(quote + 1)..i], i + 1);
            }
            if (c == '\n' && !verbatim) break;
            i++;
        }
        return (s[(quote + 1)..Math.Min(i, s.Length)], i + 1);
    }
}
