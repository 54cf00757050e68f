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
    /// ModelState errors, a use case's refusals (Result.Fail, or through the localizer as <c>say["…"]</c>), ProblemDetails of the API,
    /// and what model binding says.
    /// Only plain literals with Chinese in them: a message composed with $"…{value}" has no fixed key. The command line
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

    [GeneratedRegex(""""(?:ErrorMessage\s*=\s*|Display\(Name\s*=\s*|AddModelError\((?:"[^"]*"|nameof\([^)]*\)|[^;"(),])*,\s*|Result\.Fail\(|Problem\(\s*|detail:\s*|say\[)(?<!\$)"(?<text>(?:[^"\\]|\\.)*)"""")]
    private static partial Regex UserMessage();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
