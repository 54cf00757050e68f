using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// Shows a resident's ID or phone number in full to a user allowed to reveal it, for a reason they give.
/// The reveal is written to the audit log (the number itself never is) before the number is returned.
/// </summary>
public sealed class RevealNumber(LinliDb db, FieldCipher cipher, AuditLog audit, UiText say)
{
    public enum Field { NationalId, Phone }
    public sealed record Result(string? Value, string? Error);

    public static readonly IReadOnlyList<string> CommonReasons = ["核实身份", "办理业务", "联系本人", "上级核查"];

    public static string Label(Field f) => f == Field.NationalId ? "身份证号" : "联系电话";

    /// <summary>Null when the resident is not in the user's area (the caller answers 404).</summary>
    public async Task<Result?> HandleAsync(UserArea area, long residentId, Field field, string? reason, CancellationToken ct)
    {
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).Where(r => r.Id == residentId)
            .Select(r => new { r.Id, r.GridId, r.NationalIdCipher, r.PhoneCipher }).FirstOrDefaultAsync(ct);
        if (resident is null) return null;
        if (!area.HasInGrid(Permissions.Registry.Reveal, resident.GridId))
        {
            await audit.DeniedAsync(AuditTarget.Resident(residentId), $"无权查看完整{Label(field)}", ct);
            return new Result(null, "你的角色不能查看完整号码。");
        }
        var why = (reason ?? "").Trim();
        if (why.Length < 2) return new Result(null, "请说明查看的理由。");
        if (why.Length > 100) return new Result(null, "理由不能超过100个字。");
        var cipherText = field == Field.NationalId ? resident.NationalIdCipher : resident.PhoneCipher;
        if (cipherText is null) return new Result(null, say["没有登记{0}。", say[Label(field)]]);
        await audit.WriteAsync(AuditActions.Reveal, AuditTarget.Resident(residentId), resident.GridId, $"查看完整{Label(field)}，理由：{why}", ct: ct);
        return new Result(cipher.Decrypt(cipherText), null);
    }
}
