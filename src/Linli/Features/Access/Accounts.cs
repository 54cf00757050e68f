using System.Text.RegularExpressions;
using Linli.Data;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Access;

/// <summary>
/// Adding, disabling and enabling accounts and granting and revoking their roles: the command line
/// uses these now, the security administrator's pages later. Each change writes an audit row in the
/// same transaction as the change.
/// </summary>
public sealed partial class Accounts(LinliDb db, UserManager<LinliUser> users, AuditLog audit, TimeProvider clock)
{
    public sealed record Result(bool Ok, IReadOnlyList<string> Errors, LinliUser? User = null)
    {
        public static Result Fail(params string[] errors) => new(false, errors);
    }

    public sealed record Listed(long Id, string UserName, string DisplayName, bool IsDisabled, bool IsLockedOut, DateTime CreatedUtc,
        IReadOnlyList<(string Role, string OrgUnitCode, string OrgUnitName)> Roles);

    /// <summary>Finds a role by its code (GridCadre) or its name (包片干部).</summary>
    public static string? RoleNamed(string text) =>
        Roles.All.FirstOrDefault(r => string.Equals(r, text.Trim(), StringComparison.OrdinalIgnoreCase) || Roles.DisplayName(r) == text.Trim());

    /// <summary>
    /// 三员分立: an account may hold at most one of the three administrator roles. Null when
    /// <paramref name="role"/> may be added to <paramref name="held"/>, else the reason in words.
    /// </summary>
    public static string? SeparationProblem(IEnumerable<string> held, string role)
    {
        if (!Roles.Administrators.Contains(role)) return null;
        var other = held.Distinct().FirstOrDefault(h => h != role && Roles.Administrators.Contains(h));
        return other is null ? null
            : $"三员分立：该账号已是{Roles.DisplayName(other)}，不能再担任{Roles.DisplayName(role)}。系统管理员、安全管理员、审计管理员须由不同的账号担任。";
    }

    public async Task<Result> AddAsync(string userName, string? displayName, string role, OrgUnit unit, string password, CancellationToken ct)
    {
        userName = userName.Trim();
        displayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim();
        if (!UserNameShape().IsMatch(userName)) return Result.Fail("用户名应为3到32个字母、数字或 . _ @ + -。");
        if (PhoneOrIdShape().IsMatch(userName)) return Result.Fail("用户名不能是手机号或身份证号：它会出现在日志和审计记录里。");
        if (displayName.Length > 64) return Result.Fail("姓名不能超过64个字。");
        if (!Roles.All.Contains(role)) return Result.Fail($"没有角色“{role}”。");

        if (await users.FindByNameAsync(userName) is not null)
            return Result.Fail($"账号“{userName}”已存在。要给它增加角色，请运行 linli user grant {userName} --role 角色 --org 组织单元。");

        var user = new LinliUser { UserName = userName, DisplayName = displayName, CreatedUtc = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true };
        var errors = new List<string>();
        foreach (var v in users.PasswordValidators)
            errors.AddRange((await v.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
        if (errors.Count > 0) return new Result(false, errors.Distinct().ToList());

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return new Result(false, created.Errors.Select(e => e.Description).Distinct().ToList());
        db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, OrgUnitId = unit.Id });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.UserAdd, AuditTarget.User(user.Id), unit.Id,
            $"新增账号 {userName}（{displayName}），{Roles.DisplayName(role)}，管辖 {unit.Name}（{unit.Code}）", ct: ct);
        await tx.CommitAsync(ct);
        return new Result(true, [], user);
    }

    public Task<Result> DisableAsync(string userName, CancellationToken ct) => SetDisabledAsync(userName, true, ct);

    public Task<Result> EnableAsync(string userName, CancellationToken ct) => SetDisabledAsync(userName, false, ct);

    /// <summary>
    /// A disabled account cannot log in, and a new security stamp ends its open sessions at their
    /// next request (the cookie is checked against the stamp on every request). Its access tokens stop working too.
    /// </summary>
    async Task<Result> SetDisabledAsync(string userName, bool disabled, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null) return Result.Fail($"找不到账号“{userName}”。");
        if (user.IsDisabled == disabled) return Result.Fail(disabled ? $"账号“{user.UserName}”已经是停用状态。" : $"账号“{user.UserName}”没有被停用。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.IsDisabled = disabled;
        var updated = await users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded) return new Result(false, updated.Errors.Select(e => e.Description).ToList());
        await audit.WriteAsync(db, disabled ? AuditActions.UserDisable : AuditActions.UserEnable, AuditTarget.User(user.Id), null,
            $"{(disabled ? "停用" : "启用")}账号 {user.UserName}（{user.DisplayName}）", ct: ct);
        await tx.CommitAsync(ct);
        return new Result(true, [], user);
    }

    public async Task<Result> GrantAsync(string userName, string role, OrgUnit unit, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null) return Result.Fail($"找不到账号“{userName}”。");
        var held = await db.RoleAssignments.Where(a => a.UserId == user.Id).Select(a => new { a.Role, a.OrgUnitId }).ToListAsync(ct);
        if (held.Any(h => h.Role == role && h.OrgUnitId == unit.Id))
            return Result.Fail($"账号“{user.UserName}”已在{unit.Name}担任{Roles.DisplayName(role)}。");
        if (SeparationProblem(held.Select(h => h.Role), role) is { } problem) return Result.Fail(problem);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, OrgUnitId = unit.Id });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.RoleChange, AuditTarget.User(user.Id), unit.Id,
            $"授予账号 {user.UserName} {Roles.DisplayName(role)}，管辖 {unit.Name}（{unit.Code}）", ct: ct);
        await tx.CommitAsync(ct);
        return new Result(true, [], user);
    }

    /// <summary>Takes a role away (over one unit, or over all when <paramref name="unit"/> is null) and ends the account's sessions.</summary>
    public async Task<Result> RevokeAsync(string userName, string role, OrgUnit? unit, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null) return Result.Fail($"找不到账号“{userName}”。");
        var unitId = unit?.Id;
        var rows = await db.RoleAssignments.Where(a => a.UserId == user.Id && a.Role == role && (unitId == null || a.OrgUnitId == unitId)).ToListAsync(ct);
        if (rows.Count == 0) return Result.Fail($"账号“{user.UserName}”没有{(unit is null ? "" : "在" + unit.Name)}担任{Roles.DisplayName(role)}。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.RoleAssignments.RemoveRange(rows);
        await db.SaveChangesAsync(ct);
        var updated = await users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded) return new Result(false, updated.Errors.Select(e => e.Description).ToList());
        foreach (var row in rows)
            await audit.WriteAsync(db, AuditActions.RoleChange, AuditTarget.User(user.Id), row.OrgUnitId,
                $"撤销账号 {user.UserName} 的{Roles.DisplayName(role)}", ct: ct);
        await tx.CommitAsync(ct);
        return new Result(true, [], user);
    }

    public async Task<IReadOnlyList<Listed>> ListAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var accounts = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var roles = (await db.RoleAssignments.AsNoTracking()
                .Join(db.OrgUnits, a => a.OrgUnitId, o => o.Id, (a, o) => new { a.UserId, a.Role, o.Code, o.Name }).ToListAsync(ct))
            .ToLookup(r => r.UserId);
        await audit.WriteAsync(AuditActions.UserList, null, null, $"列出全部 {accounts.Count} 个账号", ct: ct);
        return accounts.Select(u => new Listed(u.Id, u.UserName ?? "", u.DisplayName, u.IsDisabled, u.LockoutEnd > now, u.CreatedUtc,
            roles[u.Id].Select(r => (r.Role, r.Code, r.Name)).ToList())).ToList();
    }

    [GeneratedRegex("^[A-Za-z0-9._@+-]{3,32}$")]
    private static partial Regex UserNameShape();

    [GeneratedRegex(@"^(1[3-9][0-9]{9}|[0-9]{15}|[0-9]{17}[0-9Xx])$")]
    private static partial Regex PhoneOrIdShape();
}
