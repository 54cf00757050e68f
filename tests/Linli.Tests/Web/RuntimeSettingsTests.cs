using System.Text.Json;

namespace Linli.Tests.Web;

/// <summary>
/// The runtime settings src/Linli/Linli.csproj gives the server, read from the linli.runtimeconfig.json the build
/// wrote (copied beside the tests): they keep one server's memory under DESIGN.md's 500 MB (issue 10,
/// docs/PERFORMANCE.md, session 12). Dropping one from the project file makes the build write the default again, and
/// this test fails.
/// </summary>
public class RuntimeSettingsTests
{
    static JsonElement ConfigProperties()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "linli.runtimeconfig.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    static bool? Flag(string name) =>
        ConfigProperties().TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>Workstation GC: Server GC kept ~90 MB more committed than live on the quick bench (heap retention, not data).</summary>
    [Fact]
    public void TheServerRunsTheWorkstationGarbageCollector() => Assert.False(Flag("System.GC.Server"));

    /// <summary>No instrumented tier: TieredPGO kept a third copy of hot methods and their counts (~40 MB on the quick bench).</summary>
    [Fact]
    public void TheServerCompilesWithoutTieredPgo() => Assert.False(Flag("System.Runtime.TieredPGO"));

    /// <summary>Methods with loops start optimised: code that runs once per roster import never reached tier 1 (session 14).</summary>
    [Fact]
    public void LoopsAreCompiledOptimisedAtOnce() => Assert.False(Flag("System.Runtime.TieredCompilation.QuickJitForLoops"));
}
