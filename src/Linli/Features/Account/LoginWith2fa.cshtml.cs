using System.ComponentModel.DataAnnotations;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Account;

/// <summary>The second step of logging in: the code from the authenticator app.</summary>
public sealed class LoginWith2faModel(SignInManager<LinliUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty, Display(Name = "验证码"), Required(ErrorMessage = "请输入验证器显示的6位验证码")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return Redirect("/Account/Login");
        if (!ModelState.IsValid) return Page();
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        var actor = new AuditActor(user.Id, user.UserName);
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.Login, AuditTarget.User(user.Id), null, $"密码和两步验证登录", actor);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        await audit.WriteAsync(result.IsLockedOut ? AuditActions.Lockout : AuditActions.LoginFailed, AuditTarget.User(user.Id), null, $"两步验证码错误", actor);
        ModelState.AddModelError(nameof(Code), result.IsLockedOut ? "错误次数过多，账号已暂时锁定。" : "验证码不正确。");
        return Page();
    }
}
