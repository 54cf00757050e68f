using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Linli.Data;
using Linli.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Access;

/// <summary>
/// Adding, disabling and enabling accounts, resetting their passwords, and granting and revoking their
/// roles: the command line and the administrators' pages (/Admin/Users) both use these, so both obey
/// the same rules. Each change writes an audit row in the same transaction as the change. Nobody changes
/// their own account here: <see cref="CurrentUser"/> is the person at the page (nobody on the command line).
/// </summary>
public sealed partial class Accounts(LinliDb db, UserManager<LinliUser> users, AuditLog audit, TimeProvider clock, CurrentUser me, UiText say)
{
    public sealed record Result(bool Ok, IReadOnlyList<string> Errors, LinliUser? User = null)
    {
        public static Result Fail(params string[] errors) => new(false, errors);
    }

    public sealed record Listed(long Id, string UserName, string DisplayName, bool IsDisabled, bool IsLockedOut, DateTime CreatedUtc,
        IReadOnlyList<(string Role, string OrgUnitCode, string OrgUnitName)> Roles, bool TwoFactorEnabled = false, DateTime? LastLoginUtc = null);

    /// <summary>Finds a role by its code (GridCadre) or its name (包片干部).</summary>
    public static string? RoleNamed(string text) =>
        Roles.All.FirstOrDefault(r => string.Equals(r, text.Trim(), StringComparison.OrdinalIgnoreCase) || Roles.DisplayName(r) == text.Trim());

    /// <summary>
    /// 三员分立: an account may hold at most one of the three administrator roles, and an administrator
    /// does no daily work: an account holding an administrator role holds no work role, and the other way
    /// round (an administrator who could also read residents would see what the separation keeps apart).
    /// Null when <paramref name="role"/> may be added to <paramref name="held"/>, else the reason in words.
    /// </summary>
    public static string? SeparationProblem(IEnumerable<string> held, string role) => SeparationReason(held, role)?.ToString();

    static Say? SeparationReason(IEnumerable<string> held, string role)
    {
        var roles = held.Distinct().Where(h => h != role).ToList();
        if (Roles.Administrators.Contains(role))
        {
            if (roles.FirstOrDefault(Roles.Administrators.Contains) is { } other)
                return new Say("三员分立：该账号已是{0}，不能再担任{1}。系统管理员、安全管理员、审计管理员须由不同的账号担任。", Role(other), Role(role));
            if (roles.FirstOrDefault(Roles.Work.Contains) is { } work)
                return new Say("三员分立：该账号担任{0}，不能再担任{1}。管理员账号不做业务工作，请为管理员另建账号。", Role(work), Role(role));
        }
        else if (roles.FirstOrDefault(Roles.Administrators.Contains) is { } admin)
            return new Say("三员分立：该账号是{0}，不能再担任{1}。管理员账号不做业务工作，请用另一个账号。", Role(admin), Role(role));
        return null;
    }

    /// <summary>Null when <paramref name="role"/> may be held over <paramref name="unit"/> (see <see cref="Roles.UnitKindOf"/>), else the reason in words.</summary>
    public static string? UnitProblem(string role, OrgUnit unit) => UnitReason(role, unit)?.ToString();

    /// <summary>The same, to be put into the reader's language.</summary>
    static Say? UnitReason(string role, OrgUnit unit)
    {
        var kind = Roles.UnitKindOf(role);
        if (unit.Kind == kind) return null;
        var what = new Say(kind switch { OrgUnitKind.Grid => "网格（居民组）", OrgUnitKind.Community => "社区", _ => "街道" });
        return new Say("{0}的管辖范围应是{1}，{2}不是{1}。", Role(role), what, unit.Name);
    }

    static Say Role(string role) => new(Roles.DisplayName(role));

    /// <summary>Twelve letters and digits from the system's random source; it passes the password rules.</summary>
    public static string NewPassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyz", digits = "23456789";
        var chars = RandomNumberGenerator.GetItems<char>(letters + digits, 10).ToList();
        chars.Insert(RandomNumberGenerator.GetInt32(chars.Count), letters[RandomNumberGenerator.GetInt32(letters.Length)]);
        chars.Insert(RandomNumberGenerator.GetInt32(chars.Count), digits[RandomNumberGenerator.GetInt32(digits.Length)]);
        return new string(chars.ToArray());
    }

    /// <summary>The account named, unless it is the one acting: nobody disables themselves or changes their own roles.</summary>
    async Task<(LinliUser? User, Result? Refused)> OtherAccountAsync(string userName, string selfProblem)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null) return (null, Result.Fail(say["找不到账号“{0}”。", userName]));
        if (me.Id == user.Id) return (null, Result.Fail(selfProblem));
        return (user, null);
    }

    /// <summary>
    /// A new account with a password that passes the rules. The command line gives it a role at once; the
    /// system administrator's page does not (<paramref name="role"/> null): granting is the security
    /// administrator's duty.
    /// </summary>
    public async Task<Result> AddAsync(string userName, string? displayName, string? role, OrgUnit? unit, string password, CancellationToken ct)
    {
        userName = userName.Trim();
        displayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim();
        if (!UserNameShape().IsMatch(userName)) return Result.Fail("用户名应为3到32个字母、数字或 . _ @ + -。");
        if (PhoneOrIdShape().IsMatch(userName)) return Result.Fail("用户名不能是手机号或身份证号：它会出现在日志和审计记录里。");
        if (displayName.Length > 64) return Result.Fail("姓名不能超过64个字。");
        if (role is not null)
        {
            if (!Roles.All.Contains(role)) return Result.Fail(say["没有角色“{0}”。", role]);
            if (unit is null) return Result.Fail("请指定管辖范围。");
            if (UnitReason(role, unit) is { } unitProblem) return Result.Fail(unitProblem.In(say));
        }

        if (await users.FindByNameAsync(userName) is not null)
            return Result.Fail(say["账号“{0}”已存在。", userName] + (role is null ? "" : say["要给它增加角色，请运行 linli user grant {0} --role 角色 --org 组织单元。", userName]));

        var user = new LinliUser { UserName = userName, DisplayName = displayName, CreatedUtc = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true };
        var errors = new List<string>();
        foreach (var v in users.PasswordValidators)
            errors.AddRange((await v.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
        if (errors.Count > 0) return new Result(false, errors.Distinct().ToList());

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return new Result(false, created.Errors.Select(e => e.Description).Distinct().ToList());
        if (role is not null && unit is not null)
        {
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, OrgUnitId = unit.Id });
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(db, AuditActions.UserAdd, AuditTarget.User(user.Id), unit.Id,
                $"新增账号 {userName}（{displayName}），{Roles.DisplayName(role)}，管辖 {unit.Name}（{unit.Code}）", ct: ct);
        }
        else await audit.WriteAsync(db, AuditActions.UserAdd, AuditTarget.User(user.Id), null, $"新增账号 {userName}（{displayName}），尚无角色", ct: ct);
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
        var (user, refused) = await OtherAccountAsync(userName, "不能停用或启用自己的账号。");
        if (user is null) return refused!;
        if (user.IsDisabled == disabled) return Result.Fail(disabled ? say["账号“{0}”已经是停用状态。", user.UserName] : say["账号“{0}”没有被停用。", user.UserName]);
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
        var (user, refused) = await OtherAccountAsync(userName, "不能修改自己的角色，请由另一位安全管理员操作。");
        if (user is null) return refused!;
        var held = await db.RoleAssignments.Where(a => a.UserId == user.Id).Select(a => new { a.Role, a.OrgUnitId }).ToListAsync(ct);
        if (held.Any(h => h.Role == role && h.OrgUnitId == unit.Id))
            return Result.Fail(say["账号“{0}”已在{1}担任{2}。", user.UserName, unit.Name, say[Roles.DisplayName(role)]]);
        if (SeparationReason(held.Select(h => h.Role), role) is { } problem) return Result.Fail(problem.In(say));
        if (UnitReason(role, unit) is { } unitProblem) return Result.Fail(unitProblem.In(say));
        if (role == Roles.GridCadre && held.Count(h => h.Role == Roles.GridCadre) >= Roles.MaxGridsOfCadre)
            return Result.Fail(say["包片干部最多管辖{0}个网格：账号“{1}”已管辖{0}个。请先撤销其中一个。", Roles.MaxGridsOfCadre, user.UserName]);
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
        var (user, refused) = await OtherAccountAsync(userName, "不能修改自己的角色，请由另一位安全管理员操作。");
        if (user is null) return refused!;
        var unitId = unit?.Id;
        var rows = await db.RoleAssignments.Where(a => a.UserId == user.Id && a.Role == role && (unitId == null || a.OrgUnitId == unitId)).ToListAsync(ct);
        if (rows.Count == 0) return Result.Fail(unit is null
            ? say["账号“{0}”没有担任{1}。", user.UserName, say[Roles.DisplayName(role)]]
            : say["账号“{0}”没有在{1}担任{2}。", user.UserName, unit.Name, say[Roles.DisplayName(role)]]);
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

    /// <summary>
    /// Gives the account a new random password (returned once, to be handed over in person), lifts a
    /// lockout, and ends its open sessions. The administrator never chooses a password the user keeps:
    /// the user changes it at /Account/Manage.
    /// </summary>
    public async Task<(Result Result, string? Password)> ResetPasswordAsync(string userName, CancellationToken ct)
    {
        var (user, refused) = await OtherAccountAsync(userName, "不能重置自己的密码，请在“我的账号”中修改。");
        if (user is null) return (refused!, null);
        var password = NewPassword();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        // Resetting renews the security stamp: every open session of the account ends at its next request.
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded) return (new Result(false, reset.Errors.Select(e => e.Description).Distinct().ToList()), null);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(db, AuditActions.PasswordReset, AuditTarget.User(user.Id), null,
            $"重置账号 {user.UserName}（{user.DisplayName}）的密码，已登录的会话随之结束", ct: ct);
        await tx.CommitAsync(ct);
        return (new Result(true, [], user), password);
    }

    /// <summary>
    /// For a lost or replaced phone: turns the account's second factor off and throws its authenticator key
    /// away, so the old phone's codes are worth nothing; both renew the security stamp, which ends every open
    /// session of the account at its next request. An administrator is led to enrol a new authenticator at
    /// the next login (<see cref="Account.TwoFactor"/>); for others the factor is optional, off until they enrol again.
    /// </summary>
    public async Task<Result> ResetTwoFactorAsync(string userName, CancellationToken ct)
    {
        var (user, refused) = await OtherAccountAsync(userName, "不能重置自己的两步验证，请由另一位安全管理员操作。");
        if (user is null) return refused!;
        if (!user.TwoFactorEnabled && string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
            return Result.Fail(say["账号“{0}”还没有绑定验证器，无需重置。", user.UserName]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var off = await users.SetTwoFactorEnabledAsync(user, false);
        if (!off.Succeeded) return new Result(false, off.Errors.Select(e => e.Description).ToList());
        var key = await users.ResetAuthenticatorKeyAsync(user);
        if (!key.Succeeded) return new Result(false, key.Errors.Select(e => e.Description).ToList());
        await audit.WriteAsync(db, AuditActions.TwoFactorReset, AuditTarget.User(user.Id), null,
            $"重置账号 {user.UserName}（{user.DisplayName}）的两步验证：原验证器作废，已登录的会话随之结束", ct: ct);
        await tx.CommitAsync(ct);
        return new Result(true, [], user);
    }

    /// <summary>Lifts a lockout after too many wrong passwords before its fifteen minutes are over.</summary>
    public async Task<Result> UnlockAsync(string userName, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null) return Result.Fail(say["找不到账号“{0}”。", userName]);
        if (!await users.IsLockedOutAsync(user)) return Result.Fail(say["账号“{0}”没有被锁定。", user.UserName]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(db, AuditActions.UserUnlock, AuditTarget.User(user.Id), null, $"解除账号 {user.UserName}（{user.DisplayName}）的锁定", ct: ct);
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
        // The last login is what the log says: the login rows, found through the index on (Action, Id).
        var lastLogins = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.Login && e.TargetKind == AuditTargets.User && e.TargetId != null)
            .GroupBy(e => e.TargetId!.Value).Select(g => new { UserId = g.Key, Time = g.Max(e => e.TimeUtc) })
            .ToDictionaryAsync(x => x.UserId, x => x.Time, ct);
        await audit.WriteAsync(AuditActions.UserList, null, null, $"列出全部 {accounts.Count} 个账号", ct: ct);
        return accounts.Select(u => new Listed(u.Id, u.UserName ?? "", u.DisplayName, u.IsDisabled, u.LockoutEnd > now, u.CreatedUtc,
            roles[u.Id].Select(r => (r.Role, r.Code, r.Name)).ToList(), u.TwoFactorEnabled,
            lastLogins.TryGetValue(u.Id, out var last) ? last : null)).ToList();
    }

    [GeneratedRegex("^[A-Za-z0-9._@+-]{3,32}$")]
    private static partial Regex UserNameShape();

    [GeneratedRegex(@"^(1[3-9][0-9]{9}|[0-9]{15}|[0-9]{17}[0-9Xx])$")]
    private static partial Regex PhoneOrIdShape();
}
