using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary><see cref="ICaseLinks"/>: a case by its public reference, among those the user sees (<see cref="CaseScope.VisibleTo"/>).</summary>
public sealed class CaseLinks(LinliDb db) : ICaseLinks
{
    public async Task<CaseLink?> FindAsync(UserArea area, string reference, CancellationToken ct)
    {
        var r = reference.Trim().ToUpperInvariant();
        if (r.Length is 0 or > 32) return null;
        return await db.Set<Case>().AsNoTracking().VisibleTo(area).Where(c => c.Reference == r)
            .Select(c => new CaseLink(c.Id, c.Reference, c.Kind, c.GridId, c.ResidentId, "/Cases/" + c.Id)).FirstOrDefaultAsync(ct);
    }
}
