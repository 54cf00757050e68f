using System.Collections.Concurrent;
using Linli.Data;

namespace Linli.Features.Access;

/// <summary>
/// Each server keeps the users' <see cref="AreaGrants"/> and the grids of each unit in memory, valid for one
/// <see cref="AccessStamp"/>: a request that reads another stamp than the one they were built under starts afresh.
/// The street officer's 808 grids are then read once per change of roles or tree, not once per request.
/// </summary>
public sealed class AreaCache
{
    sealed class Generation(long stamp)
    {
        public long Stamp { get; } = stamp;
        public ConcurrentDictionary<long, AreaGrants> Users { get; } = new();
        public ConcurrentDictionary<long, long[]> GridsOfUnit { get; } = new();
    }

    Generation current = new(0);

    internal async Task<AreaGrants> GrantsAsync(LinliDb db, long userId, long stamp, CancellationToken ct)
    {
        var generation = current;
        if (generation.Stamp != stamp)
        {
            // Every generation holds only what was read after its stamp was: a request that began just before a
            // change and installs the old stamp again costs one more reload, never a stale answer after the change.
            generation = new Generation(stamp);
            current = generation;
        }
        if (generation.Users.TryGetValue(userId, out var cached)) return cached;
        var grants = await AreaGrants.LoadAsync(db, userId, async (unit, c) =>
        {
            if (generation.GridsOfUnit.TryGetValue(unit.Id, out var grids)) return grids;
            return generation.GridsOfUnit[unit.Id] = await AreaGrants.GridsUnderAsync(db, unit, c);
        }, ct);
        generation.Users[userId] = grants;
        return grants;
    }
}
