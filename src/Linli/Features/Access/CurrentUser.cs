using System.Security.Claims;
using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Access;

/// <summary>
/// Who is asking, and over which part of the tree (<see cref="UserArea"/>). Each request reads the account and the
/// access stamp in one query, so a disabled account, a revoked role or a moved unit takes effect on the very next
/// request, on every server; the roles and grids themselves come from <see cref="AreaCache"/> while the stamp holds.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, LinliDb db, AreaCache cache)
{
    UserArea? area;

    public long? Id => long.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The account as read in this request, with the access stamp: by this class, or by the token handler in its own query.</summary>
    internal sealed record Account(long Id, string? UserName, string DisplayName, bool TwoFactorEnabled, long Stamp);

    /// <summary>Where the token handler leaves the <see cref="Account"/> it read, so that a token request reads it once.</summary>
    internal static readonly object AccountItem = new();

    public async Task<UserArea> AreaAsync(CancellationToken ct = default)
    {
        if (area is not null) return area;
        if (Id is not { } id) return area = UserArea.Nobody;
        var account = http.HttpContext?.Items[AccountItem] is Account read && read.Id == id ? read
            : await db.Users.AsNoTracking().Where(u => u.Id == id && !u.IsDisabled)
                .Select(u => new Account(u.Id, u.UserName, u.DisplayName, u.TwoFactorEnabled, db.AccessStamps.Select(s => s.Stamp).FirstOrDefault()))
                .FirstOrDefaultAsync(ct);
        if (account is null) return area = UserArea.Nobody;
        var grants = await cache.GrantsAsync(db, id, account.Stamp, ct);
        return area = new UserArea(id, account.UserName ?? "", account.DisplayName, account.TwoFactorEnabled, grants);
    }

    /// <summary>Held over some unit: a door. Behind it, ask where (<see cref="UserArea.HasIn"/>, <c>Scope.InScopeOf</c>).</summary>
    public async Task<bool> HasAsync(string permission, CancellationToken ct = default) =>
        (await AreaAsync(ct)).Has(permission);
}
