using System.Reflection;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetArchTest.Rules;

namespace Linli.Tests.Architecture;

/// <summary>
/// The dependencies Linli never takes (issue 9, "Module boundaries, tested"). Each rule names the namespace that
/// must not reach another; the last tests run the same rules over deliberately bad types of this test assembly,
/// so a rule that could not fail would show here.
/// </summary>
public class ModuleBoundaryTests
{
    static readonly Assembly Linli = typeof(Resident).Assembly;

    /// <summary>The modules of the office's work. They reach Registry and Access only through public types, and each other not at all.</summary>
    public static readonly string[] WorkModules =
        ["Visits", "Cases", "Hotline", "Benefits", "Services", "Party", "Activities", "Volunteers", "Tasks", "Ledgers", "Reports", "Disclosure"];

    public static TheoryData<string, string> Forbidden => new()
    {
        { "Linli.Features.Access", "Linli.Features.Registry" },
        { "Linli.Features.Audit", "Linli.Features.Access" },
        { "Linli.Features.Audit", "Linli.Features.Registry" },
        { "Linli.Data", "Linli.Cli" },
        { "Linli.Web", "Linli.Cli" },
        { "Linli.Privacy", "Linli.Features" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void NeverDependsOn(string from, string forbidden) =>
        Assert.Empty(Violations(Linli, from, [forbidden]));

    [Fact]
    public void WorkModulesReachNoOtherWorkModule()
    {
        foreach (var module in WorkModules)
        {
            var others = WorkModules.Where(m => m != module).Select(m => "Linli.Features." + m + ".").ToArray();
            Assert.Empty(Violations(Linli, "Linli.Features." + module, others));
        }
    }

    /// <summary>
    /// The ledger module reads every module's fields through the catalogue in Declarations (ILedgerFields, ILedgerRows,
    /// ILedgerDeclarations) and never a module's own types: a new module adds fields without touching it (issue 16).
    /// </summary>
    [Fact]
    public void LedgersReadTheModulesOnlyThroughTheCatalogue()
    {
        var modules = WorkModules.Where(m => m != "Ledgers").Select(m => "Linli.Features." + m + ".").ToArray();
        Assert.Empty(Violations(Linli, "Linli.Features.Ledgers", modules));
        Assert.Empty(Violations(Linli, "Linli.Features.Ledgers", InternalTypesOf(Linli, "Linli.Features.Registry", "Linli.Features.Access")));
        // It does read the catalogue: the rule above is about something real.
        Assert.NotEmpty(Types.InAssembly(Linli).That().ResideInNamespace("Linli.Features.Ledgers").And().HaveDependencyOn("Linli.Features.ILedgerFields").GetTypes());
    }

    [Fact]
    public void WorkModulesReachRegistryAndAccessOnlyThroughPublicTypes()
    {
        var internals = InternalTypesOf(Linli, "Linli.Features.Registry", "Linli.Features.Access");
        Assert.NotEmpty(internals);
        foreach (var module in WorkModules)
            Assert.Empty(Violations(Linli, "Linli.Features." + module, internals));
    }

    [Fact]
    public void TheRulesCatchAForbiddenDependency()
    {
        var tests = typeof(ModuleBoundaryTests).Assembly;
        Assert.Equal(["Linli.Tests.Architecture.Bad.Audit.AuditThatReadsResidents"],
            Violations(tests, "Linli.Tests.Architecture.Bad.Audit", ["Linli.Features.Registry"]));
        Assert.Equal(["Linli.Tests.Architecture.Bad.Visits.VisitPageThatUsesRegistryInternals", "Linli.Tests.Architecture.Bad.Visits.VisitThatUsesRegistryInternals"],
            Violations(tests, "Linli.Tests.Architecture.Bad.Visits", InternalTypesOf(Linli, "Linli.Features.Registry")));
        // A page may name the permission its door asks for, and nothing else of Access that a rule forbids.
        Assert.Equal(["Linli.Tests.Architecture.Bad.Audit.AuditPageThatReadsTheArea"],
            Violations(tests, "Linli.Tests.Architecture.Bad.Audit", ["Linli.Features.Access"]));
        Assert.Empty(Violations(tests, "Linli.Tests.Architecture.Bad.Visits", ["Linli.Features.Cases."]));
    }

    /// <summary>
    /// The types of <paramref name="from"/> (and below) that depend on any of <paramref name="forbidden"/> (namespaces or
    /// type names, matched as prefixes). Page models are held to the same rules, with one allowance: a page may name the
    /// permission its door asks for (<c>[Authorize(Policy = Permissions.X)]</c>), so for page models the
    /// <see cref="Linli.Features.Access.Permissions"/> constants are not a forbidden dependency — every other type of a
    /// forbidden namespace still is.
    /// </summary>
    static List<string> Violations(Assembly assembly, string from, string[] forbidden)
    {
        var cores = Types.InAssembly(assembly).That().ResideInNamespace(from).And().DoNotInherit(typeof(PageModel))
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        var pages = Types.InAssembly(assembly).That().ResideInNamespace(from).And().Inherit(typeof(PageModel))
            .ShouldNot().HaveDependencyOnAny(ForPages(forbidden)).GetResult();
        return [.. (cores.FailingTypeNames ?? []).Concat(pages.FailingTypeNames ?? []).Order()];
    }

    /// <summary>
    /// <paramref name="forbidden"/> with any prefix that covers the permission constants spelled out as the types it
    /// covers, all but <see cref="Linli.Features.Access.Permissions"/> and its nested classes.
    /// </summary>
    static string[] ForPages(string[] forbidden)
    {
        var permissions = typeof(Linli.Features.Access.Permissions).FullName!;
        return [.. forbidden.SelectMany(f => !permissions.StartsWith(f, StringComparison.Ordinal) ? [f]
            : Linli.GetTypes().Select(t => t.FullName!).Where(n => n.StartsWith(f, StringComparison.Ordinal) && !n.StartsWith(permissions, StringComparison.Ordinal) && !n.Contains('<'))
                .Select(n => n.Replace('+', '/')))];
    }

    /// <summary>Full names of the types of these namespaces that are not public (nested ones included), as dependency patterns.</summary>
    static string[] InternalTypesOf(Assembly assembly, params string[] namespaces) =>
        assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && namespaces.Any(n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal)))
            .Where(t => !(t.IsPublic || t.IsNestedPublic) && !t.Name.Contains('<') && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
            .Select(t => t.FullName!.Replace('+', '/'))
            .ToArray();
}
