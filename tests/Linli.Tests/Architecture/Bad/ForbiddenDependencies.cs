// Deliberately bad types: ModuleBoundaryTests.TheRulesCatchAForbiddenDependency proves its rules fail on them.
// Nothing else uses them.
namespace Linli.Tests.Architecture.Bad.Audit
{
    /// <summary>An audit type that reads the registry: what the Audit → Registry rule forbids.</summary>
    public static class AuditThatReadsResidents
    {
        public static string NameOf(Linli.Features.Registry.Resident r) => r.Name;
    }
}

namespace Linli.Tests.Architecture.Bad.Visits
{
    /// <summary>A work module's type that uses one of the registry's internal types.</summary>
    public static class VisitThatUsesRegistryInternals
    {
        public static object Configuration() => new Linli.Features.Registry.TagConfiguration();
    }
}
