using Linli.Data;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// A record asked for outside the user's area answers 404 like one that does not exist; when it does exist
/// elsewhere, the refusal is written to the audit log. The extra look-up runs only on the not-found path.
/// </summary>
public sealed class OutOfArea(LinliDb db, AuditLog audit)
{
    public async Task ReportAsync(string kind, long id, CancellationToken ct)
    {
        var exists = kind switch
        {
            AuditTargets.Resident => await db.Residents.AnyAsync(r => r.Id == id, ct),
            AuditTargets.Household => await db.Households.AnyAsync(h => h.Id == id, ct),
            AuditTargets.OrgUnit => await db.OrgUnits.AnyAsync(o => o.Id == id, ct),
            _ => false,
        };
        if (exists) await audit.DeniedAsync(new AuditTarget(kind, id), $"不在管辖范围内", ct);
    }
}
