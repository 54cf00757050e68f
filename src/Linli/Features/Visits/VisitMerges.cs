using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>Visits follow a merged household or person to the record kept (<see cref="IRegistryMerges"/>).</summary>
public sealed class VisitMerges : IRegistryMerges
{
    public Task HouseholdMergedAsync(LinliDb db, long mergedId, long intoId, CancellationToken ct) =>
        db.Set<Visit>().Where(v => v.HouseholdId == mergedId).ExecuteUpdateAsync(s => s.SetProperty(v => v.HouseholdId, intoId), ct);

    /// <summary>The kept person's standings are recomputed by the merge's next save (<see cref="VisitStandingsHook.MarkDirty"/>).</summary>
    public async Task ResidentMergedAsync(LinliDb db, long mergedId, long intoId, CancellationToken ct)
    {
        await db.Set<Visit>().Where(v => v.ResidentId == mergedId).ExecuteUpdateAsync(s => s.SetProperty(v => v.ResidentId, intoId), ct);
        VisitStandingsHook.MarkDirty(db, mergedId, intoId);
    }
}
