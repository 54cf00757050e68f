using System.ComponentModel.DataAnnotations;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Account;

/// <summary>
/// Logging in. Every attempt is written to the audit log: a login, a failed login (with the user
/// name typed, which is not secret), and the failure that locks the account. Floods of guesses are held
/// back before they reach this page (<see cref="LoginRateLimit"/>).
/// </summary>
[LoginRateLimited]
public sealed class LoginModel(SignInManager<LinliUser> signIn, UserManager<LinliUser> users, AuditLog audit, ILogger<LoginModel> log) : PageModel
{
    public sealed class LoginInput
    {
        [Display(Name = "用户名"), Required(ErrorMessage = "请输入用户名")]
        public string UserName { get; set; } = "";

        [Display(Name = "密码"), Required(ErrorMessage = "请输入密码"), DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var typed = Input.UserName.Trim();
        var claimed = new AuditActor(null, typed);
        var user = await users.FindByNameAsync(typed);
        if (user is { IsDisabled: true })
        {
            log.LogWarning("Login refused for disabled account {UserId}", user.Id);
            await audit.WriteAsync(AuditActions.LoginFailed, AuditTarget.User(user.Id), null, $"账号已停用", claimed);
            ModelState.AddModelError("", "用户名或密码不正确。");
            return Page();
        }
        var wasLockedOut = user is not null && await users.IsLockedOutAsync(user);
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            log.LogInformation("Login succeeded for account {UserId}", user!.Id);
            await audit.WriteAsync(AuditActions.Login, AuditTarget.User(user.Id), null, $"密码登录", new AuditActor(user.Id, user.UserName));
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        if (result.RequiresTwoFactor)
            return LocalRedirect("/Account/LoginWith2fa" + (Url.IsLocalUrl(ReturnUrl) ? "?ReturnUrl=" + Uri.EscapeDataString(ReturnUrl) : ""));
        if (result.IsLockedOut)
        {
            log.LogWarning("Login refused: account {UserId} is locked out", user?.Id);
            if (wasLockedOut) await audit.WriteAsync(AuditActions.LoginFailed, AuditTarget.User(user!.Id), null, $"账号锁定期间尝试登录", claimed);
            else await audit.WriteAsync(AuditActions.Lockout, AuditTarget.User(user!.Id), null,
                $"连续 {users.Options.Lockout.MaxFailedAccessAttempts} 次密码错误，锁定 {users.Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes} 分钟", claimed);
            ModelState.AddModelError("", "连续输错密码次数过多，账号已暂时锁定，请15分钟后再试或联系安全管理员。");
        }
        else
        {
            log.LogWarning("Login failed for user name of length {Length}", Input.UserName.Length);
            await audit.WriteAsync(AuditActions.LoginFailed, user is null ? null : AuditTarget.User(user.Id), null,
                $"{(user is null ? "没有这个用户名" : "密码错误")}", claimed);
            ModelState.AddModelError("", "用户名或密码不正确。");
        }
        return Page();
    }
}
