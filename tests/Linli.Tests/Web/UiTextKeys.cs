using System.Text.RegularExpressions;
using Linli.Features;
using Linli.Features.Access;

namespace Linli.Tests.Web;

/// <summary>Every text the pages pass through T[…]: the literal ones found in the page sources, and the ones chosen at run time.</summary>
static partial class UiTextKeys
{
    public static IEnumerable<string> InPages(string srcRoot)
    {
        var literal = Directory.EnumerateFiles(Path.Combine(srcRoot, "Features"), "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => Literal().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value));
        var chosen = Modules.All.Select(m => m.Name)
            .Concat(Roles.All.Select(Roles.DisplayName))
            .Concat(Linli.Features.Audit.AuditActions.Labels.Values)
            .Concat(AccessAuditNames.PermissionNames.Values)
            .Concat(new[] { 400, 401, 403, 404, 413, 429, 500, 503 }.Select(ErrorModel.Title))
            .Concat(Linli.Web.Problems.Texts)
            .Concat(["各社区", "各网格"])
            .Concat(Enum.GetValues<Linli.Features.Registry.Gender>().Select(Linli.Features.Registry.RegistryText.Of))
            .Concat(Enum.GetValues<Linli.Features.Registry.RelationToHead>().Select(Linli.Features.Registry.RegistryText.Of))
            .Concat(Enum.GetValues<Linli.Features.Registry.ResidenceKind>().Select(Linli.Features.Registry.RegistryText.Of))
            .Concat(Enum.GetValues<Linli.Features.Registry.ResidentStatus>().Select(Linli.Features.Registry.RegistryText.Of));
        return literal.Concat(chosen).Distinct();
    }

    [GeneratedRegex("""T\["((?:[^"\\]|\\.)+)"\]""")]
    private static partial Regex Literal();

    /// <summary>
    /// Messages written in the C# sources that reach the user: validation attributes' messages and field names,
    /// ModelState errors and a form's errors dictionary, a use case's refusals (Result.Fail, Invalid, Refuse…, or through the
    /// localizer as <c>say["…"]</c>, <c>say["…{0}…", x]</c>, <c>UiText.Shared["…"]</c>, <c>new Say("…")</c>), ProblemDetails of the
    /// API (titles and details), the page's TempData notices, and what model binding says.
    /// Only plain literals with Chinese in them: a message composed with $"…{value}" has no fixed key (ComposedMessages finds those). The command line
    /// (Cli/) and the demo data speak Chinese only, and log lines are not translated.
    /// </summary>
    public static IEnumerable<string> InCode(string srcRoot)
    {
        var skipped = new[] { "Cli", "Demo", "Migrations", "bin", "obj" };
        var found = Directory.EnumerateFiles(srcRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(srcRoot, f).Split(Path.DirectorySeparatorChar).Intersect(skipped).Any())
            .SelectMany(f => UserMessage().Matches(File.ReadAllText(f)))
            .Select(m => System.Text.RegularExpressions.Regex.Unescape(m.Groups["text"].Value))
            .Where(t => Chinese().IsMatch(t));
        return found.Concat(Linli.Web.ModelBindingMessages.All).Distinct();
    }

    [GeneratedRegex(""""(?:ErrorMessage\s*=\s*|Display\(Name\s*=\s*|AddModelError\((?:"[^"]*"|nameof\([^)]*\)|[^;"(),])*,\s*|Result\.Fail\(|Problem\(\s*|detail:\s*|title:\s*|\bInvalid\(|\bRefuse\w*\(|[Ee]rrors\[[^\]]*\]\s*=\s*(?:[^;"]*?\?\s*)?|TempData\["(?:Saved|Error)"\]\s*=\s*|say\[|Shared\[|new Say\()(?<!\$)"(?<text>(?:[^"\\]|\\.)*)"""")]
    private static partial Regex UserMessage();

    /// <summary>
    /// Messages a person reads that are composed in Chinese by interpolation (<c>Result.Fail($"账号“{name}”已存在。")</c>):
    /// they have no key, so no language but Simplified Chinese can show them. They are written as <c>say["账号“{0}”已存在。", name]</c>
    /// (or kept as a <c>Say</c> and put into words where shown) instead. Each finding is "file:line: text".
    /// The positions: a use case's refusal (…Fail(, Invalid(, Refuse…(, Done(), ModelState errors and a form's errors
    /// dictionary, Error/Message properties and TempData, ProblemDetails (Problem(…, detail:), validation attributes, the
    /// exception a page shows (RosterFileException), and the localizer's own key (say[$"…"], new Say($"…")).
    /// </summary>
    public static IEnumerable<string> ComposedMessages(string srcRoot)
    {
        var skipped = new[] { "Cli", "Demo", "Migrations", "bin", "obj" };
        return Directory.EnumerateFiles(srcRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(srcRoot, f).Split(Path.DirectorySeparatorChar).Intersect(skipped).Any())
            .SelectMany(f => ComposedIn(File.ReadAllText(f)).Select(hit => $"{Path.GetRelativePath(srcRoot, f)}:{hit}"));
    }

    /// <summary>The composed Chinese messages at user-message positions in one source text, as "line: text".</summary>
    public static IEnumerable<string> ComposedIn(string source) =>
        Composed().Matches(source)
            .Where(m => Chinese().IsMatch(m.Groups["text"].Value))
            .Select(m => $"{source.AsSpan(0, m.Index).Count('\n') + 1}: {m.Value.Trim()}");

    [GeneratedRegex(""""(?:\.Fail\([^;]*?|\bInvalid\([^;]*?|\bRefuse\w*\(|\bDone\(|AddModelError\([^;]*?|Problem\([^;]*?|detail:\s*|ErrorMessage\s*=\s*|[Ee]rrors\[[^\]]*\]\s*=\s*[^;]*?|\bError\s*=\s*[^;]*?|\bMessage\s*=\s*[^;]*?|TempData\[[^\]]*\]\s*=\s*[^;]*?|say\[|new Say\(|RosterFileException\()(?<![@\w])\$@?"(?<text>(?:[^"\\\n]|\\.)*)"""")]
    private static partial Regex Composed();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
