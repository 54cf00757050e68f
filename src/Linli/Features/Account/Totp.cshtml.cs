using System.ComponentModel.DataAnnotations;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Account;

/// <summary>两步验证: enrol an authenticator app (TOTP). Required for administrators, open to everyone.</summary>
public sealed class TotpModel(UserManager<LinliUser> users, SignInManager<LinliUser> signIn, AuditLog audit) : PageModel
{
    public string Key { get; private set; } = "";
    public string Uri { get; private set; } = "";
    public bool Enabled { get; private set; }

    [BindProperty, Display(Name = "验证码"), Required(ErrorMessage = "请输入验证器显示的6位验证码")]
    public string Code { get; set; } = "";

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Challenge();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return Challenge();
        if (!ModelState.IsValid) return Page();
        var user = (await users.GetUserAsync(User))!;
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "验证码不正确，请核对手机时间后重试。");
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        await audit.WriteAsync(AuditActions.Write, AuditTarget.User(user.Id), null, $"启用两步验证");
        // Turning the factor on renews the security stamp, which ends the current cookie: sign in afresh.
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/");
    }

    async Task<bool> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return false;
        Enabled = user.TwoFactorEnabled;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
            // A new key renews the security stamp, which would end this very session: sign in afresh.
            await signIn.SignInAsync(user, isPersistent: false);
        }
        Key = key;
        Uri = $"otpauth://totp/{System.Uri.EscapeDataString("Linli:" + user.UserName)}?secret={key}&issuer=Linli&digits=6";
        return true;
    }
}
