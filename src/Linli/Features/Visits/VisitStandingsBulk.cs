using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// The rows of <see cref="VisitStanding"/> for residents the registry wrote past SaveChanges (<see cref="IResidentsWrittenInBulk"/>:
/// the roster import, the bulk label): recomputed from what is now in the database and written set-based in the
/// registry's transaction — the residents' rows deleted, the rows they call for inserted.
/// </summary>
public sealed class VisitStandingsBulk : IResidentsWrittenInBulk
{
    static readonly VisitStandings.Pending Nothing = new([], [], [], [], [], [], null);

    public async Task WrittenAsync(LinliDb db, IReadOnlyCollection<long> residentIds, CancellationToken ct)
    {
        foreach (var chunk in residentIds.Distinct().Chunk(2000))
        {
            var desired = await VisitStandings.DesiredAsync(db, chunk, Nothing, ct);
            await db.Set<VisitStanding>().Where(s => EF.Parameter(chunk).Contains(s.ResidentId)).ExecuteDeleteAsync(ct);
            await BulkWriter.InsertAsync(db, desired, ct);
        }
    }
}
