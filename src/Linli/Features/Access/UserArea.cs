using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Access;

/// <summary>A role held over one unit: the pair every access question starts from.</summary>
public sealed record Assignment(string Role, OrgUnit Unit);

/// <summary>
/// Who is asking, and where each of their permissions applies. A permission counts only where the role that
/// grants it is held: an account that is 包片干部 of 第一居民组 and 热线接线员 of 和平社区 may edit residents of
/// 第一居民组 only, and sees 和平社区 only through the caller view. So every check names the permission:
/// <code>
/// // the records where the user may do this (a record elsewhere is simply not found: 404)
/// var resident = await db.Residents.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(r => r.Id == id, ct);
/// // one unit or one grid
/// if (!area.HasIn(Permissions.Registry.Export, unit)) return NotFound();
/// var mayReveal = area.HasInGrid(Permissions.Registry.Reveal, resident.GridId);
/// // only whether to show a door (a menu entry, a policy): held anywhere
/// if (area.Has(Permissions.Registry.Import)) …
/// </code>
/// Never combine <see cref="Has"/> with a scope built for another permission: that is the pooling this type exists to prevent.
/// </summary>
public sealed class UserArea
{
    public static readonly UserArea Nobody = new(0, "", "", false, AreaGrants.None);

    readonly AreaGrants grants;

    internal UserArea(long userId, string userName, string displayName, bool twoFactorEnabled, AreaGrants grants)
    {
        UserId = userId;
        UserName = userName;
        DisplayName = displayName;
        TwoFactorEnabled = twoFactorEnabled;
        this.grants = grants;
    }

    public long UserId { get; }
    public string UserName { get; }
    public string DisplayName { get; }
    public bool TwoFactorEnabled { get; }
    public IReadOnlyList<Assignment> Assignments => grants.Assignments;
    /// <summary>The units the user was assigned, highest first.</summary>
    public IReadOnlyList<OrgUnit> Units => grants.Units;
    /// <summary>Holds one of the three administrator roles, which may not work without a second factor.</summary>
    public bool IsAdministrator => grants.Assignments.Any(a => Roles.Administrators.Contains(a.Role));

    /// <summary>Held over some unit. Only for doors (policies, menus): what lies behind them asks <see cref="HasIn"/> or a scope.</summary>
    public bool Has(string permission) => grants.PathsWhere.ContainsKey(permission);

    /// <summary>Applies at <paramref name="unit"/>: a role granting it is held over that unit or a unit above it.</summary>
    public bool HasIn(string permission, OrgUnit unit) =>
        grants.PathsWhere.TryGetValue(permission, out var paths) && paths.Any(p => unit.Path.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Applies in the grid <paramref name="gridId"/> (the grid a resident, household or building belongs to).</summary>
    public bool HasInGrid(string permission, long gridId) =>
        grants.GridSetWhere.TryGetValue(permission, out var grids) && grids.Contains(gridId);

    /// <summary>The grids where <paramref name="permission"/> applies, sorted; empty when it applies nowhere. Scope queries use it (<c>Scope.InScopeOf</c>).</summary>
    public IReadOnlyList<long> GridsWhere(string permission) => grants.GridsWhere.GetValueOrDefault(permission) ?? [];

    /// <summary>The units over which a role granting <paramref name="permission"/> is held (their subtrees are covered too), highest first.</summary>
    public IReadOnlyList<OrgUnit> UnitsWhere(string permission) =>
        Units.Where(u => Assignments.Any(a => a.Unit.Id == u.Id && Roles.PermissionsOf(a.Role).Contains(permission))).ToList();

    /// <summary>Every permission held somewhere, sorted: for showing (GET /api/v1/me), never for deciding.</summary>
    public IReadOnlyList<string> HeldAnywhere => grants.Held;

    /// <summary>Straight from the database, without the cache: the command line, which has no request.</summary>
    public static async Task<UserArea> LoadAsync(LinliDb db, long userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && !u.IsDisabled)
            .Select(u => new { u.UserName, u.DisplayName, u.TwoFactorEnabled }).FirstOrDefaultAsync(ct);
        if (user is null) return Nobody;
        var grants = await AreaGrants.LoadAsync(db, userId, (unit, c) => AreaGrants.GridsUnderAsync(db, unit, c), ct);
        return new UserArea(userId, user.UserName ?? "", user.DisplayName, user.TwoFactorEnabled, grants);
    }
}

/// <summary>
/// What a user's role assignments amount to, permission by permission: the part of <see cref="UserArea"/> that is
/// the same from one request to the next, kept by <see cref="AreaCache"/> until the access stamp changes.
/// </summary>
sealed class AreaGrants
{
    public static readonly AreaGrants None = new([]);

    public IReadOnlyList<Assignment> Assignments { get; }
    public IReadOnlyList<OrgUnit> Units { get; }
    public IReadOnlyList<string> Held { get; }
    public Dictionary<string, string[]> PathsWhere { get; } = [];
    public Dictionary<string, long[]> GridsWhere { get; } = [];
    public Dictionary<string, HashSet<long>> GridSetWhere { get; } = [];

    AreaGrants(IReadOnlyList<Assignment> assignments)
    {
        Assignments = assignments;
        Units = assignments.Select(a => a.Unit).DistinctBy(u => u.Id).OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ToList();
        foreach (var group in assignments.SelectMany(a => Roles.PermissionsOf(a.Role).Select(p => (Permission: p, a.Unit))).GroupBy(x => x.Permission))
            PathsWhere[group.Key] = group.Select(x => x.Unit.Path).Distinct().ToArray();
        Held = PathsWhere.Keys.Order(StringComparer.Ordinal).ToList();
    }

    public static async Task<AreaGrants> LoadAsync(LinliDb db, long userId, Func<OrgUnit, CancellationToken, Task<long[]>> gridsUnder, CancellationToken ct)
    {
        var rows = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == userId)
            .Join(db.OrgUnits.AsNoTracking(), a => a.OrgUnitId, o => o.Id, (a, o) => new { a.Role, Unit = o })
            .OrderBy(x => x.Unit.Path).ThenBy(x => x.Role).ToListAsync(ct);
        var grants = new AreaGrants(rows.Select(r => new Assignment(r.Role, r.Unit)).ToList());
        var gridsOfUnit = new Dictionary<long, long[]>();
        foreach (var unit in grants.Units) gridsOfUnit[unit.Id] = await gridsUnder(unit, ct);
        foreach (var permission in grants.PathsWhere.Keys)
        {
            var set = grants.Assignments.Where(a => Roles.PermissionsOf(a.Role).Contains(permission)).SelectMany(a => gridsOfUnit[a.Unit.Id]).ToHashSet();
            grants.GridSetWhere[permission] = set;
            grants.GridsWhere[permission] = set.Order().ToArray();
        }
        return grants;
    }

    /// <summary>The grids at or below a unit (a grid is its own).</summary>
    public static async Task<long[]> GridsUnderAsync(LinliDb db, OrgUnit unit, CancellationToken ct)
    {
        var prefix = unit.Path;
        return await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Grid && o.Path.StartsWith(prefix))
            .OrderBy(o => o.Id).Select(o => o.Id).ToArrayAsync(ct);
    }
}
