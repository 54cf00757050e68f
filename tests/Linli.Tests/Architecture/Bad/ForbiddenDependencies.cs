// Deliberately bad types: ModuleBoundaryTests.TheRulesCatchAForbiddenDependency proves its rules fail on them.
// Nothing else uses them.
namespace Linli.Tests.Architecture.Bad.Audit
{
    /// <summary>An audit type that reads the registry: what the Audit → Registry rule forbids.</summary>
    public static class AuditThatReadsResidents
    {
        public static string NameOf(Linli.Features.Registry.Resident r) => r.Name;
    }

    /// <summary>An audit page may name its permission (allowed) …</summary>
    [Microsoft.AspNetCore.Authorization.Authorize(Policy = Linli.Features.Access.Permissions.Audit.Read)]
    public sealed class AuditPageThatNamesItsPermission : Microsoft.AspNetCore.Mvc.RazorPages.PageModel;

    /// <summary>… but not read who is asking from Access: what the Audit → Access rule forbids, pages included.</summary>
    public sealed class AuditPageThatReadsTheArea(Linli.Features.Access.CurrentUser user) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
    {
        public Task<Linli.Features.Access.UserArea> Area() => user.AreaAsync();
    }
}

namespace Linli.Tests.Architecture.Bad.Visits
{
    /// <summary>A work module's type that uses one of the registry's internal types.</summary>
    public static class VisitThatUsesRegistryInternals
    {
        public static object Configuration() => new Linli.Features.Registry.TagConfiguration();
    }

    /// <summary>A work module's page that uses one of the registry's internal types: pages are held to the rules too.</summary>
    public sealed class VisitPageThatUsesRegistryInternals : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
    {
        public static object Configuration() => new Linli.Features.Registry.TagConfiguration();
    }
}
