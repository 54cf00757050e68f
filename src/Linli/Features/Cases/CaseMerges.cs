using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>Cases follow a merged household or person to the record kept (<see cref="IRegistryMerges"/>).</summary>
public sealed class CaseMerges : IRegistryMerges
{
    public Task HouseholdMergedAsync(LinliDb db, long mergedId, long intoId, CancellationToken ct) =>
        db.Set<Case>().Where(c => c.HouseholdId == mergedId).ExecuteUpdateAsync(s => s.SetProperty(c => c.HouseholdId, intoId), ct);

    public async Task ResidentMergedAsync(LinliDb db, long mergedId, long intoId, CancellationToken ct)
    {
        await db.Set<Case>().Where(c => c.ResidentId == mergedId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ResidentId, intoId), ct);
        await db.Set<CaseParty>().Where(p => p.ResidentId == mergedId).ExecuteUpdateAsync(s => s.SetProperty(p => p.ResidentId, intoId), ct);
    }
}
