using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// The full number of a caller not in the registry, kept encrypted on the case (<see cref="Case.CallerPhoneCipher"/>)
/// so a handler can call back. Shown masked; revealed to the case's handlers (owner, who registered it) and the
/// community's leads, for a reason, and the reveal written to the audit log (the number itself never is).
/// </summary>
public sealed class CasePhone(LinliDb db, FieldCipher cipher, AuditLog audit)
{
    public sealed record Result(string? Value, string? Error);

    /// <summary>Null when the case is not found in the user's sight (404).</summary>
    public async Task<Result?> RevealAsync(UserArea area, long caseId, string? reason, CancellationToken ct)
    {
        var c = await db.Set<Case>().AsNoTracking().VisibleTo(area).Where(x => x.Id == caseId)
            .Select(x => new { x.Id, x.GridId, x.OwnerId, x.CreatedById, x.CallerPhoneCipher }).FirstOrDefaultAsync(ct);
        if (c is null) return null;
        if (!MayReveal(area, c.GridId, c.OwnerId, c.CreatedById))
        {
            await audit.DeniedAsync(AuditTarget.Case(caseId), $"无权查看来电人完整号码", ct);
            return new Result(null, "只有承办人、登记人和社区负责人可以查看来电人的完整号码。");
        }
        var why = (reason ?? "").Trim();
        if (why.Length < 2) return new Result(null, "请说明查看的理由（如：回电联系）。");
        if (why.Length > 100) return new Result(null, "理由不能超过100个字。");
        if (c.CallerPhoneCipher is null) return new Result(null, "这件事没有记下来电人的完整号码（在册居民的号码在居民页查看）。");
        await audit.WriteAsync(AuditActions.Reveal, AuditTarget.Case(caseId), c.GridId, $"查看来电人完整号码，理由：{why}", ct: ct);
        return new Result(cipher.Decrypt(c.CallerPhoneCipher), null);
    }

    public static bool MayReveal(UserArea area, long gridId, long? ownerId, long createdById) =>
        ownerId == area.UserId || createdById == area.UserId || area.HasInGrid(Permissions.Cases.Lead, gridId);
}
