using System.Reflection;
using Linli.Data;

namespace Linli.Features.Demo;

/// <summary>
/// What a work module adds to the demo street so that its pages are alive on the first run (a year of visits, a few
/// hundred cases …). A module declares one public class implementing this with a parameterless constructor; the demo
/// finds every such class in the assembly and runs them in <see cref="Order"/> after the registry is filled, inside the
/// same transaction, so a failing part leaves no half-filled demo.
/// </summary>
public interface IDemoData
{
    /// <summary>Lower runs first (visits before the cases they raise).</summary>
    int Order { get; }
    Task FillAsync(DemoContext demo, CancellationToken ct);
}

/// <param name="Random">Seeded from the demo's seed and the part's type name: the same seed gives the same data.</param>
/// <param name="Today">The day the demo is made (local date): work dated relative to it stays current when the demo is run.</param>
/// <param name="UserIds">The demo accounts by user name (<c>cadre</c>, <c>lead</c>, <c>social</c>, <c>hotline</c>, <c>street</c> …).</param>
public sealed record DemoContext(LinliDb Db, FieldCipher Cipher, Random Random, DateOnly Today, IReadOnlyDictionary<string, long> UserIds);

public static class DemoParts
{
    /// <summary>Every <see cref="IDemoData"/> of the Linli assembly, in order.</summary>
    public static IReadOnlyList<IDemoData> All { get; } = typeof(IDemoData).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDemoData).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IDemoData)Activator.CreateInstance(t)!)
        .OrderBy(p => p.Order).ThenBy(p => p.GetType().FullName, StringComparer.Ordinal).ToList();

    internal static async Task FillAsync(LinliDb db, FieldCipher cipher, int seed, DateOnly today, IReadOnlyDictionary<string, long> userIds, CancellationToken ct)
    {
        foreach (var part in All)
        {
            var name = part.GetType().FullName!;
            var partSeed = seed ^ name.Aggregate(17, (h, c) => unchecked(h * 31 + c));
            await part.FillAsync(new DemoContext(db, cipher, new Random(partSeed), today, userIds), ct);
        }
    }
}
