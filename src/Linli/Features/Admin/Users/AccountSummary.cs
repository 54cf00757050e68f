using Linli.Data;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Admin.Users;

/// <summary>One account as the administrators' pages show it at their top: who, in what state, holding what.</summary>
public sealed record AccountSummary(long Id, string UserName, string DisplayName, bool IsDisabled, bool IsLockedOut,
    bool TwoFactorEnabled, DateTime Created, DateTime? LastLogin, IReadOnlyList<AccountSummary.Held> Roles)
{
    public sealed record Held(string Role, long UnitId, string UnitName, string UnitCode);

    /// <summary>Null when there is no such account.</summary>
    public static async Task<AccountSummary?> LoadAsync(LinliDb db, long id, TimeProvider clock, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return null;
        var roles = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == id)
            .Join(db.OrgUnits, a => a.OrgUnitId, o => o.Id, (a, o) => new Held(a.Role, o.Id, o.Name, o.Code))
            .ToListAsync(ct);
        var lastLogin = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetKind == AuditTargets.User && e.TargetId == id && e.Action == AuditActions.Login)
            .MaxAsync(e => (DateTime?)e.TimeUtc, ct);
        return new AccountSummary(user.Id, user.UserName ?? "", user.DisplayName, user.IsDisabled, user.LockoutEnd > clock.GetUtcNow(),
            user.TwoFactorEnabled, clock.LocalOf(user.CreatedUtc), lastLogin is { } l ? clock.LocalOf(l) : null,
            roles.OrderBy(r => Access.Roles.All.ToList().IndexOf(r.Role)).ThenBy(r => r.UnitCode, StringComparer.Ordinal).ToList());
    }
}
