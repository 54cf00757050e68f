using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>Visits follow a merged household or person to the record kept (<see cref="IRegistryMerges"/>).</summary>
public sealed class VisitMerges : IRegistryMerges
{
    public Task HouseholdMergedAsync(LinliDb db, long mergedId, long intoId, CancellationToken ct) =>
        db.Set<Visit>().Where(v => v.HouseholdId == mergedId).ExecuteUpdateAsync(s => s.SetProperty(v => v.HouseholdId, intoId), ct);

    public Task ResidentMergedAsync(LinliDb db, long mergedId, long intoId, CancellationToken ct) =>
        db.Set<Visit>().Where(v => v.ResidentId == mergedId).ExecuteUpdateAsync(s => s.SetProperty(v => v.ResidentId, intoId), ct);
}
