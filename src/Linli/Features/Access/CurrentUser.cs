using System.Security.Claims;
using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Access;

/// <summary>
/// Who is asking, and over which part of the tree. Loaded from the database once per request,
/// so a role taken away or an account disabled takes effect on the very next request.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, LinliDb db)
{
    UserArea? area;

    public long? Id => long.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public async Task<UserArea> AreaAsync(CancellationToken ct = default)
    {
        if (area is not null) return area;
        if (Id is not { } id) return area = UserArea.Nobody;
        area = await UserArea.LoadAsync(db, id, ct);
        return area;
    }

    public async Task<bool> HasAsync(string permission, CancellationToken ct = default) =>
        (await AreaAsync(ct)).Permissions.Contains(permission);
}

/// <summary>A user's roles, the units they hold them over, and the grids those units contain.</summary>
public sealed class UserArea
{
    public static readonly UserArea Nobody = new(0, "", [], [], new HashSet<string>(), []);

    UserArea(long userId, string displayName, IReadOnlyList<(string Role, OrgUnit Unit)> assignments,
        IReadOnlyList<OrgUnit> units, IReadOnlySet<string> permissions, IReadOnlyList<long> gridIds)
    {
        UserId = userId;
        DisplayName = displayName;
        Assignments = assignments;
        Units = units;
        Permissions = permissions;
        GridIds = gridIds;
    }

    public long UserId { get; }
    public string DisplayName { get; }
    public IReadOnlyList<(string Role, OrgUnit Unit)> Assignments { get; }
    /// <summary>The units the user was assigned, highest first.</summary>
    public IReadOnlyList<OrgUnit> Units { get; }
    public IReadOnlySet<string> Permissions { get; }
    /// <summary>Every grid whose residents this user may read; empty for roles that read no residents.</summary>
    public IReadOnlyList<long> GridIds { get; }
    public bool TwoFactorEnabled { get; private init; }
    /// <summary>Holds one of the three administrator roles, which may not work without a second factor.</summary>
    public bool IsAdministrator => Assignments.Any(a => Roles.Administrators.Contains(a.Role));

    public static async Task<UserArea> LoadAsync(LinliDb db, long userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && !u.IsDisabled)
            .Select(u => new { u.DisplayName, u.TwoFactorEnabled }).FirstOrDefaultAsync(ct);
        if (user is null) return Nobody;
        var rows = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == userId)
            .Join(db.OrgUnits, a => a.OrgUnitId, o => o.Id, (a, o) => new { a.Role, Unit = o })
            .ToListAsync(ct);
        var permissions = rows.SelectMany(r => Roles.PermissionsOf(r.Role)).ToHashSet();
        var grids = new SortedSet<long>();
        foreach (var r in rows.Where(r => Roles.PermissionsOf(r.Role).Contains(Access.Permissions.Registry.Read)))
        {
            var prefix = r.Unit.Path;
            var ids = await db.OrgUnits.AsNoTracking()
                .Where(o => o.Kind == OrgUnitKind.Grid && o.Path.StartsWith(prefix))
                .Select(o => o.Id).ToListAsync(ct);
            grids.UnionWith(ids);
        }
        var units = rows.Select(r => r.Unit).DistinctBy(u => u.Id).OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ToList();
        return new UserArea(userId, user.DisplayName, rows.Select(r => (r.Role, r.Unit)).ToList(), units, permissions, grids.ToList())
        {
            TwoFactorEnabled = user.TwoFactorEnabled,
        };
    }
}
